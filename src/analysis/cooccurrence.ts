import { compareLabelIds, type Codebook } from '../codebook/codebook.js';
import type { Fragment } from '../fragments/fragment.js';
import { FragmentIndex } from '../fragments/fragment-index.js';
import type { GroupConfig } from '../config/study-config.js';
import { labelsOfCodebook } from './labels-by-fragment.js';

export interface CooccurrencePair {
  a: string;
  b: string;
  /** Fragments coded with both labels. */
  fragments: number;
  /** Respondents with a fragment coded a and a fragment (maybe another) coded b. */
  respondents: number;
}

/**
 * Co-occurrence of core labels within one codebook: for every pair of labels, how many
 * fragments carry both, and how many respondents were given both (on the same or on
 * different fragments). Pairs that never co-occur either way are left out. Sorted by
 * fragments, then respondents (both descending), then label order.
 */
export function computeCooccurrence(
  codebook: Codebook,
  groups: readonly GroupConfig[],
  fragments: readonly Fragment[],
  labels: ReadonlyMap<string, ReadonlySet<string>>,
): CooccurrencePair[] {
  const known = new Set(codebook.mains.flatMap((m) => m.cores.map((c) => c.id)));
  const index = new FragmentIndex(fragments);
  const byFragment = new Map<string, number>();
  const respondentLabels = new Map<string, Set<string>>();
  const key = (a: string, b: string) => (compareLabelIds(a, b) < 0 ? `${a}|${b}` : `${b}|${a}`);
  for (const [fragment, set] of labelsOfCodebook(labels, codebook.id, groups)) {
    const mine = [...set].filter((l) => known.has(l));
    if (mine.length === 0) continue;
    for (let i = 0; i < mine.length; i++)
      for (let j = i + 1; j < mine.length; j++) {
        const k = key(mine[i]!, mine[j]!);
        byFragment.set(k, (byFragment.get(k) ?? 0) + 1);
      }
    const r = index.get(fragment)?.respondent;
    if (r === undefined) continue;
    let rs = respondentLabels.get(r);
    if (!rs) respondentLabels.set(r, (rs = new Set()));
    mine.forEach((l) => rs.add(l));
  }
  const byRespondent = new Map<string, number>();
  for (const set of respondentLabels.values()) {
    const list = [...set];
    for (let i = 0; i < list.length; i++)
      for (let j = i + 1; j < list.length; j++) {
        const k = key(list[i]!, list[j]!);
        byRespondent.set(k, (byRespondent.get(k) ?? 0) + 1);
      }
  }
  return [...byRespondent.keys()]
    .map((k) => {
      const [a, b] = k.split('|') as [string, string];
      return { a, b, fragments: byFragment.get(k) ?? 0, respondents: byRespondent.get(k)! };
    })
    .sort(
      (x, y) =>
        y.fragments - x.fragments ||
        y.respondents - x.respondents ||
        compareLabelIds(x.a, y.a) ||
        compareLabelIds(x.b, y.b),
    );
}
