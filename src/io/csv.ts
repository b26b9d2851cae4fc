import { parse } from 'csv-parse/sync';
import { error, type Diagnostic } from '../core/diagnostics.js';

export interface CsvRow {
  /** Cells by lower-cased, trimmed header name. */
  cells: Record<string, string>;
  /** 1-based line in the file where the record starts. */
  line: number;
}

export interface CsvTable {
  header: string[];
  rows: CsvRow[];
  diagnostics: Diagnostic[];
}

/** Picks `;` when the header line has more semicolons than commas (Dutch Excel), else `,`. */
export function detectDelimiter(text: string): ',' | ';' {
  const firstLine = text.split('\n', 1)[0] ?? '';
  const count = (ch: string) => firstLine.split(ch).length - 1;
  return count(';') > count(',') ? ';' : ',';
}

/** What visiting a CSV found besides its rows: the header (trimmed, lower-cased) and the problems. */
export interface CsvVisit {
  header: string[];
  diagnostics: Diagnostic[];
}

/**
 * Parses a CSV text with a header row. Headers are matched case-insensitively; every
 * record keeps the line it starts on so problems can be reported as `file:line`.
 * Blank lines are skipped. A malformed CSV (unclosed quote, ragged row) is one diagnostic.
 */
export function parseCsv(text: string, file: string): CsvTable {
  const { rows, onRow, onHeader } = tableBuilder();
  const { header, diagnostics } = visitCsv(text, file, onRow, onHeader);
  return { header, rows, diagnostics };
}

/**
 * The rows of a CSV text one at a time, without building a table: `onRow` gets the cells
 * in header order (trimmed, one per header column; the array is reused, so copy what you
 * keep) and the line the record starts on; `onHeader` gets the header first.
 * Same rules and diagnostics as parseCsv; large codings files are read this way.
 */
export function visitCsv(
  text: string,
  file: string,
  onRow: (record: readonly string[], line: number) => void,
  onHeader?: (header: readonly string[]) => void,
): CsvVisit {
  const body = text.replace(/^\uFEFF/, '');
  // Without a quote character, CSV is plain splitting: much faster than csv-parse with line info.
  if (!body.includes('"')) return splitCsv(body, file, onRow, onHeader);
  return visitCsvFully(body, file, onRow, onHeader);
}

/** parseCsv through csv-parse, for text with quotes (exported so tests can compare both paths). */
export function parseCsvFully(body: string, file: string): CsvTable {
  const { rows, onRow, onHeader } = tableBuilder();
  const { header, diagnostics } = visitCsvFully(body, file, onRow, onHeader);
  return { header, rows, diagnostics };
}

/** Collects visited rows as records keyed by header name. */
function tableBuilder() {
  const rows: CsvRow[] = [];
  let names: readonly string[] = [];
  return {
    rows,
    onHeader: (header: readonly string[]) => (names = header),
    onRow: (record: readonly string[], line: number) => {
      // No prototype: a column named constructor or __proto__ is a column like any other.
      const cells = Object.create(null) as Record<string, string>;
      for (let k = 0; k < names.length; k++) cells[names[k]!] = record[k]!;
      rows.push({ cells, line });
    },
  };
}

