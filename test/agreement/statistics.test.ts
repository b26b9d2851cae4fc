import { describe, expect, it } from 'vitest';
import { bootstrapAlphaInterval, seededRandom } from '../../src/agreement/bootstrap.js';
import {
  binaryAlpha,
  krippendorffAlphaNominal,
  nominalAlphaOfTypeCounts,
} from '../../src/agreement/krippendorff-alpha.js';
import { cohenKappa, fleissKappa, pairwiseAgreement } from '../../src/agreement/kappa.js';
import { FLEISS_1971_TABLE_1 } from '../fixtures/published-agreement.js';

describe("Krippendorff's alpha", () => {
  it('reproduces the worked example of Krippendorff (2011): 4 coders, 12 units, missing data, nominal α = 0.743', () => {
    // Reliability data matrix from "Computing Krippendorff's Alpha-Reliability" (2011), section C:
    // rows are observers A–D, columns units 1–12, null = no value.
    const A = [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null];
    const B = [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3];
    const C = [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null];
    const D = [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null];
    const units = A.map((_, u) => [A[u]!, B[u]!, C[u]!, D[u]!]);
    const { alpha, pairable } = krippendorffAlphaNominal(units);
    expect(alpha!.toFixed(3)).toBe('0.743');
    // The paper's n.. = 40 pairable values (unit 12 has one value only).
    expect(pairable).toBe(40);
  });

  it('is 1 for perfect agreement, null without variation, and below 0 for systematic disagreement', () => {
    expect(
      krippendorffAlphaNominal([
        [1, 1],
        [0, 0],
        [1, 1],
      ]).alpha,
    ).toBe(1);
    expect(
      krippendorffAlphaNominal([
        [1, 1],
        [1, 1],
      ]).alpha,
    ).toBeNull();
    expect(
      krippendorffAlphaNominal([
        [1, 0],
        [0, 1],
      ]).alpha!,
    ).toBeLessThan(0);
  });

  it('binary fast path equals the general computation on random binary data with missing ratings', () => {
    const random = seededRandom(7);
    for (let trial = 0; trial < 50; trial++) {
      const coders = 2 + Math.floor(random() * 3);
      const units = Array.from({ length: 5 + Math.floor(random() * 40) }, () =>
        Array.from({ length: coders }, () => (random() < 0.2 ? null : random() < 0.3 ? 1 : 0)),
      );
      const general = krippendorffAlphaNominal(units).alpha;
      const fast = binaryAlpha(
        units.map((u) => ({ m: u.filter((x) => x !== null).length, k: u.filter((x) => x === 1).length })),
      );
      if (general === null) expect(fast).toBeNull();
      else expect(fast!).toBeCloseTo(general, 12);
    }
  });
});

describe('nominal alpha from unit types', () => {
  it('equals the coincidence-matrix computation on random nominal data with missing ratings', () => {
    const random = seededRandom(13);
    for (let trial = 0; trial < 50; trial++) {
      const coders = 2 + Math.floor(random() * 4);
      const categories = 2 + Math.floor(random() * 4);
      const units = Array.from({ length: 3 + Math.floor(random() * 30) }, () =>
        Array.from({ length: coders }, () => (random() < 0.2 ? null : Math.floor(random() * categories))),
      );
      const types = units.map((u) => {
        const t = new Array<number>(categories).fill(0);
        for (const v of u) if (v !== null) t[v]!++;
        return t;
      });
      const general = krippendorffAlphaNominal(units).alpha;
      const fast = nominalAlphaOfTypeCounts(
        types,
        types.map(() => 1),
      );
      if (general === null) expect(fast).toBeNull();
      else expect(fast!).toBeCloseTo(general, 12);
    }
  });
});

