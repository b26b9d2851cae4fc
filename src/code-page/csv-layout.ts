import { neutralised } from '../io/csv.js';
/**
 * A CSV file as its bytes lay it out: BOM, delimiter, line end, the header and every
 * record with its raw text. Untouched records are written back byte for byte, so an edit
 * to one row shows in `git diff` as that row only. Cells follow RFC 4180 (quotes around a
 * cell, doubled inside); a record ends at a line break outside quotes.
 */
export interface CsvRecord {
  /** The record's text as in the file, with its line end (none on an unterminated last line). */
  raw: string;
  /** Its cells, unquoted, untrimmed. */
  cells: string[];
  /** Where its fragment is in the study (cached by the codings editor; -1: not a known fragment). */
  position?: number;
}

export interface CsvLayout {
  bom: boolean;
  delimiter: ',' | ';';
  eol: '\n' | '\r\n';
  header: CsvRecord;
  /** The records after the header; blank lines are kept as records with one empty cell. Change them with spliceRecords. */
  readonly records: CsvRecord[];
  /**
   * The file's text as it stands, kept up to date by spliceRecords and replaceHeader: a
   * change to one row of a 100,000-row file then costs a splice of the text, not a join
   * of 100,000 pieces.
   */
  text: string;
}

/** Reads the layout of a CSV text (header first). An empty text gets the header given. */
export function readCsvLayout(text: string, fallbackHeader: readonly string[]): CsvLayout {
  const bom = text.startsWith('\uFEFF');
  const body = bom ? text.slice(1) : text;
  const firstLine = body.split('\n', 1)[0] ?? '';
  const delimiter: ',' | ';' = firstLine.split(';').length > firstLine.split(',').length ? ';' : ',';
  const eol = /\r\n/.test(body) ? '\r\n' : '\n';
  const records = splitRecords(body, delimiter);
  let skipped = false;
  while (records.length > 0 && isBlank(records[0]!)) skipped = !!records.shift();
  const header = records.shift() ?? {
    raw: fallbackHeader.join(delimiter) + eol,
    cells: [...fallbackHeader],
  };
  const layout: CsvLayout = { bom, delimiter, eol, header, records, text };
  // Only blank lines before the header, or a missing header, make the text differ from the file's.
  if (skipped || text.trim() === '' || records.length === 0) layout.text = writeCsvLayout(layout);
  return layout;
}

/** Replaces `count` records from `index` on with `added`, in the records and in the text. */
export function spliceRecords(layout: CsvLayout, index: number, count: number, ...added: CsvRecord[]): void {
  const records = layout.records;
  // A last line without a line end gets one when something comes after it.
  const before = index > 0 ? records[index - 1]! : layout.header;
  if (added.length > 0 && !before.raw.endsWith('\n')) {
    if (index > 0) spliceRecords(layout, index - 1, 1, { ...before, raw: before.raw + layout.eol });
    else replaceHeader(layout, { ...before, raw: before.raw + layout.eol });
  }
  let offset = (layout.bom ? 1 : 0) + layout.header.raw.length;
  for (let i = 0; i < index; i++) offset += records[i]!.raw.length;
  let removed = 0;
  for (let i = index; i < index + count; i++) removed += records[i]!.raw.length;
  let lastAdded = added.map((r) => r.raw).join('');
  // Records after the added ones need the last added one to end its line.
  if (added.length > 0 && index + count < records.length && !lastAdded.endsWith('\n')) {
    added[added.length - 1] = { ...added[added.length - 1]!, raw: added[added.length - 1]!.raw + layout.eol };
    lastAdded += layout.eol;
  }
  layout.text = layout.text.slice(0, offset) + lastAdded + layout.text.slice(offset + removed);
  records.splice(index, count, ...added);
}

/** Replaces the header record, in the text too. */
export function replaceHeader(layout: CsvLayout, header: CsvRecord): void {
  const offset = layout.bom ? 1 : 0;
  const raw = layout.records.length > 0 && !header.raw.endsWith('\n') ? header.raw + layout.eol : header.raw;
  layout.text = layout.text.slice(0, offset) + raw + layout.text.slice(offset + layout.header.raw.length);
  layout.header = { ...header, raw };
}

export function isBlank(r: CsvRecord): boolean {
  return r.cells.every((c) => c.trim() === '');
}

/**
 * The file's text built again from its records: every record as it was read, changed
 * records as re-encoded (what `layout.text` holds; the tests hold the one to the other).
 */
export function writeCsvLayout(layout: Omit<CsvLayout, 'text'>): string {
  const parts: string[] = [layout.bom ? '\uFEFF' : ''];
  const all = [layout.header, ...layout.records];
  for (let i = 0; i < all.length; i++) {
    const raw = all[i]!.raw;
    // A last line without a line end gets one when something follows it.
    parts.push(i < all.length - 1 && !raw.endsWith('\n') ? raw + layout.eol : raw);
  }
  return parts.join('');
}

/**
 * A record in the file's delimiter and line end. A cell is quoted when it holds the
 * delimiter, a quote, a line break or space at either end. A cell that a spreadsheet
 * would run as a formula gets a leading apostrophe, by the rule every CSV writer of qualkit
 * follows (io/csv.ts), so the codings reader takes it off again.
 */
export function encodeRecord(
  cells: readonly string[],
  layout: Pick<CsvLayout, 'delimiter' | 'eol'>,
): CsvRecord {
  const safe = cells.map(neutralised);
  const raw =
    safe
      .map((c) =>
        c.includes(layout.delimiter) || /["\r\n]/.test(c) || c !== c.trim()
          ? `"${c.replaceAll('"', '""')}"`
          : c,
      )
      .join(layout.delimiter) + layout.eol;
  return { raw, cells: safe };
}

function splitRecords(body: string, delimiter: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  const d = delimiter.charCodeAt(0);
  const n = body.length;
  let start = 0;
  // The next quote in the text, looked for again only once passed (else every line would scan to the end).
  let quote = body.indexOf('"');
  while (start < n) {
    let end = body.indexOf('\n', start);
    if (end === -1) end = n;
    const next = end < n ? end + 1 : n;
    if (quote !== -1 && quote < start) quote = body.indexOf('"', start);
    if (quote === -1 || quote > end) {
      // Most lines hold no quote: split them directly.
      const line =
        end > start && body.charCodeAt(end - 1) === 13 ? body.slice(start, end - 1) : body.slice(start, end);
      records.push({ raw: body.slice(start, next), cells: line.split(delimiter) });
      start = next;
      continue;
    }
    const cells: string[] = [];
    let cell = '';
    let quoted = false;
    let i = start;
    for (; i < n; i++) {
      const ch = body.charCodeAt(i);
      if (quoted) {
        if (ch !== 34) cell += body[i];
        else if (body.charCodeAt(i + 1) === 34) {
          cell += '"';
          i++;
        } else quoted = false;
      } else if (ch === 34) quoted = true;
      else if (ch === d) {
        cells.push(cell);
        cell = '';
      } else if (ch === 10) break;
      else cell += body[i];
    }
    cells.push(cell.endsWith('\r') && i < n ? cell.slice(0, -1) : cell);
    const stop = i < n ? i + 1 : n;
    records.push({ raw: body.slice(start, stop), cells });
    start = stop;
  }
  return records;
}