function visitCsvFully(
  body: string,
  file: string,
  onRow: (record: readonly string[], line: number) => void,
  onHeader?: (header: readonly string[]) => void,
): CsvVisit {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(body, {
      delimiter: detectDelimiter(body),
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
      bom: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (e) {
    const err = e as Error & { lines?: number };
    return {
      header: [],
      diagnostics: [
        error(
          file,
          err.lines,
          'csv/malformed',
          `Malformed CSV: ${err.message.replace(/^Invalid [^:]*: /, '')}`,
        ),
      ],
    };
  }
  const first = records[0];
  if (!first)
    return {
      header: [],
      diagnostics: [error(file, 1, 'csv/empty', 'Empty CSV file, expected a header row')],
    };
  const header = first.record.map((h) => unneutralised(h.trim()).toLowerCase());
  onHeader?.(header);
  const diagnostics: Diagnostic[] = [];
  let previousEnd = first.info.lines;
  const cells = new Array<string>(header.length);
  for (let r = 1; r < records.length; r++) {
    const { record, info } = records[r]!;
    // info.lines is the line where the record ends; count back its own newlines.
    const newlines = record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0);
    const line = Math.max(previousEnd + 1, info.lines - newlines);
    previousEnd = info.lines;
    if (record.every((c) => c.trim() === '')) continue;
    if (record.length > header.length && record.slice(header.length).some((c) => c.trim() !== '')) {
      diagnostics.push(
        error(
          file,
          line,
          'csv/extra-cells',
          `Unexpected ${record.length} cells, expected ${header.length} (as in the header)`,
        ),
      );
    }
    for (let k = 0; k < header.length; k++) cells[k] = unneutralised((record[k] ?? '').trim());
    onRow(cells, line);
  }
  return { header, diagnostics };
}

/** visitCsv for text without quotes: the same rows and diagnostics, by splitting lines and cells. */
function splitCsv(
  body: string,
  file: string,
  onRow: (record: readonly string[], line: number) => void,
  onHeader?: (header: readonly string[]) => void,
): CsvVisit {
  const delimiter = detectDelimiter(body);
  let at = 0;
  let lineNo = 0;
  const nextLine = (): string | undefined => {
    if (at > body.length) return undefined;
    let end = body.indexOf('\n', at);
    if (end === -1) end = body.length;
    const line = body.charCodeAt(end - 1) === 13 ? body.slice(at, end - 1) : body.slice(at, end);
    at = end + 1;
    lineNo++;
    return line;
  };
  let headerLine = nextLine();
  while (headerLine === '') headerLine = nextLine();
  if (headerLine === undefined)
    return {
      header: [],
      diagnostics: [error(file, 1, 'csv/empty', 'Empty CSV file, expected a header row')],
    };
  const header = headerLine.split(delimiter).map((h) => unneutralised(h.trim()).toLowerCase());
  onHeader?.(header);
  const diagnostics: Diagnostic[] = [];
  const cells = new Array<string>(header.length);
  // Cells are cut straight out of the text (no line string, no split array): a codings
  // file has a row per coding, a million for a large study.
  while (at <= body.length) {
    let end = body.indexOf('\n', at);
    if (end === -1) end = body.length;
    const next = end + 1;
    if (end > at && body.charCodeAt(end - 1) === 13) end--;
    lineNo++;
    let count = 0;
    let blank = true;
    let extra = false;
    for (let from = at; ;) {
      let to = body.indexOf(delimiter, from);
      if (to === -1 || to > end) to = end;
      const cell = trimmed(body, from, to);
      if (count < header.length) cells[count] = cell;
      else if (cell !== '') extra = true;
      if (cell !== '') blank = false;
      count++;
      if (to === end) break;
      from = to + 1;
    }
    at = next;
    if (blank) continue;
    if (extra)
      diagnostics.push(
        error(
          file,
          lineNo,
          'csv/extra-cells',
          `Unexpected ${count} cells, expected ${header.length} (as in the header)`,
        ),
      );
    for (let k = count; k < header.length; k++) cells[k] = '';
    onRow(cells, lineNo);
  }
  return { header, diagnostics };
}

/**
 * text.slice(from, to).trim(), without trimming (or copying twice) when there is nothing
 * to trim; a cell neutralised against formulas gets its quote back off (unneutralised).
 */
function trimmed(text: string, from: number, to: number): string {
  const cell = text.slice(from, to);
  if (cell === '') return cell;
  const first = cell.charCodeAt(0);
  const last = cell.charCodeAt(cell.length - 1);
  if (first === APOSTROPHE) return unneutralised(last <= 32 || last >= 127 ? cell.trim() : cell);
  return first <= 32 || first >= 127 || last <= 32 || last >= 127 ? unneutralised(cell.trim()) : cell;
}

/**
 * Spreadsheet formula injection (OWASP, "CSV Injection"): Excel, LibreOffice and Google
 * Sheets run a cell that starts with `=`, `+`, `-` or `@` (and, after a tab or carriage
 * return, what follows) as a formula, so a fragment `=HYPERLINK(…)` would run when the
 * file is opened. Every text cell qualkit writes that starts with one of those, or with
 * quotes followed by one, gets one more leading `'`, which makes the spreadsheet show it as
 * text. Readers take exactly one such quote off again (a cell of quotes followed by one of
 * those characters), so every CSV qualkit writes reads back as it was. Numbers qualkit
 * computes are written as numbers (a `number` cell, or `computed("-0.032")`).
 */
const FORMULA_START = /^'*[=+\-@\t\r]/;
const NEUTRALISED = /^'+[=+\-@\t\r]/;
const APOSTROPHE = 39;

/** A text cell as written: with a leading `'` when a spreadsheet would take it for a formula. */
export function neutralised(cell: string): string {
  const c = cell.charCodeAt(0);
  // = + - @ tab CR '
  if (c !== 61 && c !== 43 && c !== 45 && c !== 64 && c !== 9 && c !== 13 && c !== APOSTROPHE) return cell;
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

/** A cell as read: the quote `neutralised` added taken off again. */
export function unneutralised(cell: string): string {
  return cell.charCodeAt(0) === APOSTROPHE && NEUTRALISED.test(cell) ? cell.slice(1) : cell;
}

/** A number qualkit computed, already formatted (`-0.032`): written as it is, never neutralised. */
export class ComputedNumber {
  constructor(readonly text: string) {}
}

export function computed(text: string): ComputedNumber {
  return new ComputedNumber(text);
}

/** What a CSV cell may be: text (neutralised against formulas), a number, a computed number, or nothing. */
export type CsvCell = string | number | ComputedNumber | undefined;

/** CSV text with a header row; `excel` writes a BOM and semicolons for Dutch Excel. */
export function stringifyCsv(
  header: string[],
  rows: readonly (readonly CsvCell[])[],
  options: { excel?: boolean } = {},
): string {
  const text = csvRecords([header, ...rows], options);
  return options.excel ? `\uFEFF${text}` : text;
}

const NEEDS_QUOTES = { ',': /[",\n\r]/, ';': /[";\n\r]/ } as const;

/**
 * Records as CSV text, each ended by a line break: exactly what csv-stringify writes with
 * its defaults (a cell is quoted when it holds the delimiter, a quote or a line break;
 * quotes are doubled), which a property test holds it to, after text cells are
 * neutralised against formulas. Written by hand because the source book has a row per
 * fragment and csv-stringify's per-cell options cost more than the rest of the writing.
 */
export function csvRecords(rows: readonly (readonly CsvCell[])[], options: { excel?: boolean } = {}): string {
  const delimiter = options.excel ? ';' : ',';
  const end = options.excel ? '\r\n' : '\n';
  const quoting = NEEDS_QUOTES[delimiter];
  let out = '';
  for (const row of rows) {
    for (let k = 0; k < row.length; k++) {
      if (k > 0) out += delimiter;
      const v = row[k];
      if (v === undefined || v === '') continue;
      const cell = typeof v === 'string' ? neutralised(v) : typeof v === 'number' ? String(v) : v.text;
      if (cell === '') continue;
      out += quoting.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
    }
    out += end;
  }
  return out;
}
