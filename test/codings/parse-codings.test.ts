import { describe, expect, it } from 'vitest';
import { parseCodings } from '../../src/codings/parse-codings.js';

describe('parseCodings', () => {
  it('reads fragment, label and memo, semicolons and BOM included', () => {
    const { codings, diagnostics } = parseCodings(
      '\uFEFFfragment;label;memo\nB3.7;3.J;"anoniem; online"\n',
      'anna.csv',
      'anna',
    );
    expect(diagnostics).toEqual([]);
    expect(codings).toEqual([
      { coder: 'anna', fragment: 'B3.7', label: '3.J', memo: 'anoniem; online', file: 'anna.csv', line: 2 },
    ]);
  });

  it('reports malformed codes with a hint, main labels, malformed labels and duplicates, each with its line', () => {
    const text = 'fragment,label\nAl.2,1.A\n3.16,1.A\nB2,10,1.A\nB1.1,3\nB1.1,3.j\nB1.1,1.A\nB1.1,1.A\n';
    const { codings, diagnostics } = parseCodings(text, 'c.csv', 'c');
    expect(diagnostics.map((d) => [d.line, d.rule])).toEqual([
      [2, 'codings/malformed-fragment'],
      [3, 'codings/malformed-fragment'],
      [4, 'csv/extra-cells'],
      [4, 'codings/malformed-fragment'],
      [4, 'codings/main-label'], // "B2,10" splits into fragment B2 and label 10: the extra cell says why
      [5, 'codings/main-label'],
      [6, 'codings/malformed-label'],
      [8, 'codings/duplicate'],
    ]);
    expect(diagnostics[0]!.message).toContain('did you mean A1.2?');
    expect(diagnostics[1]!.message).toContain('the group letter is missing');
    expect(codings.map((c) => c.line)).toEqual([7]);
  });
});
