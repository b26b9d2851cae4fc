import { compareLetters } from '../codebook/codebook.js';
import { encodeRecord, spliceRecords, type CsvLayout } from './csv-layout.js';

/** The next free core letter of a main label: after the highest (Z is followed by AA). */
export function nextCoreLetter(taken: readonly string[]): string {
  const last = [...taken].sort(compareLetters).pop();
  if (last === undefined) return 'A';
  const A = 'A'.charCodeAt(0);
  const digits = [...last].map((ch) => ch.charCodeAt(0) - A);
  for (let i = digits.length - 1; i >= 0; i--) {
    if (digits[i]! < 25) {
      digits[i]!++;
      return digits.map((d) => String.fromCharCode(A + d)).join('');
    }
    digits[i] = 0;
  }
  return String.fromCharCode(A) + digits.map((d) => String.fromCharCode(A + d)).join('');
}

/**
 * Adds a core label row to a codebook CSV's layout, right after the last row of its main
 * label (so the file stays grouped and `git diff` shows one added row). Cells in the
 * file's own column order; columns the row has no value for stay empty.
 */
export function addCoreLabelRow(
  layout: CsvLayout,
  row: {
    subquestion: string;
    mainNo: number;
    mainLabel: string;
    letter: string;
    label: string;
    definition: string;
  },
): void {
  const names = layout.header.cells.map((h) => h.trim().toLowerCase());
  const values: Record<string, string> = {
    subquestion: row.subquestion,
    main_no: String(row.mainNo),
    main_label: row.mainLabel,
    core_letter: row.letter,
    core_label: row.label,
    definition: row.definition,
  };
  const mainCol = names.indexOf('main_no');
  let last = -1;
  layout.records.forEach((r, i) => {
    if ((r.cells[mainCol] ?? '').trim() === String(row.mainNo)) last = i;
  });
  const at = last >= 0 ? last + 1 : layout.records.length;
  spliceRecords(
    layout,
    at,
    0,
    encodeRecord(
      names.map((n) => values[n] ?? ''),
      layout,
    ),
  );
}
