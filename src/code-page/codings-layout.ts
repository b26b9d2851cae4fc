import { unneutralised } from '../io/csv.js';
import {
  encodeRecord,
  isBlank,
  replaceHeader,
  spliceRecords,
  type CsvLayout,
  type CsvRecord,
} from './csv-layout.js';

/** What a coder sets per coding on the page besides fragment and label. */
export interface CodingFields {
  memo: string;
  stance: '' | 'supports' | 'contradicts';
  type: string;
}

export interface PageCoding extends CodingFields {
  fragment: string;
  label: string;
}

const FRAGMENT_HEADERS = ['fragment', 'code', 'fragment_code'];
const LABEL_HEADERS = ['label', 'core_label'];
const FIELD_COLUMNS = ['memo', 'stance', 'type'] as const;

interface Columns {
  fragment: number;
  label: number;
  memo: number;
  stance: number;
  type: number;
}

function columnsOf(layout: CsvLayout): Columns {
  const names = layout.header.cells.map((h) => h.trim().toLowerCase());
  const find = (options: readonly string[]) => {
    const name = options.find((o) => names.includes(o));
    return name === undefined ? -1 : names.indexOf(name);
  };
  return {
    fragment: find(FRAGMENT_HEADERS),
    label: find(LABEL_HEADERS),
    memo: names.indexOf('memo'),
    stance: names.indexOf('stance'),
    type: names.indexOf('type'),
  };
}

/** A cell as every CSV reader of qualkit reads it: trimmed, and the formula guard's quote taken off. */
const cell = (r: CsvRecord, k: number) => (k < 0 ? '' : unneutralised((r.cells[k] ?? '').trim()));
const labelOf = (r: CsvRecord, k: number) => cell(r, k).replace(/\s+/g, '');

/** The codings a codings file holds, in file order (rows without fragment or label left out). */
export function codingsOfLayout(layout: CsvLayout): PageCoding[] {
  const c = columnsOf(layout);
  if (c.fragment < 0 || c.label < 0) return [];
  const out: PageCoding[] = [];
  for (const r of layout.records) {
    if (isBlank(r)) continue;
    const stance = cell(r, c.stance).toLowerCase();
    out.push({
      fragment: cell(r, c.fragment),
      label: labelOf(r, c.label),
      memo: cell(r, c.memo),
      stance: stance === 'supports' || stance === 'contradicts' ? stance : '',
      type: cell(r, c.type),
    });
  }
  return out;
}

function indexOfCoding(layout: CsvLayout, c: Columns, fragment: string, label: string): number {
  return layout.records.findIndex((r) => cell(r, c.fragment) === fragment && labelOf(r, c.label) === label);
}

/** Adds a column at the end of the header (only the header row changes; other rows stay short). */
function ensureColumn(layout: CsvLayout, name: (typeof FIELD_COLUMNS)[number]): void {
  if (columnsOf(layout)[name] >= 0) return;
  replaceHeader(layout, encodeRecord([...layout.header.cells, name], layout));
}

function cellsFor(layout: CsvLayout, base: readonly string[], coding: PageCoding): string[] {
  for (const f of FIELD_COLUMNS) if (coding[f] !== '') ensureColumn(layout, f);
  const c = columnsOf(layout);
  const cells = layout.header.cells.map((_, k) => base[k] ?? '');
  cells[c.fragment] = coding.fragment;
  cells[c.label] = coding.label;
  for (const f of FIELD_COLUMNS) if (c[f] >= 0) cells[c[f]] = coding[f];
  return cells;
}

/**
 * Adds a coding row. It goes after the last row of a fragment at or before this one in
 * study order (`position` gives a fragment's place), so a file kept in study order stays so;
 * rows of fragments the study does not know are passed over.
 */
export function addCoding(
  layout: CsvLayout,
  coding: PageCoding,
  position: (fragment: string) => number | undefined,
): void {
  const c = columnsOf(layout);
  const at = position(coding.fragment) ?? Infinity;
  let insert = -1;
  let lastFilled = -1;
  let known = false;
  const records = layout.records;
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    // Each row's place is looked up once and kept: a file of 100,000 rows is scanned in a few milliseconds.
    let p = r.position;
    if (p === undefined) p = r.position = isBlank(r) ? -2 : (position(cell(r, c.fragment)) ?? -1);
    if (p === -2) continue;
    lastFilled = i;
    if (p === -1) continue;
    known = true;
    if (p <= at) insert = i;
  }
  // Nothing before it: first row, unless the file holds no known fragment at all (then last).
  const index = insert >= 0 ? insert + 1 : known && at !== Infinity ? 0 : lastFilled + 1;
  const record = encodeRecord(cellsFor(layout, [], coding), layout);
  if (at !== Infinity) record.position = at;
  spliceRecords(layout, index, 0, record);
}

/** Removes a coding row; false when the file has no such row. */
export function removeCoding(layout: CsvLayout, fragment: string, label: string): boolean {
  const index = indexOfCoding(layout, columnsOf(layout), fragment, label);
  if (index < 0) return false;
  spliceRecords(layout, index, 1);
  return true;
}

/** Sets memo, stance and type of a coding row, keeping its other cells; false when there is no such row. */
export function updateCoding(layout: CsvLayout, coding: PageCoding): boolean {
  const index = indexOfCoding(layout, columnsOf(layout), coding.fragment, coding.label);
  if (index < 0) return false;
  const old = layout.records[index]!;
  const c = columnsOf(layout);
  // A cell that does not change keeps its spelling (the label's, the fragment's, "Supports").
  const same = FIELD_COLUMNS.every(
    (f) => (f === 'stance' ? cell(old, c[f]).toLowerCase() : cell(old, c[f])) === coding[f],
  );
  if (same) return true;
  const cells = cellsFor(layout, old.cells, coding);
  cells[c.fragment] = old.cells[c.fragment] ?? coding.fragment;
  cells[c.label] = old.cells[c.label] ?? coding.label;
  spliceRecords(layout, index, 1, encodeRecord(cells, layout));
  return true;
}
