import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Fragment } from '../../src/fragments/fragment.js';
import { FragmentIndex } from '../../src/fragments/fragment-index.js';

const fragment = (code: string): Fragment => {
  const respondent = code.split('.')[0]!;
  return {
    code,
    group: code[0]!,
    interview: Number(respondent.slice(1)),
    respondent,
    speaker: 'R',
    text: code,
    source: 's.txt',
    line: 1,
  };
};

describe('FragmentIndex', () => {
  it('answers as a Map of the same fragments would, numbered in order or not', () => {
    // Unique codes in any order: some respondents numbered 1..n in a row, some shuffled or with gaps.
    const codes = fc.uniqueArray(
      fc
        .tuple(fc.constantFrom('A', 'B'), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 6 }))
        .map(([g, i, n]) => `${g}${i}.${n}`),
      { maxLength: 30 },
    );
    const ordered = fc
      .array(fc.tuple(fc.constantFrom('A1', 'B2', 'C10'), fc.integer({ min: 0, max: 5 })), { maxLength: 4 })
      .map((runs) => [
        ...new Set(runs.flatMap(([r, n]) => Array.from({ length: n }, (_, k) => `${r}.${k + 1}`))),
      ]);
    fc.assert(
      fc.property(
        fc.oneof(codes, ordered),
        fc.array(fc.string({ maxLength: 6 }), { maxLength: 5 }),
        (list, probes) => {
          const fragments = list.map(fragment);
          const index = new FragmentIndex(fragments);
          const map = new Map(fragments.map((f) => [f.code, f]));
          expect(index.size).toBe(map.size);
          expect([...index.keys()]).toEqual([...map.keys()]);
          for (const code of [...list, ...probes, 'A1.0', 'A1.01', 'A1.7', 'A1', '.1']) {
            expect(index.get(code)).toBe(map.get(code));
            expect(index.has(code)).toBe(map.has(code));
            if (map.has(code)) expect(fragments[index.positionOf(code)!]).toBe(map.get(code));
          }
          for (const r of ['A1', 'A2', 'B2', 'C10', 'Z9'])
            expect(index.countOf(r)).toBe(fragments.filter((f) => f.respondent === r).length);
        },
      ),
      { numRuns: 300, seed: 11 },
    );
  });
});

describe('labels kept by fragment position', () => {
  it('hold the same labels per fragment as without the index, codes outside it included', async () => {
    const { labelsByFragment } = await import('../../src/analysis/labels-by-fragment.js');
    const codings = fc.array(
      fc.tuple(
        fc.constantFrom('A1', 'A2', 'B1'),
        fc.integer({ min: 1, max: 8 }),
        fc.constantFrom('1.A', '1.B', '2.A'),
        fc.constantFrom('anna', 'bram'),
      ),
      { maxLength: 40 },
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 6 }), codings, (n, picks) => {
        const fragments = ['A1', 'A2'].flatMap((r) =>
          Array.from({ length: n }, (_, k) => fragment(`${r}.${k + 1}`)),
        );
        const list = picks.map(([r, k, label, coder]) => ({
          coder,
          fragment: `${r}.${k}`,
          label,
          memo: '',
          file: 'c.csv',
          line: 1,
        }));
        const plain = labelsByFragment(list, ['anna']);
        const indexed = labelsByFragment(list, ['anna'], new FragmentIndex(fragments));
        expect(indexed.size).toBe(plain.size);
        const sorted = (m: ReadonlyMap<string, ReadonlySet<string>>) =>
          [...m].map(([k, v]) => [k, [...v]]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
        expect(sorted(indexed)).toEqual(sorted(plain));
        for (const [code] of plain) expect([...indexed.get(code)!]).toEqual([...plain.get(code)!]);
        expect(indexed.has('A9.9')).toBe(false);
      }),
      { numRuns: 200, seed: 12 },
    );
  });
});
