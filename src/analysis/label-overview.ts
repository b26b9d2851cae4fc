import type { Codebook, CoreLabel, MainLabel } from '../codebook/codebook.js';
import { compressSortedCodes } from '../core/compress-ranges.js';
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
 * with it, grouped by interview (groups in the config's order) and compressed to ranges. Labels nobody used are listed
 * with no fragments, so the overview also shows gaps in the codebook's use. Only
 * fragments of the groups coded with this codebook count.
 */
export function buildLabelOverview(
  codebook: Codebook,
  labels: ReadonlyMap<string, ReadonlySet<string>>,
  groups: readonly GroupConfig[],
): LabelOverview {
  const byLabel = new Map<string, string[]>();
  const mainOf = new Map(
    codebook.mains.flatMap((main) => main.cores.map((core) => [core.id, main.id] as const)),
  );
  // Distinct fragments per main label, counted while the labels are walked (no set of codes per main label).
  const fragmentsOfMain = new Map<string, number>();
  const mainsHere = new Set<string>();
  for (const [fragment, set] of labelsOfCodebook(labels, codebook.id, groups)) {
    mainsHere.clear();
    for (const label of set) {
      const list = byLabel.get(label);
      if (list) list.push(fragment);
      else byLabel.set(label, [fragment]);
      const main = mainOf.get(label);
      if (main !== undefined) mainsHere.add(main);
    }
    for (const main of mainsHere) fragmentsOfMain.set(main, (fragmentsOfMain.get(main) ?? 0) + 1);
  }
  return {
    codebook,
    mains: codebook.mains.map((main) => {
      const cores = main.cores.map((core) => {
        // A fragment carries a label once, so the codes are distinct; parsed once, sorted, compressed.
        const sorted = sortFragmentCodes(
          byLabel.get(core.id) ?? [],
          groups.map((g) => g.letter),
        );
        return { core, fragments: sorted.map((x) => x.code), lines: compressSortedCodes(sorted) };
      });
      return { main, cores, fragmentCount: fragmentsOfMain.get(main.id) ?? 0 };
    }),
  };
}
