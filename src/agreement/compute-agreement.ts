import type { Codebook } from '../codebook/codebook.js';
import type { Coding } from '../codings/coding.js';
import type { CoderConfig, GroupConfig } from '../config/study-config.js';
import type { Fragment } from '../fragments/fragment.js';
import { bootstrapAlphaInterval } from './bootstrap.js';
import { binaryAlpha, type BinaryUnit } from './krippendorff-alpha.js';
import { cohenKappa, fleissKappa, pairwiseAgreement } from './kappa.js';

export type Verdict = 'reliable' | 'tentative' | 'unreliable' | 'too few positives';

export interface AgreementRow {
  level: 'core' | 'main' | 'pooled';
  codebook: string;
  /** `3.J`, `3`, or `all` for pooled rows. */
  id: string;
  label: string;
  /** Units (fragments; for pooled rows fragment × label pairs) rated by at least two coders. */
  units: number;
  /** Per coder, in the order of `coders`: units this coder marked present. */
  positives: number[];
  /** Share of agreeing coder pairs over all pairable pairs, 0..1. */
  percentAgreement: number | null;
  /** Only with exactly two coders. */
  cohenKappa: number | null;
  /** Over the units every coder rated. */
  fleissKappa: number | null;
  /** Krippendorff's alpha, nominal, missing ratings allowed. */
  alpha: number | null;
  /** 95% percentile bootstrap interval of alpha over units (seeded). */
  alphaInterval: [number, number] | null;
  verdict: Verdict;
}

export interface Disagreement {
  codebook: string;
  fragment: string;
  text: string;
  /** Per coder, in the order of `coders`: the labels given, or null if the coder did not see the fragment. */
  labels: (string[] | null)[];
}

export interface AgreementReport {
  coders: string[];
  rows: AgreementRow[];
  disagreements: Disagreement[];
  options: Required<AgreementOptions>;
}

export interface AgreementOptions {
  minPositives?: number;
  replicates?: number;
  seed?: number;
}

/** Krippendorff's (2004) thresholds: α ≥ .800 reliable, .667 ≤ α < .800 tentative, below unreliable. */
export function verdictOf(alpha: number | null, totalPositives: number, minPositives: number): Verdict {
  if (alpha === null || totalPositives < minPositives) return 'too few positives';
  if (alpha >= 0.8) return 'reliable';
  if (alpha >= 0.667) return 'tentative';
  return 'unreliable';
}

/** Whether a coder saw a fragment: no scope means all fragments; else the group or respondent is in scope. */
export function coderSaw(coder: CoderConfig, fragment: Fragment): boolean {
  return !coder.scope || coder.scope.includes(fragment.group) || coder.scope.includes(fragment.respondent);
}

/** ratings[u][c]: 1 present, 0 absent (seen, not given), null missing (not seen). */
function rateRow(
  head: Pick<AgreementRow, 'level' | 'codebook' | 'id' | 'label'>,
  ratings: (0 | 1 | null)[][],
  coderCount: number,
  options: Required<AgreementOptions>,
): AgreementRow {
  const positives = new Array<number>(coderCount).fill(0);
  const binary: BinaryUnit[] = [];
  const complete: number[][] = [];
  for (const unit of ratings) {
    let m = 0;
    let k = 0;
    unit.forEach((v, c) => {
      if (v === null) return;
      m++;
      if (v === 1) {
        k++;
        positives[c]!++;
      }
    });
    binary.push({ m, k });
    if (m === coderCount) complete.push([m - k, k]);
  }
  const alpha = binaryAlpha(binary);
  const total = positives.reduce((s, x) => s + x, 0);
  return {
    ...head,
    units: ratings.length,
    positives,
    percentAgreement: pairwiseAgreement(ratings),
    cohenKappa: coderCount === 2 ? cohenKappa(ratings.map((u) => u[0]!), ratings.map((u) => u[1]!)) : null,
    fleissKappa: complete.length > 0 ? fleissKappa(complete) : null,
    alpha,
    alphaInterval: alpha === null ? null : bootstrapAlphaInterval(binary, { replicates: options.replicates, seed: options.seed }),
    verdict: verdictOf(alpha, total, options.minPositives),
  };
}

/**
 * Inter-coder agreement with the fragment as unit. For each codebook, the units are the
 * fragments of its groups that at least two of the coders saw (per their `scope`). A
 * coder who saw a fragment and did not give a label rates it "absent"; a coder who never
 * saw it is missing, not absent. Rows per core label, per main label (present = any of its
 * core labels), pooled per codebook and over all (units = fragment × core label pairs).
 */
export function computeAgreement(
  codebooks: readonly Codebook[],
  groups: readonly GroupConfig[],
  fragments: readonly Fragment[],
  codings: readonly Coding[],
  coders: readonly CoderConfig[],
  options: AgreementOptions = {},
): AgreementReport {
  const opts: Required<AgreementOptions> = { minPositives: options.minPositives ?? 5, replicates: options.replicates ?? 1000, seed: options.seed ?? 20201 };
  const given = coders.map((c) => {
    const map = new Map<string, Set<string>>();
    for (const x of codings) if (x.coder === c.name) {
      let s = map.get(x.fragment);
      if (!s) map.set(x.fragment, (s = new Set()));
      s.add(x.label);
    }
    return map;
  });
  const rows: AgreementRow[] = [];
  const disagreements: Disagreement[] = [];
  const allPooled: (0 | 1 | null)[][] = [];
  for (const codebook of codebooks) {
    const letters = new Set(groups.filter((g) => g.codebook === codebook.id).map((g) => g.letter));
    const units = fragments.filter((f) => letters.has(f.group) && coders.filter((c) => coderSaw(c, f)).length >= 2);
    const seen = units.map((f) => coders.map((c) => coderSaw(c, f)));
    const rate = (has: (coder: number, fragment: Fragment) => boolean) => units.map((f, u) => coders.map((_, c) => (seen[u]![c] ? (has(c, f) ? 1 : 0) : null)));
    const pooled: (0 | 1 | null)[][] = [];
    for (const main of codebook.mains) {
      const coreIds = new Set(main.cores.map((c) => c.id));
      rows.push(rateRow({ level: 'main', codebook: codebook.id, id: main.id, label: main.label }, rate((c, f) => [...(given[c]!.get(f.code) ?? [])].some((l) => coreIds.has(l))), coders.length, opts));
      for (const core of main.cores) {
        const ratings = rate((c, f) => given[c]!.get(f.code)?.has(core.id) ?? false);
        for (const x of ratings) pooled.push(x);
        rows.push(rateRow({ level: 'core', codebook: codebook.id, id: core.id, label: core.label }, ratings, coders.length, opts));
      }
    }
    rows.push(rateRow({ level: 'pooled', codebook: codebook.id, id: 'all', label: `all core labels of ${codebook.id}` }, pooled, coders.length, opts));
    for (const x of pooled) allPooled.push(x);
    units.forEach((f, u) => {
      const labels = coders.map((_, c) => (seen[u]![c] ? [...(given[c]!.get(f.code) ?? [])].sort() : null));
      const keys = labels.filter((l): l is string[] => l !== null).map((l) => l.join(' '));
      if (new Set(keys).size > 1) disagreements.push({ codebook: codebook.id, fragment: f.code, text: f.text, labels });
    });
  }
  if (codebooks.length > 1) rows.push(rateRow({ level: 'pooled', codebook: 'all', id: 'all', label: 'all core labels of all codebooks' }, allPooled, coders.length, opts));
  return { coders: coders.map((c) => c.name), rows, disagreements, options: opts };
}
