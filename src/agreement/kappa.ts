/**
 * Cohen's kappa for two coders rating the same units (no missing ratings):
 * κ = (p_o − p_e) / (1 − p_e), with p_e from each coder's own marginal proportions.
 * Null when p_e = 1 (both coders used one and the same category throughout).
 */
export function cohenKappa(
  a: ReadonlyArray<string | number>,
  b: ReadonlyArray<string | number>,
): number | null {
  if (a.length !== b.length) throw new Error('cohenKappa: both coders must rate the same units');
  const n = a.length;
  if (n === 0) return null;
  let agree = 0;
  const ma = new Map<string, number>();
  const mb = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const x = String(a[i]);
    const y = String(b[i]);
    if (x === y) agree++;
    ma.set(x, (ma.get(x) ?? 0) + 1);
    mb.set(y, (mb.get(y) ?? 0) + 1);
  }
  let pe = 0;
  for (const [c, na] of ma) pe += (na / n) * ((mb.get(c) ?? 0) / n);
  return kappaOf(agree / n, pe);
}

/** (p_o − p_e) / (1 − p_e); null when chance agreement is 1. The kernel of every kappa here. */
export function kappaOf(observed: number, chance: number): number | null {
  return chance === 1 ? null : (observed - chance) / (1 - chance);
}

/**
 * Fleiss' kappa from its sums: `units` units rated by `raters` each, `sumAgreement` the sum
 * over units of P_i = (Σ_j n_ij² − raters) / (raters (raters − 1)), `totals` the ratings per
 * category. fleissKappa and the streaming agreement table both end here.
 */
export function fleissFromSums(
  units: number,
  raters: number,
  sumAgreement: number,
  totals: readonly number[],
): number | null {
  if (units === 0 || raters < 2) return null;
  const pe = totals.reduce((s, t) => s + (t / (units * raters)) ** 2, 0);
  return kappaOf(sumAgreement / units, pe);
}

/**
 * Fleiss' kappa (Fleiss 1971) from a units × categories table of counts: `counts[u][j]`
 * raters put unit u in category j. Every unit must have the same number of raters (≥ 2).
 * Null when chance agreement is 1 (all ratings in one category).
 */
export function fleissKappa(counts: ReadonlyArray<ReadonlyArray<number>>): number | null {
  const N = counts.length;
  if (N === 0) return null;
  const raters = counts[0]!.reduce((s, x) => s + x, 0);
  if (raters < 2) return null;
  const categories = counts[0]!.length;
  const totals = new Array<number>(categories).fill(0);
  let sumAgreement = 0;
  for (const row of counts) {
    const n = row.reduce((s, x) => s + x, 0);
    if (n !== raters) throw new Error('fleissKappa: every unit needs the same number of raters');
    row.forEach((x, j) => (totals[j]! += x));
    sumAgreement += (row.reduce((s, x) => s + x * x, 0) - raters) / (raters * (raters - 1));
  }
  return fleissFromSums(N, raters, sumAgreement, totals);
}

/**
 * Percent agreement over pairable ratings: of all pairs of coders who both rated a unit,
 * the share that gave the same rating. With two coders, the share of units they agree on.
 */
export function pairwiseAgreement(
  units: ReadonlyArray<ReadonlyArray<string | number | null>>,
): number | null {
  let pairs = 0;
  let same = 0;
  for (const unit of units) {
    const v = unit.filter((x) => x !== null);
    for (let i = 0; i < v.length; i++)
      for (let j = i + 1; j < v.length; j++) {
        pairs++;
        if (v[i] === v[j]) same++;
      }
  }
  return pairs === 0 ? null : same / pairs;
}
