import { error, type Diagnostic } from '../core/diagnostics.js';
import { parseCsv, detectDelimiter, neutralised } from '../io/csv.js';
import { stringify } from 'csv-stringify/sync';

const YES = new Set(['x', 'y', 'yes', 'ja', 'j', '1', 'true', 'waar', 'ok', '✓', '✔', 'accept', 'accepted']);

export interface AcceptedRow {
  fragment: string;
  label: string;
  memo: string;
  line: number;
}

/**
 * The rows a researcher kept in a reviewed suggestions file: those whose `accept` cell is
 * marked (x, yes, ja, 1, true, ✓). A file without an `accept` column is an error: nothing
 * may be accepted by default.
 */
export function readAccepted(text: string, file: string): { rows: AcceptedRow[]; diagnostics: Diagnostic[] } {
  const table = parseCsv(text, file);
  const diagnostics = [...table.diagnostics];
  if (
    table.header.length > 0 &&
    (!table.header.includes('accept') ||
      !table.header.includes('fragment') ||
      !table.header.includes('label'))
  ) {
    diagnostics.push(
      error(
        file,
        1,
        'suggest/missing-column',
        'Missing column fragment, label or accept; mark the suggestions to keep with an x in the accept column',
      ),
    );
    return { rows: [], diagnostics };
  }
  const rows = table.rows
    .filter((r) => YES.has((r.cells.accept ?? '').trim().toLowerCase()))
    .map((r) => ({
      fragment: r.cells.fragment ?? '',
      label: r.cells.label ?? '',
      memo: r.cells.memo ?? '',
      line: r.line,
    }));
  return { rows, diagnostics };
}

/**
 * The codings file's text with the accepted rows appended, in the file's own layout:
 * its delimiter, its columns (memo where it has one; other columns empty), its line ends,
 * its BOM. The existing text is kept byte for byte; a memo that would run as a spreadsheet
 * formula is written with a leading `'` (which the codings reader takes off).
 */
export function appendCodings(existing: string, rows: readonly AcceptedRow[]): string {
  const body = existing.replace(/^\uFEFF/, '');
  const delimiter = detectDelimiter(body);
  const crlf = /\r\n/.test(existing);
  const parsedHeader = parseCsv(body, 'x').header;
  const header = parsedHeader.length > 0 ? parsedHeader : ['fragment', 'label', 'memo'];
  const fragmentCol = ['fragment', 'code', 'fragment_code'].find((h) => header.includes(h)) ?? 'fragment';
  const labelCol = ['label', 'core_label'].find((h) => header.includes(h)) ?? 'label';
  // Cells are neutralised against spreadsheet formulas, as every CSV qualkit writes (io/csv.ts).
  const records = rows.map((r) =>
    header.map((h) =>
      neutralised(h === fragmentCol ? r.fragment : h === labelCol ? r.label : h === 'memo' ? r.memo : ''),
    ),
  );
  const added = stringify(parsedHeader.length > 0 ? records : [header, ...records], {
    delimiter,
    record_delimiter: crlf ? '\r\n' : '\n',
  });
  const separator = existing.length === 0 || existing.endsWith('\n') ? '' : crlf ? '\r\n' : '\n';
  return existing + separator + added;
}
