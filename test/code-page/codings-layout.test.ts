import { describe, expect, it } from 'vitest';
import { addCoreLabelRow, nextCoreLetter } from '../../src/code-page/codebook-layout.js';
import {
  addCoding,
  codingsOfLayout,
  removeCoding,
  updateCoding,
} from '../../src/code-page/codings-layout.js';
import { readCsvLayout, writeCsvLayout, type CsvLayout } from '../../src/code-page/csv-layout.js';

/** The text kept up to date edit by edit, checked against the text built again from the records. */
function out(layout: CsvLayout): string {
  expect(layout.text).toBe(writeCsvLayout(layout));
  return layout.text;
}

const order = ['B1.1', 'B1.2', 'B1.3', 'B2.1', 'C1.1', 'C1.2'];
const position = (code: string) => {
  const i = order.indexOf(code);
  return i < 0 ? undefined : i;
};
const blank = { memo: '', stance: '' as const, type: '' };

describe('a codings file keeps its own layout when the page edits it', () => {
  it('reads and writes every file back byte for byte', () => {
    for (const text of [
      'fragment,label,memo\nB1.1,1.A,x\n',
      '\uFEFFfragment;label;memo\r\nB1.1;1.A;"a; b"\r\nB1.2;1.B;\r\n',
      'fragment,label,memo\nB1.1,1.A,"twee\nregels, ""citaat"""\nB1.2,1.B,',
      'fragment,label\n\nB1.1,1.A\n\n',
      '',
    ])
      expect(writeCsvLayout(readCsvLayout(text, ['fragment', 'label', 'memo']))).toBe(
        text === '' ? 'fragment,label,memo\n' : text,
      );
  });

  it('adds a row after the last row of its fragment or of an earlier one, in the file’s columns', () => {
    const layout = readCsvLayout('fragment,label,memo,extra\nB1.1,1.A,,keep\nB2.1,1.B,,\n', []);
    addCoding(layout, { fragment: 'B1.3', label: '2.A', ...blank, memo: 'nieuw' }, position);
    addCoding(layout, { fragment: 'B1.1', label: '1.B', ...blank }, position);
    addCoding(layout, { fragment: 'C1.2', label: '2.B', ...blank }, position);
    expect(out(layout)).toBe(
      'fragment,label,memo,extra\nB1.1,1.A,,keep\nB1.1,1.B,,\nB1.3,2.A,nieuw,\nB2.1,1.B,,\nC1.2,2.B,,\n',
    );
  });

  it('keeps semicolons, the BOM and CRLF, and quotes what needs quoting', () => {
    const layout = readCsvLayout('\uFEFFFragment;Label;Memo\r\nC1.1;1.A;oud\r\n', []);
    addCoding(layout, { fragment: 'C1.2', label: '2.A', ...blank, memo: 'a;b "c"' }, position);
    expect(out(layout)).toBe('\uFEFFFragment;Label;Memo\r\nC1.1;1.A;oud\r\nC1.2;2.A;"a;b ""c"""\r\n');
  });

  it('ends an unterminated last line before adding after it', () => {
    const layout = readCsvLayout('fragment,label\r\nB1.1,1.A', []);
    addCoding(layout, { fragment: 'B1.2', label: '1.B', ...blank }, position);
    expect(out(layout)).toBe('fragment,label\r\nB1.1,1.A\r\nB1.2,1.B\r\n');
  });

  it('removes and updates one row, leaving the others as they were', () => {
    const text = 'fragment,label,memo,stance\nB1.1,1.A,  spaced ,\nB1.2, 1.B ,x,\nB1.3,2.A,,Supports\n';
    const layout = readCsvLayout(text, []);
    expect(removeCoding(layout, 'B1.2', '1.B')).toBe(true);
    expect(removeCoding(layout, 'B1.2', '1.B')).toBe(false);
    expect(
      updateCoding(layout, {
        fragment: 'B1.3',
        label: '2.A',
        memo: 'nu wel',
        stance: 'contradicts',
        type: '',
      }),
    ).toBe(true);
    expect(out(layout)).toBe(
      'fragment,label,memo,stance\nB1.1,1.A,  spaced ,\nB1.3,2.A,nu wel,contradicts\n',
    );
  });

  it('adds a missing column to the header only, guards against spreadsheet formulas and reads the memo back as typed', () => {
    const layout = readCsvLayout('fragment,label\nB1.1,1.A\nB1.2,1.B\n', []);
    updateCoding(layout, {
      fragment: 'B1.2',
      label: '1.B',
      memo: '=HYPERLINK("x")',
      stance: '',
      type: 'gelukszoekers',
    });
    expect(out(layout)).toBe(
      'fragment,label,memo,type\nB1.1,1.A\nB1.2,1.B,"\'=HYPERLINK(""x"")",gelukszoekers\n',
    );
    expect(codingsOfLayout(layout)).toEqual([
      { fragment: 'B1.1', label: '1.A', memo: '', stance: '', type: '' },
      { fragment: 'B1.2', label: '1.B', memo: '=HYPERLINK("x")', stance: '', type: 'gelukszoekers' },
    ]);
  });
});

describe('a new core label in the codebook CSV', () => {
  it('takes the next free letter (Z is followed by AA)', () => {
    expect(nextCoreLetter([])).toBe('A');
    expect(nextCoreLetter(['A', 'C', 'B'])).toBe('D');
    expect(nextCoreLetter(['Y', 'Z'])).toBe('AA');
    expect(nextCoreLetter(['Z', 'AA', 'AZ'])).toBe('BA');
  });

  it('goes right after its main label’s last row, in the file’s columns and layout', () => {
    const text =
      '\uFEFFsubquestion;main_no;main_label;core_letter;core_label;definition;color\r\n1;1;Drempels;;;Wat tegenhoudt.;\r\n1;1;Drempels;A;Schaamte;Taboe.;#FF0000\r\n1;2;Behoeften;A;Onderdak;Slapen.;\r\n';
    const layout = readCsvLayout(text, []);
    addCoreLabelRow(layout, {
      subquestion: '1',
      mainNo: 1,
      mainLabel: 'Drempels',
      letter: 'B',
      label: 'Angst; voor politie',
      definition: 'Bang.',
    });
    expect(out(layout)).toBe(
      '\uFEFFsubquestion;main_no;main_label;core_letter;core_label;definition;color\r\n1;1;Drempels;;;Wat tegenhoudt.;\r\n1;1;Drempels;A;Schaamte;Taboe.;#FF0000\r\n1;1;Drempels;B;"Angst; voor politie";Bang.;\r\n1;2;Behoeften;A;Onderdak;Slapen.;\r\n',
    );
  });
});
