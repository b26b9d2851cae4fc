import type { Codebook } from '../codebook/codebook.js';
import type { Coding } from '../codings/coding.js';
import type { CoderConfig, GroupConfig } from '../config/study-config.js';
import type { Fragment } from '../fragments/fragment.js';
import { inScope } from '../config/coder-scope.js';
import { UsageError } from '../core/diagnostics.js';
import { bootstrapAlphaIntervalOfCounts } from './bootstrap.js';
import { FragmentIndex } from '../fragments/fragment-index.js';
import { fleissFromSums, kappaOf } from './kappa.js';
import { alphaOfTypeCounts, type BinaryUnit } from './krippendorff-alpha.js';
import { NominalStatistics } from './nominal-statistics.js';

/** The category of an exclusive main label for a fragment a coder saw and gave none of its core labels. */
export const NO_CATEGORY = '(none)';

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
  /**
   * Main labels marked exclusive: the statistics are those of one nominal variable whose
   * categories are its core labels and "(none)" (seen, none of them given), listed here.
   */
  exclusive?: true;
  categories?: string[];
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

/** Whether a coder saw a fragment: no scope means all fragments; else its group, respondent, range or source is in scope. */
export function coderSaw(coder: CoderConfig, fragment: Fragment): boolean {
  return !coder.scope || inScope(coder.scope, fragment);
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

  /** `times` units rated alike; ratings[c]: 1 present, 0 absent (seen, not given), null missing (not seen). */
  add(ratings: readonly (0 | 1 | null)[], times = 1): void {
    if (times === 0) return;
    this.units += times;
    let m = 0;
    let k = 0;
    for (let c = 0; c < ratings.length; c++) {
      const v = ratings[c];
      if (v === null) continue;
      m++;
      if (v === 1) {
        k++;
        this.positives[c]! += times;
      }
    }
    this.pairs += times * ((m * (m - 1)) / 2);
    this.samePairs += times * ((k * (k - 1)) / 2 + ((m - k) * (m - k - 1)) / 2);
    if (this.coders === 2 && m === 2)
      this.table[ratings[0] === 1 ? (ratings[1] === 1 ? 0 : 1) : ratings[1] === 1 ? 2 : 3]! += times;
    if (m === this.coders && m >= 2) {
      this.complete += times;
      this.completeAgreement += times * ((k * k + (m - k) * (m - k) - m) / (m * (m - 1)));
      this.completeOnes += times * k;
    }
    if (m >= 2) this.types.set(m * 1000 + k, (this.types.get(m * 1000 + k) ?? 0) + times);
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
    return fleissFromSums(this.complete, this.coders, this.completeAgreement, [
      ratings - this.completeOnes,
      this.completeOnes,
    ]);
  }

  binaryUnits(): { units: BinaryUnit[]; counts: number[] } {
    const keys = [...this.types.keys()].sort((a, b) => a - b);
    return {
      units: keys.map((key) => ({ m: Math.floor(key / 1000), k: key % 1000 })),
      counts: keys.map((key) => this.types.get(key)!),
    };
  }
}

/** What a row of the agreement table is made from: binary (RowStatistics) or nominal (NominalStatistics). */
interface StatisticsOfRow {
  units: number;
  positives: readonly number[];
  pairs: number;
  samePairs: number;
  cohen(): number | null;
  fleiss(): number | null;
  alpha(): number | null;
  alphaInterval(options: { replicates: number; seed: number }): AgreementRow['alphaInterval'];
}

/** The binary statistics of a row, as a row is made from them (alpha and its bootstrap over the unit types). */
function binaryRow(stats: RowStatistics): StatisticsOfRow {
  const { units, counts } = stats.binaryUnits();
  return {
    units: stats.units,
    positives: stats.positives,
    pairs: stats.pairs,
    samePairs: stats.samePairs,
    cohen: () => stats.cohen(),
    fleiss: () => stats.fleiss(),
    alpha: () => alphaOfTypeCounts(units, counts),
    alphaInterval: (options) => bootstrapAlphaIntervalOfCounts(units, counts, options),
  };
}

function rowOf(
  head: Pick<AgreementRow, 'level' | 'codebook' | 'id' | 'label'>,
  stats: StatisticsOfRow,
  options: Required<AgreementOptions>,
  /** For an exclusive main label: its categories (core labels, then none). */
  categories?: string[],
): AgreementRow {
  const alpha = stats.alpha();
  const total = stats.positives.reduce((s, x) => s + x, 0);
  return {
    ...head,
    units: stats.units,
    positives: [...stats.positives],
    percentAgreement: stats.pairs === 0 ? null : stats.samePairs / stats.pairs,
    cohenKappa: stats.cohen(),
    fleissKappa: stats.fleiss(),
    alpha,
    alphaInterval:
      alpha === null ? null : stats.alphaInterval({ replicates: options.replicates, seed: options.seed }),
    verdict: verdictOf(alpha, total, options.minPositives),
    ...(categories ? { exclusive: true, categories } : {}),
  };
}

