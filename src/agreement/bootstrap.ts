import { alphaOfTypeCounts, type BinaryUnit } from './krippendorff-alpha.js';

/** mulberry32: a small seeded PRNG, so bootstrap intervals are the same on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A binomial(n, p) draw: exact by counting geometric gaps when few successes are expected
 * (cost ~ n·p), by summing Bernoulli draws for small n, and by the normal approximation
 * with continuity correction when n·p·(1−p) ≥ 25 (where it is accurate to well under one
 * unit in a thousand). Deterministic given `random`.
 */
export function sampleBinomial(n: number, p: number, random: () => number): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (p > 0.5) return n - sampleBinomial(n, 1 - p, random);
  if (n < 64) {
    let k = 0;
    for (let i = 0; i < n; i++) if (random() < p) k++;
    return k;
  }
  const variance = n * p * (1 - p);
  if (variance >= 25) {
    const u1 = random() || Number.MIN_VALUE;
    const u2 = random();
    const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    return Math.min(n, Math.max(0, Math.round(n * p + z * Math.sqrt(variance))));
  }
  // Geometric gaps between successes: expected n·p + 1 draws.
  const logQ = Math.log(1 - p);
  let k = 0;
  let at = 0;
  for (;;) {
    at += Math.floor(Math.log(random() || Number.MIN_VALUE) / logQ) + 1;
    if (at > n) return k;
    k++;
  }
}

/**
 * Percentile bootstrap confidence interval for binary Krippendorff's alpha: units are
 * resampled with replacement `replicates` times (seeded), alpha recomputed each time,
 * and the (1−level)/2 and (1+level)/2 quantiles returned. Binary alpha depends on each
 * unit only through its (ratings, positives) pair, so units are grouped by that pair and
 * a resample is a multinomial draw of group counts: the cost does not grow with the
 * number of units. Replicates where alpha is undefined are left out; null if too few remain.
 */
export function bootstrapAlphaInterval(
  units: ReadonlyArray<BinaryUnit>,
  options: { replicates?: number; seed?: number; level?: number } = {},
): [number, number] | null {
  const groups = new Map<string, { unit: BinaryUnit; count: number }>();
  for (const u of units) {
    if (u.m < 2) continue;
    const key = `${u.m}:${u.k}`;
    const g = groups.get(key);
    if (g) g.count++;
    else groups.set(key, { unit: u, count: 1 });
  }
  const types = [...groups.values()].sort((a, b) => a.unit.m - b.unit.m || a.unit.k - b.unit.k);
  return bootstrapAlphaIntervalOfCounts(
    types.map((t) => t.unit),
    types.map((t) => t.count),
    options,
  );
}

/** The same from units already grouped: `counts[t]` units of type `types[t]` (all with m ≥ 2). */
export function bootstrapAlphaIntervalOfCounts(
  types: readonly BinaryUnit[],
  typeCounts: readonly number[],
  options: { replicates?: number; seed?: number; level?: number } = {},
): [number, number] | null {
  return bootstrapIntervalOfCounts(typeCounts, (counts) => alphaOfTypeCounts(types, counts), options);
}

/**
 * Percentile bootstrap of any statistic of units grouped into types: `typeCounts[t]` units
 * of type t; a replicate is a multinomial draw of n units over the types, handed to
 * `statistic` as counts per type. Replicates where it is undefined are left out.
 */
export function bootstrapIntervalOfCounts(
  typeCounts: readonly number[],
  statistic: (counts: readonly number[]) => number | null,
  options: { replicates?: number; seed?: number; level?: number } = {},
): [number, number] | null {
  const replicates = options.replicates ?? 1000;
  const level = options.level ?? 0.95;
  const n = typeCounts.reduce((s, c) => s + c, 0);
  if (n < 2 || replicates < 1) return null;
  const random = seededRandom(options.seed ?? 20201);
  const values: number[] = [];
  const types = typeCounts.length;
  const counts = new Array<number>(types);
  for (let r = 0; r < replicates; r++) {
    // Multinomial draw of n units over the types, as a chain of binomials.
    let left = n;
    let mass = 1;
    for (let t = 0; t < types; t++) {
      const share = typeCounts[t]! / n;
      counts[t] = t === types - 1 ? left : sampleBinomial(left, Math.min(1, share / mass), random);
      left -= counts[t]!;
      mass -= share;
    }
    const a = statistic(counts);
    if (a !== null) values.push(a);
  }
  if (values.length < replicates / 2) return null;
  values.sort((x, y) => x - y);
  const q = (p: number) => values[Math.min(values.length - 1, Math.max(0, Math.floor(p * values.length)))]!;
  return [q((1 - level) / 2), q((1 + level) / 2)];
}
