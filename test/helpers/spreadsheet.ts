import { parse } from 'csv-parse/sync';

/**
 * What a spreadsheet (Excel, LibreOffice Calc, Google Sheets) does with a CSV cell it
 * opens: a cell starting with `=`, `+`, `-` or `@` (after any leading tabs or carriage
 * returns) is evaluated as a formula, unless the whole cell is a plain number (`-0.032`,
 * `+31`, `12%`). A cell with a leading `'` is text.
 */
export function wouldRunAsFormula(cell: string): boolean {
  const c = cell.replace(/^[\t\r]+/, '');
  if (!/^[=+\-@]/.test(c)) return false;
  return !/^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?%?$/i.test(c.trim());
}

/** Every cell of a CSV text as a spreadsheet would split it (csv-parse, not qualkit's reader). */
export function spreadsheetCells(text: string): string[] {
  const body = text.replace(/^\uFEFF/, '');
  const firstLine = body.split('\n', 1)[0] ?? '';
  const delimiter = firstLine.split(';').length > firstLine.split(',').length ? ';' : ',';
  const records = parse(body, { delimiter, relax_column_count: true }) as string[][];
  return records.flat();
}

/** The cells of a CSV text that would run as formulas when the file is opened. */
export function formulaCells(text: string): string[] {
  return spreadsheetCells(text).filter(wouldRunAsFormula);
}