describe("Fleiss' kappa", () => {
  it('reproduces Fleiss (1971), Table 1: 30 patients, 6 psychiatrists each, 5 diagnoses, κ = 0.430', () => {
    // Counts per patient: depression, personality disorder, schizophrenia, neurosis, other.
    const table = FLEISS_1971_TABLE_1.map((r) => [...r]);
    expect(fleissKappa(table)!.toFixed(3)).toBe('0.430');
  });
  it('refuses units with different numbers of raters', () => {
    expect(() =>
      fleissKappa([
        [2, 0],
        [1, 0],
      ]),
    ).toThrow(/same number of raters/);
  });
});

describe("Cohen's kappa", () => {
  it('matches a 2×2 example worked out by hand', () => {
    // 20 fragments, label present (1) or absent (0):
    //               coder B: 1   0
    //   coder A: 1          7   3     (A: 10 present)
    //            0          2   8     (A: 10 absent)
    //                       B: 9 present, 11 absent
    // p_o = (7 + 8) / 20 = 0.75
    // p_e = (10/20)(9/20) + (10/20)(11/20) = 0.225 + 0.275 = 0.5
    // κ = (0.75 − 0.5) / (1 − 0.5) = 0.5
    const a = [...Array(7).fill(1), ...Array(3).fill(1), ...Array(2).fill(0), ...Array(8).fill(0)];
    const b = [...Array(7).fill(1), ...Array(3).fill(0), ...Array(2).fill(1), ...Array(8).fill(0)];
    expect(cohenKappa(a, b)).toBeCloseTo(0.5, 12);
    expect(pairwiseAgreement(a.map((x, i) => [x, b[i]!]))).toBeCloseTo(0.75, 12);
  });
  it('is symmetric in the coders and null when both use one category throughout', () => {
    const a = [1, 0, 1, 1, 0, 0, 1];
    const b = [1, 1, 1, 0, 0, 0, 0];
    expect(cohenKappa(a, b)).toBeCloseTo(cohenKappa(b, a)!, 12);
    expect(cohenKappa([1, 1], [1, 1])).toBeNull();
  });
});

describe('bootstrap interval for alpha', () => {
  const units = Array.from({ length: 60 }, (_, i) => ({ m: 2, k: i % 5 === 0 ? 1 : i % 3 === 0 ? 2 : 0 }));
  it('is seeded: the same seed gives the same interval', () => {
    expect(bootstrapAlphaInterval(units, { seed: 3 })).toEqual(bootstrapAlphaInterval(units, { seed: 3 }));
  });
  it('contains the point estimate and stays within [-1, 1]', () => {
    const alpha = binaryAlpha(units)!;
    const [lo, hi] = bootstrapAlphaInterval(units)!;
    expect(lo).toBeLessThanOrEqual(alpha);
    expect(hi).toBeGreaterThanOrEqual(alpha);
    expect(lo).toBeGreaterThanOrEqual(-1);
    expect(hi).toBeLessThanOrEqual(1);
  });
});

describe('bootstrap sampling', () => {
  it('draws binomials with the right mean in all three regimes', async () => {
    const { sampleBinomial } = await import('../../src/agreement/bootstrap.js');
    const random = seededRandom(11);
    for (const [n, p] of [
      [20, 0.3],
      [100000, 0.0001],
      [100000, 0.4],
    ] as const) {
      let sum = 0;
      for (let i = 0; i < 2000; i++) sum += sampleBinomial(n, p, random);
      const mean = sum / 2000;
      const sd = Math.sqrt((n * p * (1 - p)) / 2000);
      expect(Math.abs(mean - n * p)).toBeLessThan(5 * sd + 1e-9);
    }
  });

  it('gives an interval that narrows as the number of units grows', () => {
    const units = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ m: 2, k: i % 10 === 0 ? 1 : i % 4 === 0 ? 2 : 0 }));
    const [lo1, hi1] = bootstrapAlphaInterval(units(200))!;
    const [lo2, hi2] = bootstrapAlphaInterval(units(20000))!;
    expect(hi2 - lo2).toBeLessThan((hi1 - lo1) / 5);
  });
});
