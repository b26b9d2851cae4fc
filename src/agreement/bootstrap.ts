import { binaryAlpha, type BinaryUnit } from './krippendorff-alpha.js';

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
 * Percentile bootstrap confidence interval for binary Krippendorff's alpha: units are
 * resampled with replacement `replicates` times (seeded), alpha recomputed each time,
 * and the (1−level)/2 and (1+level)/2 quantiles returned. Replicates where alpha is
 * undefined (no variation in the resample) are left out; null if too few remain.
 */
export function bootstrapAlphaInterval(units: ReadonlyArray<BinaryUnit>, options: { replicates?: number; seed?: number; level?: number } = {}): [number, number] | null {
  const replicates = options.replicates ?? 1000;
  const level = options.level ?? 0.95;
  const pairable = units.filter((u) => u.m >= 2);
  if (pairable.length < 2 || replicates < 1) return null;
  const random = seededRandom(options.seed ?? 20201);
  const values: number[] = [];
  const sample: BinaryUnit[] = new Array(pairable.length);
  for (let r = 0; r < replicates; r++) {
    for (let i = 0; i < pairable.length; i++) sample[i] = pairable[Math.floor(random() * pairable.length)]!;
    const a = binaryAlpha(sample);
    if (a !== null) values.push(a);
  }
  if (values.length < replicates / 2) return null;
  values.sort((x, y) => x - y);
  const q = (p: number) => values[Math.min(values.length - 1, Math.max(0, Math.floor(p * values.length)))]!;
  return [q((1 - level) / 2), q((1 + level) / 2)];
}
