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