/**
 * The nominal statistics of an exclusive main label from the times a coder gave one of its
 * core labels (`given`: unit, coder, category triples): a coder who saw a unit and gave
 * none of them rates it "(none)", the last category; one who did not see it is missing.
 */
function rateNominal(
  given: readonly number[],
  cores: number,
  seenOf: Int32Array,
  unitsWithPattern: ReadonlyMap<number, number>,
  coders: number,
): NominalStatistics {
  const none = cores;
  const byUnit = new Map<number, (number | null)[]>();
  for (let i = 0; i < given.length; i += 3) {
    const u = given[i]!;
    let ratings = byUnit.get(u);
    if (!ratings) {
      const seen = seenOf[u]!;
      ratings = Array.from({ length: coders }, (_, c) => ((seen & (1 << c)) === 0 ? null : none));
      byUnit.set(u, ratings);
    }
    if (ratings[given[i + 1]!] === none) ratings[given[i + 1]!] = given[i + 2]!;
  }
  const touched = new Map<number, number>();
  for (const u of byUnit.keys()) touched.set(seenOf[u]!, (touched.get(seenOf[u]!) ?? 0) + 1);
  const stats = new NominalStatistics(coders, cores + 1);
  for (const seen of [...unitsWithPattern.keys()].sort((a, b) => a - b))
    stats.add(
      Array.from({ length: coders }, (_, c) => ((seen & (1 << c)) === 0 ? null : none)),
      unitsWithPattern.get(seen)! - (touched.get(seen) ?? 0),
    );
  for (const u of [...byUnit.keys()].sort((a, b) => a - b)) stats.add(byUnit.get(u)!);
  return stats;
}

/** Coders are bits of a mask; (seen, given) pairs of masks must fit a double's 53-bit integers. */
const MAX_CODERS = 26;

/**
 * The statistics of one label from the times a coder gave it (entries unit × 32 + coder):
 * each (seen, given) pattern is added once with the number of units that have it; units
 * of a seen pattern that nobody gave the label are all-absent. `scratch` (one slot per
 * unit, all zero) gathers each unit's coders and is left all zero again.
 */
