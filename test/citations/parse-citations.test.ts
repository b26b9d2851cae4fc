import { describe, expect, it } from 'vitest';
import { parseCitations } from '../../src/citations/parse-citations.js';

const problems = (text: string) =>
  parseCitations(text).flatMap((g) => g.problems.map((p) => [p.line, p.kind, p.token, p.fix ?? null]));

describe('parseCitations', () => {
  it('finds groups, ranges with and without spaces, and groups wrapping across lines', () => {
    const groups = parseCitations('Eerst [B2.23, B3.7] en dan [A1.30-A1.32,\nD3.22 - D3.24].');
    expect(groups.map((g) => [g.line, g.endLine, g.codes])).toEqual([
      [1, 1, ['B2.23', 'B3.7']],
      [1, 2, ['A1.30', 'A1.31', 'A1.32', 'D3.22', 'D3.23', 'D3.24']],
    ]);
    expect(groups.every((g) => g.problems.length === 0)).toBe(true);
  });

  it('ignores brackets that are not citations', () => {
    expect(
      parseCitations('Zo [sic] en [1], [2019], [zie bijlage 3] en [een link](https://x.nl) en [^2].'),
    ).toEqual([]);
  });

  it('reports OCR letters, a missing letter, a missing dot, a missing comma and a repeated code, each with its line', () => {
    const text =
      'Een [Al.2, A3.9] twee\n[A3.9, 3.16] drie [C55]\nvier [B2.10 B3.12] vijf [B2.16, B2.16, B2.27] zes [Cl.1]';
    expect(problems(text)).toEqual([
      [1, 'ocr-letter', 'Al.2', 'A1.2'],
      [2, 'missing-letter', '3.16', 'A3.16'],
      [2, 'missing-dot', 'C55', 'C5.5'],
      [3, 'missing-comma', 'B2.10 B3.12', 'B2.10, B3.12'],
      [3, 'duplicate', 'B2.16', null],
      [3, 'ocr-letter', 'Cl.1', 'C1.1'],
    ]);
  });

  it('infers a missing letter from the citation before when the group has no other code', () => {
    expect(problems('Zie [B3.2, B3.4].\nEn ook [3.16].')).toEqual([[2, 'missing-letter', '3.16', 'B3.16']]);
  });

  it('reports a range across interviews or backwards', () => {
    expect(problems('[B1.4-B2.2] [B1.5-B1.3]').map((p) => p[1])).toEqual(['bad-range', 'bad-range']);
  });
});
