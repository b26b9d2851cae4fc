import type { Fragment } from './fragment.js';

/**
 * Fragments by code, as a read-only map, and their positions in the list it was made
 * from. Fragments come numbered per respondent (`C12.1`, `C12.2`, …), so a code is found
 * from its respondent and its number: one small map of respondents instead of a hash
 * entry per fragment (a chat study has hundreds of thousands). Fragments not in that
 * order are kept in an ordinary map beside it.
 */
export class FragmentIndex implements ReadonlyMap<string, Fragment> {
  private readonly list: readonly Fragment[];
  /** Per respondent, the run of its fragments 1..count starting at position `first`. */
  private readonly runs = new Map<string, { first: number; count: number }>();
  private readonly others = new Map<string, number>();
  /** Positions of repeated codes (the first one counts); codes are unique when made by numbering. */
  private readonly repeated = new Set<number>();
  readonly size: number;

  constructor(fragments: readonly Fragment[]) {
    this.list = fragments;
    for (let i = 0; i < fragments.length; i++) {
      const f = fragments[i]!;
      const run = this.runs.get(f.respondent);
      const n = numberOf(f.code, f.respondent);
      if (run === undefined && n === 1 && !this.others.has(f.code))
        this.runs.set(f.respondent, { first: i, count: 1 });
      else if (
        run !== undefined &&
        n === run.count + 1 &&
        run.first + run.count === i &&
        !this.others.has(f.code)
      )
        run.count++;
      else if (this.positionOf(f.code) === undefined) this.others.set(f.code, i);
      else this.repeated.add(i);
    }
    this.size = fragments.length - this.repeated.size;
  }

  /** Where the fragment with this code is in the list the index was made from. */
  positionOf(code: string): number | undefined {
    const dot = code.lastIndexOf('.');
    if (dot > 0) {
      const run = this.runs.get(code.slice(0, dot));
      if (run !== undefined) {
        const n = Number(code.slice(dot + 1));
        if (n >= 1 && n <= run.count && this.list[run.first + n - 1]!.code === code) return run.first + n - 1;
      }
    }
    return this.others.get(code);
  }

  /** Positions run from 0 to this (the length of the list the index was made from). */
  get positions(): number {
    return this.list.length;
  }

  /** The fragment at a position returned by positionOf. */
  at(position: number): Fragment {
    return this.list[position]!;
  }

  get(code: string): Fragment | undefined {
    const at = this.positionOf(code);
    return at === undefined ? undefined : this.list[at];
  }

  has(code: string): boolean {
    return this.positionOf(code) !== undefined;
  }

  /** The number of fragments of a respondent. */
  countOf(respondent: string): number {
    let n = this.runs.get(respondent)?.count ?? 0;
    for (const at of this.others.values()) if (this.list[at]!.respondent === respondent) n++;
    return n;
  }

  *values(): MapIterator<Fragment> {
    for (let i = 0; i < this.list.length; i++) if (!this.repeated.has(i)) yield this.list[i]!;
  }

  *keys(): MapIterator<string> {
    for (const f of this.values()) yield f.code;
  }

  *entries(): MapIterator<[string, Fragment]> {
    for (const f of this.values()) yield [f.code, f];
  }

  [Symbol.iterator](): MapIterator<[string, Fragment]> {
    return this.entries();
  }

  forEach(
    callback: (value: Fragment, key: string, map: ReadonlyMap<string, Fragment>) => void,
    thisArg?: unknown,
  ): void {
    for (const f of this.values()) callback.call(thisArg, f, f.code, this);
  }
}

/** `C12.7` of respondent `C12` → 7; anything else → 0. */
function numberOf(code: string, respondent: string): number {
  if (code.length <= respondent.length + 1 || !code.startsWith(respondent) || code[respondent.length] !== '.')
    return 0;
  const digits = code.slice(respondent.length + 1);
  const n = Number(digits);
  return Number.isInteger(n) && n > 0 && String(n) === digits ? n : 0;
}
