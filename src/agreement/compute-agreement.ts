import type { Codebook } from '../codebook/codebook.js';
import type { Coding } from '../codings/coding.js';
import type { CoderConfig, GroupConfig } from '../config/study-config.js';
import type { Fragment } from '../fragments/fragment.js';
import { bootstrapAlphaIntervalOfCounts } from './bootstrap.js';
import { fleissFromSums, kappaOf } from './kappa.js';
import { alphaOfTypeCounts, type BinaryUnit } from './krippendorff-alpha.js';

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

/**
 * The sufficient statistics of one row, gathered unit by unit without keeping the
 * ratings (a pooled row of 100,000 fragments × 40 labels would otherwise hold millions of
 * arrays): each coder's positives, agreeing and pairable coder pairs, Cohen's 2 × 2 table,
 * Fleiss' per-unit agreement over complete units, and the units grouped by (ratings,
 * positives) for alpha and its bootstrap.
 */
class RowStatistics {
  units = 0;
  readonly positives: number[];
  pairs = 0;
  samePairs = 0;
  readonly table = [0, 0, 0, 0]; // Cohen: [both 1, first only, second only, both 0]
  complete = 0;
  completeAgreement = 0;
  completeOnes = 0;
  readonly types = new Map<number, number>(); // key m * 1000 + k → units

  constructor(private readonly coders: number) {
    this.positives = new Array<number>(coders).fill(0);
  }

  /** ratings[c]: 1 present, 0 absent (seen, not given), null missing (not seen). */
  add(ratings: readonly (0 | 1 | null)[]): void {
    this.units++;
    let m = 0;
    let k = 0;
    for (let c = 0; c < ratings.length; c++) {
      const v = ratings[c];
      if (v === null) continue;
      m++;
      if (v === 1) {
        k++;
        this.positives[c]!++;
      }
    }
    this.pairs += (m * (m - 1)) / 2;
    this.samePairs += (k * (k - 1)) / 2 + ((m - k) * (m - k - 1)) / 2;
    if (this.coders === 2 && m === 2) this.table[ratings[0] === 1 ? (ratings[1] === 1 ? 0 : 1) : ratings[1] === 1 ? 2 : 3]!++;
    if (m === this.coders && m >= 2) {
      this.complete++;
      this.completeAgreement += (k * k + (m - k) * (m - k) - m) / (m * (m - 1));
      this.completeOnes += k;
    }
    if (m >= 2) this.types.set(m * 1000 + k, (this.types.get(m * 1000 + k) ?? 0) + 1);
  }

  merge(other: RowStatistics): void {
    this.units += other.units;
    other.positives.forEach((p, c) => (this.positives[c]! += p));
    this.pairs += other.pairs;
    this.samePairs += other.samePairs;
    other.table.forEach((x, i) => (this.table[i]! += x));
    this.complete += other.complete;
    this.completeAgreement += other.completeAgreement;
    this.completeOnes += other.completeOnes;
    for (const [key, n] of other.types) this.types.set(key, (this.types.get(key) ?? 0) + n);
  }

  cohen(): number | null {
    if (this.coders !== 2) return null;
    const [a, b, c, d] = this.table as [number, number, number, number];
    const n = a + b + c + d;
    if (n === 0) return null;
    return kappaOf((a + d) / n, ((a + b) / n) * ((a + c) / n) + ((c + d) / n) * ((b + d) / n));
  }

  fleiss(): number | null {
    const ratings = this.complete * this.coders;
    return fleissFromSums(this.complete, this.coders, this.completeAgreement, [ratings - this.completeOnes, this.completeOnes]);
  }

  binaryUnits(): { units: BinaryUnit[]; counts: number[] } {
    const keys = [...this.types.keys()].sort((a, b) => a - b);
    return { units: keys.map((key) => ({ m: Math.floor(key / 1000), k: key % 1000 })), counts: keys.map((key) => this.types.get(key)!) };
  }
}

function rowOf(head: Pick<AgreementRow, 'level' | 'codebook' | 'id' | 'label'>, stats: RowStatistics, options: Required<AgreementOptions>): AgreementRow {
  const { units, counts } = stats.binaryUnits();
  const alpha = alphaOfTypeCounts(units, counts);
  const total = stats.positives.reduce((s, x) => s + x, 0);
  return {
    ...head,
    units: stats.units,
    positives: [...stats.positives],
    percentAgreement: stats.pairs === 0 ? null : stats.samePairs / stats.pairs,
    cohenKappa: stats.cohen(),
    fleissKappa: stats.fleiss(),
    alpha,
    alphaInterval: alpha === null ? null : bootstrapAlphaIntervalOfCounts(units, counts, { replicates: options.replicates, seed: options.seed }),
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
  const allPooled = new RowStatistics(coders.length);
  const ratings = new Array<0 | 1 | null>(coders.length);
  for (const codebook of codebooks) {
    const letters = new Set(groups.filter((g) => g.codebook === codebook.id).map((g) => g.letter));
    const units = fragments.filter((f) => letters.has(f.group) && coders.filter((c) => coderSaw(c, f)).length >= 2);
    const seen = units.map((f) => coders.map((c) => coderSaw(c, f)));
    // Per coder and unit, looked up once: its core labels and the main labels they belong to.
    const cores = coders.map((_, c) => units.map((f) => given[c]!.get(f.code)));
    const mains = cores.map((list) => list.map((set) => (set ? new Set([...set].map((l) => l.slice(0, l.indexOf('.')))) : undefined)));
    const rate = (has: (coder: number, unit: number) => boolean): RowStatistics => {
      const stats = new RowStatistics(coders.length);
      for (let u = 0; u < units.length; u++) {
        for (let c = 0; c < coders.length; c++) ratings[c] = seen[u]![c] ? (has(c, u) ? 1 : 0) : null;
        stats.add(ratings);
      }
      return stats;
    };
    const pooled = new RowStatistics(coders.length);
    for (const main of codebook.mains) {
      rows.push(rowOf({ level: 'main', codebook: codebook.id, id: main.id, label: main.label }, rate((c, u) => mains[c]![u]?.has(main.id) ?? false), opts));
      for (const core of main.cores) {
        const stats = rate((c, u) => cores[c]![u]?.has(core.id) ?? false);
        pooled.merge(stats);
        rows.push(rowOf({ level: 'core', codebook: codebook.id, id: core.id, label: core.label }, stats, opts));
      }
    }
    rows.push(rowOf({ level: 'pooled', codebook: codebook.id, id: 'all', label: `all core labels of ${codebook.id}` }, pooled, opts));
    allPooled.merge(pooled);
    units.forEach((f, u) => {
      const labels = coders.map((_, c) => (seen[u]![c] ? [...(given[c]!.get(f.code) ?? [])].sort() : null));
      const keys = labels.filter((l): l is string[] => l !== null).map((l) => l.join(' '));
      if (new Set(keys).size > 1) disagreements.push({ codebook: codebook.id, fragment: f.code, text: f.text, labels });
    });
  }
  if (codebooks.length > 1) rows.push(rowOf({ level: 'pooled', codebook: 'all', id: 'all', label: 'all core labels of all codebooks' }, allPooled, opts));
  return { coders: coders.map((c) => c.name), rows, disagreements, options: opts };
}
