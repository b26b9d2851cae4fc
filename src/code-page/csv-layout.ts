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
}

export interface CsvLayout {
  bom: boolean;
  delimiter: ',' | ';';
  eol: '\n' | '\r\n';
  header: CsvRecord;
  /** The records after the header; blank lines are kept as records with one empty cell. */
  records: CsvRecord[];
}

/** Reads the layout of a CSV text (header first). An empty text gets the header given. */
export function readCsvLayout(text: string, fallbackHeader: readonly string[]): CsvLayout {
  const bom = text.startsWith('\uFEFF');
  const body = bom ? text.slice(1) : text;
  const firstLine = body.split('\n', 1)[0] ?? '';
  const delimiter: ',' | ';' = firstLine.split(';').length > firstLine.split(',').length ? ';' : ',';
  const eol = /\r\n/.test(body) ? '\r\n' : '\n';
  const records = splitRecords(body, delimiter);
  while (records.length > 0 && isBlank(records[0]!)) records.shift();
  const header = records.shift() ?? {
    raw: fallbackHeader.join(delimiter) + eol,
    cells: [...fallbackHeader],
  };
  return { bom, delimiter, eol, header, records };
}

export function isBlank(r: CsvRecord): boolean {
  return r.cells.every((c) => c.trim() === '');
}

/** The file's text again: every record as it was read, changed records as re-encoded. */
export function writeCsvLayout(layout: CsvLayout): string {
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
 * would run as a formula (= + - @ at the start) gets a leading apostrophe.
 */
export function encodeRecord(
  cells: readonly string[],
  layout: Pick<CsvLayout, 'delimiter' | 'eol'>,
): CsvRecord {
  const safe = cells.map((c) => (/^[=+\-@\t\r]/.test(c) ? `'${c}` : c));
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
  while (start < n) {
    let end = body.indexOf('\n', start);
    if (end === -1) end = n;
    const next = end < n ? end + 1 : n;
    const quote = body.indexOf('"', start);
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
