import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
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

/**
 * Parses a CSV text with a header row. Headers are matched case-insensitively; every
 * record keeps the line it starts on so problems can be reported as `file:line`.
 * Blank lines are skipped. A malformed CSV (unclosed quote, ragged row) is one diagnostic.
 */
export function parseCsv(text: string, file: string): CsvTable {
  const body = text.replace(/^\uFEFF/, '');
  // Without a quote character, CSV is plain splitting: much faster than csv-parse with line info.
  if (!body.includes('"')) return splitCsv(body, file);
  return parseCsvFully(body, file);
}

/** parseCsv through csv-parse, for text with quotes (exported so tests can compare both paths). */
export function parseCsvFully(body: string, file: string): CsvTable {
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
    return { header: [], rows: [], diagnostics: [error(file, err.lines, 'csv/malformed', `Malformed CSV: ${err.message.replace(/^Invalid [^:]*: /, '')}`)] };
  }
  const first = records[0];
  if (!first) return { header: [], rows: [], diagnostics: [error(file, 1, 'csv/empty', 'Empty CSV file, expected a header row')] };
  const header = first.record.map((h) => h.trim().toLowerCase());
  const rows: CsvRow[] = [];
  const diagnostics: Diagnostic[] = [];
  let previousEnd = first.info.lines;
  for (const { record, info } of records.slice(1)) {
    // info.lines is the line where the record ends; count back its own newlines.
    const newlines = record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0);
    const line = Math.max(previousEnd + 1, info.lines - newlines);
    previousEnd = info.lines;
    if (record.every((c) => c.trim() === '')) continue;
    if (record.length > header.length && record.slice(header.length).some((c) => c.trim() !== '')) {
      diagnostics.push(error(file, line, 'csv/extra-cells', `Unexpected ${record.length} cells, expected ${header.length} (as in the header)`));
    }
    const cells: Record<string, string> = {};
    header.forEach((h, k) => (cells[h] = (record[k] ?? '').trim()));
    rows.push({ cells, line });
  }
  return { header, rows, diagnostics };
}

/** parseCsv for text without quotes: the same table and diagnostics, by splitting lines and cells. */
function splitCsv(body: string, file: string): CsvTable {
  const delimiter = detectDelimiter(body);
  const lines = body.split('\n');
  let first = 0;
  while (first < lines.length && lines[first]!.replace(/\r$/, '') === '') first++;
  if (first >= lines.length) return { header: [], rows: [], diagnostics: [error(file, 1, 'csv/empty', 'Empty CSV file, expected a header row')] };
  const header = lines[first]!.replace(/\r$/, '').split(delimiter).map((h) => h.trim().toLowerCase());
  const rows: CsvRow[] = [];
  const diagnostics: Diagnostic[] = [];
  for (let i = first + 1; i < lines.length; i++) {
    const raw = lines[i]!.replace(/\r$/, '');
    if (raw === '') continue;
    const record = raw.split(delimiter);
    if (record.every((c) => c.trim() === '')) continue;
    if (record.length > header.length && record.slice(header.length).some((c) => c.trim() !== '')) {
      diagnostics.push(error(file, i + 1, 'csv/extra-cells', `Unexpected ${record.length} cells, expected ${header.length} (as in the header)`));
    }
    const cells: Record<string, string> = {};
    for (let k = 0; k < header.length; k++) cells[header[k]!] = (record[k] ?? '').trim();
    rows.push({ cells, line: i + 1 });
  }
  return { header, rows, diagnostics };
}

/** CSV text with a header row; `excel` writes a BOM and semicolons for Dutch Excel. */
export function stringifyCsv(header: string[], rows: (string | number)[][], options: { excel?: boolean } = {}): string {
  const text = stringify([header, ...rows], { delimiter: options.excel ? ';' : ',', record_delimiter: options.excel ? '\r\n' : '\n' });
  return options.excel ? `\uFEFF${text}` : text;
}
