/** A rating: a category, or null where the coder did not rate the unit (missing). */
export type Rating = string | number | null;

export interface AlphaResult {
  /** Krippendorff's alpha; null when there is no variation to judge (expected disagreement 0) or too few pairable values. */
  alpha: number | null;
  /** Pairable values: ratings in units that have at least two ratings. */
  pairable: number;
}

/**
 * Krippendorff's alpha for nominal data with missing ratings, computed from the
 * coincidence matrix as in Krippendorff (2011), "Computing Krippendorff's
 * Alpha-Reliability": each unit with m ≥ 2 ratings adds 1/(m−1) for every ordered pair of
 * its ratings; alpha = 1 − (n−1)·Σ_{c≠k} o_ck / Σ_{c≠k} n_c·n_k.
 * `units[u][c]` is coder c's rating of unit u.
 */
export function krippendorffAlphaNominal(units: ReadonlyArray<ReadonlyArray<Rating>>): AlphaResult {
  const o = new Map<string, Map<string, number>>();
  const add = (a: string, b: string, w: number) => {
    let row = o.get(a);
    if (!row) o.set(a, (row = new Map<string, number>()));
    row.set(b, (row.get(b) ?? 0) + w);
  };
  for (const unit of units) {
    const values = unit.filter((v): v is string | number => v !== null).map(String);
    const m = values.length;
    if (m < 2) continue;
    for (let i = 0; i < m; i++)
      for (let j = 0; j < m; j++) if (i !== j) add(values[i]!, values[j]!, 1 / (m - 1));
  }
  const nc = new Map<string, number>();
  for (const [c, row] of o)
    nc.set(
      c,
      [...row.values()].reduce((s, x) => s + x, 0),
    );
  const n = [...nc.values()].reduce((s, x) => s + x, 0);
  let observed = 0;
  for (const [c, row] of o) for (const [k, w] of row) if (c !== k) observed += w;
  let expected = 0;
  for (const [c, a] of nc) for (const [k, b] of nc) if (c !== k) expected += a * b;
  const pairable = Math.round(n);
  if (n < 2 || expected === 0) return { alpha: null, pairable };
  return { alpha: 1 - ((n - 1) * observed) / expected, pairable };
}

/**
 * Per-unit sufficient statistics of binary (present/absent) ratings: m pairable ratings,
 * k of them present. Alpha for binary nominal data depends on these alone, which makes
 * bootstrapping over units cheap.
 */
export interface BinaryUnit {
  m: number;
  k: number;
}

/**
 * Krippendorff's alpha (nominal) for binary ratings from per-unit counts; the same value
 * krippendorffAlphaNominal gives for 0/1 ratings. Units with m < 2 are not pairable.
 */
export function binaryAlpha(units: ReadonlyArray<BinaryUnit>): number | null {
  return alphaOfTypeCounts(
    units,
    units.map(() => 1),
  );
}

/**
 * Binary alpha of `counts[t]` units of each type `types[t]` (m ratings, k positive): the
 * kernel behind binaryAlpha, the agreement table and every bootstrap replicate.
 */
export function alphaOfTypeCounts(types: readonly BinaryUnit[], counts: readonly number[]): number | null {
  let ones = 0;
  let zeros = 0;
  let disagreement = 0;
  types.forEach(({ m, k }, t) => {
    if (m < 2) return;
    const c = counts[t]!;
    ones += c * k;
    zeros += c * (m - k);
    disagreement += (c * 2 * k * (m - k)) / (m - 1);
  });
  const total = ones + zeros;
  if (total < 2 || ones === 0 || zeros === 0) return null;
  return 1 - ((total - 1) * disagreement) / (2 * ones * zeros);
}

/**
 * Nominal alpha of `counts[t]` units of each type `types[t]`, a type being the number of
 * ratings per category in a unit (so [2, 1, 0] = two coders chose the first category, one
 * the second). The same value krippendorffAlphaNominal gives, from the coincidence sums:
 * each unit adds (m² − Σ n_c²)/(m − 1) to the disagreement; alpha = 1 − (n − 1)·D / (n² − Σ n_c²).
 * Units with fewer than two ratings are not pairable. Null without variation.
 */
export function nominalAlphaOfTypeCounts(
  types: readonly (readonly number[])[],
  counts: readonly number[],
): number | null {
  const totals: number[] = [];
  let disagreement = 0;
  types.forEach((type, t) => {
    let m = 0;
    let squares = 0;
    for (const x of type) {
      m += x;
      squares += x * x;
    }
    if (m < 2) return;
    const c = counts[t]!;
    type.forEach((x, j) => (totals[j] = (totals[j] ?? 0) + c * x));
    disagreement += (c * (m * m - squares)) / (m - 1);
  });
  let n = 0;
  let squares = 0;
  for (const x of totals) {
    n += x ?? 0;
    squares += (x ?? 0) ** 2;
  }
  const expected = n * n - squares;
  if (n < 2 || expected === 0) return null;
  return 1 - ((n - 1) * disagreement) / expected;
}
