import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { computed, csvRecords, parseCsv, stringifyCsv } from '../../src/io/csv.js';
import { parseCodings } from '../../src/codings/parse-codings.js';
import { parseCodebook } from '../../src/codebook/parse-codebook.js';
import { codebookCsv } from '../../src/refi-qda/codebook-csv.js';
import { appendCodings } from '../../src/suggest/accept-suggestions.js';
import { copyStudy, runCli } from '../helpers/run-cli.js';
import { formulaCells, spreadsheetCells, wouldRunAsFormula } from '../helpers/spreadsheet.js';

const HOSTILE = [
  "=cmd|' /C calc'!A0",
  '=HYPERLINK("http://voorbeeld.nl","klik")',
  '+1+1',
  '-2+3',
  '@SUM(1+1)',
  '\t=1+1',
  '\r=1+1',
  "'=1+1",
  "''-cmd",
];
/** Text that starts with a quote but is no formula: Dutch writes 's avonds and 't. */
const HARMLESS = ["'s avonds", "'t is goed", "'", 'a=b', '', 'gewoon'];

describe('spreadsheet formula injection (OWASP CSV injection)', () => {
  it('the test helper says what a spreadsheet would evaluate', () => {
    expect(wouldRunAsFormula('=1+1')).toBe(true);
    expect(wouldRunAsFormula('\t@x')).toBe(true);
    expect(wouldRunAsFormula('-cmd')).toBe(true);
    expect(wouldRunAsFormula('-0.032')).toBe(false);
    expect(wouldRunAsFormula("'=1+1")).toBe(false);
    expect(wouldRunAsFormula('gewoon')).toBe(false);
  });

  it('no text cell runs as a formula, in either layout, and the reader gives every cell back as it was', () => {
    for (const excel of [false, true]) {
      const rows = [...HOSTILE, ...HARMLESS].map((t) => [t, 'x']);
      const text = stringifyCsv(['text', 'other'], rows, { excel });
      expect(formulaCells(text)).toEqual([]);
      const back = parseCsv(text, 'x.csv').rows.map((r) => r.cells.text);
      expect(back).toEqual(rows.map(([t]) => t));
    }
  });

  it('numbers qualkit computes stay numbers: a negative kappa is not neutralised', () => {
    const text = csvRecords([['1.A', computed('-0.0320'), -5, computed('0.5000'), '-0.0320']]);
    const cells = spreadsheetCells(text);
    expect(cells.slice(0, 4)).toEqual(['1.A', '-0.0320', '-5', '0.5000']);
    // The same characters as text (a respondent's words) are neutralised.
    expect(cells[4]).toBe("'-0.0320");
  });

  it('codings and codebooks round-trip: the readers strip the quote the writers add', () => {
    const codings = appendCodings('fragment,label,memo\n', [
      { fragment: 'B1.1', label: '1.A', memo: '=SUM(A1)+1', line: 2 },
      { fragment: 'B1.2', label: '1.A', memo: "'s avonds", line: 3 },
    ]);
    expect(formulaCells(codings)).toEqual([]);
    expect(parseCodings(codings, 'anna.csv', 'anna').codings.map((c) => c.memo)).toEqual([
      '=SUM(A1)+1',
      "'s avonds",
    ]);
    const codebook = {
      id: 'cb',
      subquestion: '1',
      file: 'cb.csv',
      mains: [
        {
          id: '1',
          no: 1,
          label: '=Drempels',
          definition: '-2+3 alles',
          line: 2,
          cores: [{ id: '1.A', letter: 'A', label: '@Schaamte', definition: '+taboe', line: 3 }],
        },
      ],
    };
    const csv = codebookCsv(codebook, { excel: true });
    expect(formulaCells(csv)).toEqual([]);
    const back = parseCodebook(csv, 'cb.csv', 'cb');
    expect(back.diagnostics).toEqual([]);
    expect(back.codebook.mains[0]!.label).toBe('=Drempels');
    expect(back.codebook.mains[0]!.definition).toBe('-2+3 alles');
    expect(back.codebook.mains[0]!.cores[0]!.label).toBe('@Schaamte');
    expect(back.codebook.mains[0]!.cores[0]!.definition).toBe('+taboe');
  });

  it('every CSV of a study with hostile fragments, labels and memos opens without running a formula', () => {
    const study = copyStudy('mini');
    const c1 = join(study, 'sources/C1.txt');
    writeFileSync(
      c1,
      readFileSync(c1, 'utf8')
        .replace('Jay: geld voor eten', "Jay: =cmd|' /C calc'!A0 geld voor eten")
        .replace('Jay: en echt geld', 'Jay: +1+1 en echt geld'),
    );
    const cb = join(study, 'codebook.csv');
    writeFileSync(
      cb,
      readFileSync(cb, 'utf8').replace(',Schaamte,"Schaamte, taboe."', ',-Schaamte,"=1+1 Schaamte, taboe."'),
    );
    const anna = join(study, 'codings/anna.csv');
    writeFileSync(anna, readFileSync(anna, 'utf8').replace('B1.1,1.A,schamen', 'B1.1,1.A,-2+3 schamen'));
    const checked: string[] = [];
    for (const excel of [[], ['--excel']]) {
      const out = join(study, `out${excel.length}`);
      const r = runCli(['run', study, '--out', out, ...excel]);
      expect(r.stderr).toContain('files in');
      const s = runCli(['suggest', study, '--for', 'bram', '--out', out, ...excel]);
      expect(s.status).toBe(0);
      for (const name of readdirSync(out).filter((n) => n.endsWith('.csv'))) {
        const text = readFileSync(join(out, name), 'utf8');
        expect({ name, formulas: formulaCells(text) }).toEqual({ name, formulas: [] });
        checked.push(name);
      }
      const book = readFileSync(join(out, 'source-book.csv'), 'utf8');
      expect(spreadsheetCells(book).some((c) => c.startsWith("'=cmd|' /C calc'!A0 geld voor eten"))).toBe(
        true,
      );
      const texts = parseCsv(book, 'x').rows.map((row) => row.cells.text!);
      expect(texts.some((t) => t.startsWith("=cmd|' /C calc'!A0 geld voor eten"))).toBe(true);
    }
    expect(checked).toEqual(expect.arrayContaining(['source-book.csv', 'disagreements.csv', 'overview.csv']));
    expect(checked).toEqual(expect.arrayContaining(['suggestions-bram.csv', 'agreement.csv']));
    // The same on stdout (--format csv).
    for (const args of [
      ['ingest', study, '--format', 'csv'],
      ['overview', study, '--format', 'csv'],
      ['agree', study, '--disagreements', '--format', 'csv'],
    ]) {
      const r = runCli(args);
      expect(r.status).toBe(0);
      expect({ args, formulas: formulaCells(r.stdout) }).toEqual({ args, formulas: [] });
    }
  });

  it('suggestions reviewed in a spreadsheet are accepted with their text as it was, and the codings file stays safe', () => {
    const study = copyStudy('mini');
    const out = join(study, 'out');
    expect(runCli(['suggest', study, '--for', 'bram', '--out', out]).status).toBe(0);
    const file = join(out, 'suggestions-bram.csv');
    const lines = readFileSync(file, 'utf8').split('\n');
    // Mark the first suggestion, with a memo as a coder might type it.
    lines[1] = lines[1]!.replace(/^([^,]+),([^,]+),,/, '$1,$2,=2+5 klopt,').replace(/,$/, ',x');
    writeFileSync(file, lines.join('\n'));
    const r = runCli(['suggest', study, '--for', 'bram', '--accept', file]);
    expect(r.stderr).toContain('1 accepted coding(s)');
    const codings = readFileSync(join(study, 'codings/bram.csv'), 'utf8');
    expect(formulaCells(codings)).toEqual([]);
    const parsed = parseCodings(codings, 'bram.csv', 'bram');
    expect(parsed.codings.at(-1)!.memo).toBe('=2+5 klopt');
  });
});
