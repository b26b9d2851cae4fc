import type { Codebook, CoreLabel, MainLabel } from '../codebook/codebook.js';
import { compressRangesByInterview } from '../core/compress-ranges.js';
import { sortFragmentCodes } from '../core/fragment-code.js';
import type { GroupConfig } from '../config/study-config.js';
import { labelsOfCodebook } from './labels-by-fragment.js';

export interface OverviewCore {
  core: CoreLabel;
  /** Fragment codes coded with the label, in code order. */
  fragments: string[];
  /** One line per interview, consecutive fragments compressed: `B5.1-B5.3, B5.6`. */
  lines: string[];
}

export interface OverviewMain {
  main: MainLabel;
  cores: OverviewCore[];
  /** Distinct fragments with any core label of this main label. */
  fragmentCount: number;
}

export interface LabelOverview {
  codebook: Codebook;
  mains: OverviewMain[];
}

/**
 * The label overview of appendix 10: per main label and core label, the fragments coded
 * with it, grouped by interview and compressed to ranges. Labels nobody used are listed
 * with no fragments, so the overview also shows gaps in the codebook's use. Only
 * fragments of the groups coded with this codebook count.
 */
export function buildLabelOverview(codebook: Codebook, labels: ReadonlyMap<string, ReadonlySet<string>>, groups: readonly GroupConfig[]): LabelOverview {
  const byLabel = new Map<string, string[]>();
  for (const [fragment, set] of labelsOfCodebook(labels, codebook.id, groups)) for (const label of set) {
    const list = byLabel.get(label) ?? [];
    list.push(fragment);
    byLabel.set(label, list);
  }
  return {
    codebook,
    mains: codebook.mains.map((main) => {
      const all = new Set<string>();
      const cores = main.cores.map((core) => {
        const fragments = sortFragmentCodes(byLabel.get(core.id) ?? []).map((x) => x.code);
        fragments.forEach((f) => all.add(f));
        return { core, fragments, lines: compressRangesByInterview(fragments) };
      });
      return { main, cores, fragmentCount: all.size };
    }),
  };
}
