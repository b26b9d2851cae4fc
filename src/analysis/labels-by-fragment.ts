import type { Coding } from '../codings/coding.js';

/**
 * The labels each fragment carries, merged over the given coders (all when `coders` is
 * empty or undefined): a label counts once per fragment however many coders gave it.
 */
export function labelsByFragment(codings: readonly Coding[], coders?: readonly string[]): Map<string, Set<string>> {
  const only = coders && coders.length > 0 ? new Set(coders) : undefined;
  const map = new Map<string, Set<string>>();
  for (const c of codings) {
    if (only && !only.has(c.coder)) continue;
    let set = map.get(c.fragment);
    if (!set) map.set(c.fragment, (set = new Set()));
    set.add(c.label);
  }
  return map;
}

/**
 * The part of a labels map that belongs to one codebook: fragments of the groups coded
 * with it. Label ids such as `1.A` exist in every codebook, so tables for one codebook
 * must never see another codebook's fragments. Lazy: a study's labels map is walked once.
 */
export function* labelsOfCodebook(
  labels: ReadonlyMap<string, ReadonlySet<string>>,
  codebookId: string,
  groups: readonly { letter: string; codebook: string }[],
): Generator<[string, ReadonlySet<string>]> {
  const letters = new Set(groups.filter((g) => g.codebook === codebookId).map((g) => g.letter));
  for (const entry of labels) if (letters.has(entry[0][0]!)) yield entry;
}
