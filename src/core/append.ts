/** Appends items one by one: `target.push(...items)` overflows the call stack for arrays of ~100,000 items and more. */
export function append<T>(target: T[], items: readonly T[]): T[] {
  for (const item of items) target.push(item);
  return target;
}
