import { bootstrapIntervalOfCounts } from './bootstrap.js';
import { fleissFromSums, kappaOf } from './kappa.js';
import { nominalAlphaOfTypeCounts } from './krippendorff-alpha.js';

/**
 * The sufficient statistics of one nominal variable (an exclusive main label: its core
 * labels and "none" as categories), gathered unit by unit: each coder's positives (units
 * given a category other than the last, "none"), agreeing and pairable coder pairs,
 * Cohen's K × K table, Fleiss' sums over the units every coder rated, and the units
 * grouped by their ratings per category for alpha and its bootstrap.
 */
export class NominalStatistics {
  units = 0;
  readonly positives: number[];
  pairs = 0;
  samePairs = 0;
  readonly table: number[];
  complete = 0;
  completeAgreement = 0;
  readonly completeTotals: number[];
  private readonly types = new Map<string, { type: number[]; units: number }>();

  /** `categories` includes "none" as the last one. */
  constructor(
    private readonly coders: number,
    private readonly categories: number,
  ) {
    this.positives = new Array<number>(coders).fill(0);
    this.table = new Array<number>(categories * categories).fill(0);
    this.completeTotals = new Array<number>(categories).fill(0);
  }

  /** `times` units rated alike; ratings[c]: a category 0..categories−1, or null (coder did not see the unit). */
  add(ratings: readonly (number | null)[], times = 1): void {
    if (times === 0) return;
    this.units += times;
    const type = new Array<number>(this.categories).fill(0);
    let m = 0;
    ratings.forEach((v, c) => {
      if (v === null) return;
      m++;
      type[v]!++;
      if (v !== this.categories - 1) this.positives[c]! += times;
    });
    let same = 0;
    let squares = 0;
    for (const x of type) {
      same += (x * (x - 1)) / 2;
      squares += x * x;
    }
    this.pairs += times * ((m * (m - 1)) / 2);
    this.samePairs += times * same;
    if (this.coders === 2 && m === 2) this.table[ratings[0]! * this.categories + ratings[1]!]! += times;
    if (m === this.coders && m >= 2) {
      this.complete += times;
      this.completeAgreement += times * ((squares - m) / (m * (m - 1)));
      type.forEach((x, j) => (this.completeTotals[j]! += times * x));
    }
    if (m < 2) return;
    const key = type.join(',');
    const entry = this.types.get(key);
    if (entry) entry.units += times;
    else this.types.set(key, { type, units: times });
  }

  cohen(): number | null {
    if (this.coders !== 2) return null;
    const k = this.categories;
    const n = this.table.reduce((s, x) => s + x, 0);
    if (n === 0) return null;
    let observed = 0;
    let chance = 0;
    for (let i = 0; i < k; i++) {
      observed += this.table[i * k + i]!;
      let row = 0;
      let column = 0;
      for (let j = 0; j < k; j++) {
        row += this.table[i * k + j]!;
        column += this.table[j * k + i]!;
      }
      chance += (row / n) * (column / n);
    }
    return kappaOf(observed / n, chance);
  }

  fleiss(): number | null {
    return fleissFromSums(this.complete, this.coders, this.completeAgreement, this.completeTotals);
  }

  /** The unit types in a fixed order (so bootstrap draws are the same from run to run) and their counts. */
  private grouped(): { types: number[][]; counts: number[] } {
    const keys = [...this.types.keys()].sort();
    return {
      types: keys.map((k) => this.types.get(k)!.type),
      counts: keys.map((k) => this.types.get(k)!.units),
    };
  }

  alpha(): number | null {
    const { types, counts } = this.grouped();
    return nominalAlphaOfTypeCounts(types, counts);
  }

  alphaInterval(options: { replicates: number; seed: number }): [number, number] | null {
    const { types, counts } = this.grouped();
    return bootstrapIntervalOfCounts(counts, (c) => nominalAlphaOfTypeCounts(types, c), options);
  }
}