function rateByPattern(
  entries: readonly number[],
  seenOf: Int32Array,
  unitsWithPattern: ReadonlyMap<number, number>,
  coders: number,
  scratch: Int32Array,
): RowStatistics {
  const touched: number[] = [];
  for (const e of entries) {
    const u = Math.floor(e / 32);
    if (scratch[u] === 0) touched.push(u);
    scratch[u]! |= 1 << (e % 32);
  }
  const patterns = new Map<number, number>(); // seen * 2^coders + given → units
  const positiveUnits = new Map<number, number>(); // seen → units with some positive
  for (const u of touched) {
    const seen = seenOf[u]!;
    const key = seen * 2 ** coders + scratch[u]!;
    scratch[u] = 0;
    patterns.set(key, (patterns.get(key) ?? 0) + 1);
    positiveUnits.set(seen, (positiveUnits.get(seen) ?? 0) + 1);
  }
  const stats = new RowStatistics(coders);
  const ratings = new Array<0 | 1 | null>(coders);
  const addPattern = (seen: number, mask: number, times: number) => {
    for (let c = 0; c < coders; c++)
      ratings[c] = (seen & (1 << c)) === 0 ? null : (mask & (1 << c)) === 0 ? 0 : 1;
    stats.add(ratings, times);
  };
  // Patterns in a fixed order, so sums of fractions are the same from run to run.
  for (const seen of [...unitsWithPattern.keys()].sort((a, b) => a - b))
    addPattern(seen, 0, unitsWithPattern.get(seen)! - (positiveUnits.get(seen) ?? 0));
  for (const key of [...patterns.keys()].sort((a, b) => a - b))
    addPattern(Math.floor(key / 2 ** coders), key % 2 ** coders, patterns.get(key)!);
  return stats;
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
  const opts: Required<AgreementOptions> = {
    minPositives: options.minPositives ?? 5,
    replicates: options.replicates ?? 1000,
    seed: options.seed ?? 20201,
  };
  if (coders.length > MAX_CODERS)
    throw new UsageError(
      `agreement compares at most ${MAX_CODERS} coders at once; ${coders.length} are selected (choose with --coder)`,
    );
  const coderNo = new Map(coders.map((c, i) => [c.name, i]));
  const rows: AgreementRow[] = [];
  const disagreements: Disagreement[] = [];
  const allPooled = new RowStatistics(coders.length);
  for (const codebook of codebooks) {
    const letters = new Set(groups.filter((g) => g.codebook === codebook.id).map((g) => g.letter));
    // Units and which coders saw each (a bit per coder), and how many units share each pattern.
    const units: Fragment[] = [];
    const seenList: number[] = [];
    const unitsWithPattern = new Map<number, number>();
    for (const f of fragments) {
      if (!letters.has(f.group)) continue;
      let seen = 0;
      let m = 0;
      for (let c = 0; c < coders.length; c++)
        if (coderSaw(coders[c]!, f)) {
          seen |= 1 << c;
          m++;
        }
      if (m < 2) continue;
      units.push(f);
      seenList.push(seen);
      unitsWithPattern.set(seen, (unitsWithPattern.get(seen) ?? 0) + 1);
    }
    const seenOf = Int32Array.from(seenList);
    const unitIndex = new FragmentIndex(units);
    // Sparse: per core and main label, an entry (unit × 32 + coder) for each time a coder gave it.
    const rowOfLabel = new Map<string, { core: number[]; main: number[] }>();
    const mainEntries = new Map(codebook.mains.map((main) => [main.id, [] as number[]]));
    for (const main of codebook.mains)
      for (const core of main.cores) rowOfLabel.set(core.id, { core: [], main: mainEntries.get(main.id)! });
    // Exclusive main labels: (unit, coder, category) triples of their core labels.
    const nominal = new Map<string, { main: string; category: number; given: number[] }>();
    for (const main of codebook.mains) {
      if (!main.exclusive) continue;
      const given: number[] = [];
      main.cores.forEach((core, category) => nominal.set(core.id, { main: main.id, category, given }));
    }
    // The codings of each unit as linked lists (head per unit, next per coding), for the disagreement list.
    const head = new Int32Array(units.length).fill(-1);
    const next: number[] = [];
    const taken: number[] = [];
    for (let i = 0; i < codings.length; i++) {
      const x = codings[i]!;
      const c = coderNo.get(x.coder);
      const u = c === undefined ? undefined : unitIndex.positionOf(x.fragment);
      if (c === undefined || u === undefined || (seenOf[u]! & (1 << c)) === 0) continue;
      next.push(head[u]!);
      head[u] = taken.length;
      taken.push(i);
      const exclusive = nominal.get(x.label);
      if (exclusive) exclusive.given.push(u, c, exclusive.category);
      const row = rowOfLabel.get(x.label);
      if (!row) continue;
      row.core.push(u * 32 + c);
      row.main.push(u * 32 + c);
    }
    const scratch = new Int32Array(units.length);
    const rate = (entries: readonly number[]): RowStatistics =>
      rateByPattern(entries, seenOf, unitsWithPattern, coders.length, scratch);
    const pooled = new RowStatistics(coders.length);
    for (const main of codebook.mains) {
      const head = { level: 'main' as const, codebook: codebook.id, id: main.id, label: main.label };
      rows.push(
        main.exclusive
          ? rowOf(
              head,
              rateNominal(
                nominal.get(main.cores[0]!.id)!.given,
                main.cores.length,
                seenOf,
                unitsWithPattern,
                coders.length,
              ),
              opts,
              [...main.cores.map((c) => c.id), NO_CATEGORY],
            )
          : rowOf(head, binaryRow(rate(mainEntries.get(main.id)!)), opts),
      );
      for (const core of main.cores) {
        const stats = rate(rowOfLabel.get(core.id)!.core);
        pooled.merge(stats);
        rows.push(
          rowOf(
            { level: 'core', codebook: codebook.id, id: core.id, label: core.label },
            binaryRow(stats),
            opts,
          ),
        );
      }
    }
    rows.push(
      rowOf(
        { level: 'pooled', codebook: codebook.id, id: 'all', label: `all core labels of ${codebook.id}` },
        binaryRow(pooled),
        opts,
      ),
    );
    allPooled.merge(pooled);
    // Units nobody labelled agree; so do units where every label came from every coder who saw them.
    // The others are compared label set by label set, in fragment order.
    for (let u = 0; u < units.length; u++) {
      if (head[u] === -1) continue;
      let m = 0;
      for (let c = 0; c < coders.length; c++) if ((seenOf[u]! & (1 << c)) !== 0) m++;
      let allAgree = true;
      for (let k = head[u]!; k !== -1 && allAgree; k = next[k]!) {
        const label = codings[taken[k]!]!.label;
        let n = 0;
        for (let j = head[u]!; j !== -1; j = next[j]!) if (codings[taken[j]!]!.label === label) n++;
        if (n !== m) allAgree = false;
      }
      if (allAgree) continue;
      const labels = coders.map((coder, c) => {
        if ((seenOf[u]! & (1 << c)) === 0) return null;
        const given = new Set<string>();
        for (let k = head[u]!; k !== -1; k = next[k]!)
          if (codings[taken[k]!]!.coder === coder.name) given.add(codings[taken[k]!]!.label);
        return [...given].sort();
      });
      const keys = labels.filter((l): l is string[] => l !== null).map((l) => l.join(' '));
      if (new Set(keys).size > 1)
        disagreements.push({ codebook: codebook.id, fragment: units[u]!.code, text: units[u]!.text, labels });
    }
  }
  if (codebooks.length > 1)
    rows.push(
      rowOf(
        { level: 'pooled', codebook: 'all', id: 'all', label: 'all core labels of all codebooks' },
        binaryRow(allPooled),
        opts,
      ),
    );
  return { coders: coders.map((c) => c.name), rows, disagreements, options: opts };
}
