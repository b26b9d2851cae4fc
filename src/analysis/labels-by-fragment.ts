import type { Coding } from '../codings/coding.js';
import type { FragmentIndex } from '../fragments/fragment-index.js';

/**
 * The labels each fragment carries, merged over the given coders (all when `coders` is
 * empty or undefined): a label counts once per fragment however many coders gave it.
 * With the study's fragment index, labels are kept by fragment position (no hash entry
 * per fragment) and listed in fragment order; without it, in order of first coding.
 */
export function labelsByFragment(
  codings: readonly Coding[],
  coders?: readonly string[],
  index?: FragmentIndex,
): ReadonlyMap<string, ReadonlySet<string>> {
  const only = coders && coders.length > 0 ? new Set(coders) : undefined;
  const map = new FragmentLabels(index);
  for (const c of codings) if (!only || only.has(c.coder)) map.add(c.fragment, c.label);
  return map;
}

/** Labels per fragment code, stored by the fragment's position in a FragmentIndex when it has one. */
class FragmentLabels implements ReadonlyMap<string, ReadonlySet<string>> {
  // Sized up front: filling a large empty array out of order would turn it into a dictionary.
  private readonly byPosition: (Set<string> | undefined)[];
  private readonly others = new Map<string, Set<string>>();
  private count = 0;

  constructor(private readonly index: FragmentIndex | undefined) {
    this.byPosition = new Array<Set<string> | undefined>(index?.positions ?? 0);
  }

  add(code: string, label: string): void {
    const at = this.index?.positionOf(code);
    let set = at === undefined ? this.others.get(code) : this.byPosition[at];
    if (!set) {
      set = new Set();
      if (at === undefined) this.others.set(code, set);
      else this.byPosition[at] = set;
      this.count++;
    }
    set.add(label);
  }

  get size(): number {
    return this.count;
  }

  get(code: string): ReadonlySet<string> | undefined {
    const at = this.index?.positionOf(code);
    return at === undefined ? this.others.get(code) : this.byPosition[at];
  }

  has(code: string): boolean {
    return this.get(code) !== undefined;
  }

  *entries(): MapIterator<[string, ReadonlySet<string>]> {
    for (let at = 0; at < this.byPosition.length; at++) {
      const set = this.byPosition[at];
      if (set) yield [this.index!.at(at).code, set];
    }
    yield* this.others.entries();
  }

  [Symbol.iterator](): MapIterator<[string, ReadonlySet<string>]> {
    return this.entries();
  }

  *keys(): MapIterator<string> {
    for (const [code] of this.entries()) yield code;
  }

  *values(): MapIterator<ReadonlySet<string>> {
    for (const [, set] of this.entries()) yield set;
  }

  forEach(
    callback: (
      value: ReadonlySet<string>,
      key: string,
      map: ReadonlyMap<string, ReadonlySet<string>>,
    ) => void,
    thisArg?: unknown,
  ): void {
    for (const [code, set] of this.entries()) callback.call(thisArg, set, code, this);
  }
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
