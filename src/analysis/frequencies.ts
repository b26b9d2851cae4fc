import type { Codebook } from '../codebook/codebook.js';
import type { AttributeValue, GroupConfig, RespondentConfig } from '../config/study-config.js';
import type { Fragment } from '../fragments/fragment.js';
import { FragmentIndex } from '../fragments/fragment-index.js';

export const NO_VALUE = '(none)';

export interface FrequencyCell {
  /** Fragments coded with the label in this column. */
  fragments: number;
  /** Distinct respondents with at least one such fragment. */
  respondents: number;
  /** Respondents in this column (the denominator of share). */
  respondentsTotal: number;
  /** respondents / respondentsTotal, 0..1; null when the column has no respondents. */
  share: number | null;
}

export interface FrequencyRow {
  level: 'main' | 'core';
  /** `3` or `3.J` */
  id: string;
  label: string;
  cells: FrequencyCell[];
  total: FrequencyCell;
}

export interface FrequencyColumn {
  key: string;
  name: string;
  /** Nested columns (`by: "group,type"`): the value of each attribute, outer first. */
  parts?: { by: string; key: string; name: string }[];
}

export interface FrequencyTable {
  codebook: Codebook;
  /** Column per respondent group (`by: group`), per value of a respondent attribute, or per combination (`group,type`). */
  by: string;
  columns: FrequencyColumn[];
  rows: FrequencyRow[];
}

/** The attributes of a `by`: `group,type` → group, type (nested columns, outer first). */
export function byParts(by: string): string[] {
  return by
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

function valueOf(respondent: RespondentConfig, by: string): string {
  if (by === 'group') return respondent.id[0]!;
  const value: AttributeValue | undefined = respondent.attributes[by];
  return value === undefined || value === '' ? NO_VALUE : String(value);
}

/** Separates the parts of a nested column's key: `C / gelukszoekers`. */
export const PART_SEPARATOR = ' / ';

function columnOf(respondent: RespondentConfig, parts: readonly string[]): string {
  return parts.map((p) => valueOf(respondent, p)).join(PART_SEPARATOR);
}

/** Attribute values in column order: numbers by value, text alphabetically, (none) last. */
function compareValues(a: string, b: string): number {
  return a === NO_VALUE
    ? b === NO_VALUE
      ? 0
      : 1
    : b === NO_VALUE
      ? -1
      : a.localeCompare(b, 'nl', { numeric: true });
}

/**
 * Label frequencies for one codebook across respondent groups (or across the values of a
 * respondent attribute): per core label, and rolled up per main label, the number of
 * fragments, distinct respondents, and the share of the column's respondents who said
 * something coded with it. Only respondents of groups that use this codebook count.
 * A main label counts a fragment once even if several of its core labels were given.
 */
export function computeFrequencies(
  codebook: Codebook,
  groups: readonly GroupConfig[],
  respondents: readonly RespondentConfig[],
  fragments: readonly Fragment[],
  labels: ReadonlyMap<string, ReadonlySet<string>>,
  by: string = 'group',
): FrequencyTable {
  const letters = groups.filter((g) => g.codebook === codebook.id).map((g) => g.letter);
  const inScope = respondents.filter((r) => letters.includes(r.id[0]!));
  const parts = byParts(by);
  const column = new Map(inScope.map((r) => [r.id, columnOf(r, parts)]));
  const groupRank = new Map(groups.map((g, i) => [g.letter, i]));
  const groupName = new Map(groups.map((g) => [g.letter, g.name]));
  const columns: FrequencyColumn[] =
    by === 'group'
      ? groups.filter((g) => letters.includes(g.letter)).map((g) => ({ key: g.letter, name: g.name }))
      : [...new Set(column.values())]
          .map((key) => key.split(PART_SEPARATOR))
          .sort((a, b) => {
            for (let i = 0; i < parts.length; i++) {
              const d =
                parts[i] === 'group'
                  ? groupRank.get(a[i]!)! - groupRank.get(b[i]!)!
                  : compareValues(a[i]!, b[i]!);
              if (d !== 0) return d;
            }
            return 0;
          })
          .map((values) => {
            const key = values.join(PART_SEPARATOR);
            if (parts.length === 1) return { key, name: key };
            const named = values.map((v, i) => ({
              by: parts[i]!,
              key: v,
              name: parts[i] === 'group' ? (groupName.get(v) ?? v) : v,
            }));
            return {
              key,
              name: named.map((p) => (p.by === 'group' ? `${p.key} ${p.name}` : p.name)).join(PART_SEPARATOR),
              parts: named,
            };
          });
  const totals = new Map(
    columns.map((c) => [c.key, inScope.filter((r) => column.get(r.id) === c.key).length]),
  );

  // One pass over the labels: counts per (row, column) and which respondents each row reached.
  const respondentNo = new Map(inScope.map((r, i) => [r.id, i]));
  const columnNo = new Map(columns.map((c, i) => [c.key, i]));
  const columnOfRespondent = inScope.map((r) => columnNo.get(column.get(r.id)!)!);
  const index = new FragmentIndex(fragments);
  const heads: { level: 'main' | 'core'; id: string; label: string }[] = [];
  const rowOfCore = new Map<string, { core: number; main: number }>();
  for (const main of codebook.mains) {
    const mainRow = heads.push({ level: 'main', id: main.id, label: main.label }) - 1;
    for (const core of main.cores)
      rowOfCore.set(core.id, {
        core: heads.push({ level: 'core', id: core.id, label: core.label }) - 1,
        main: mainRow,
      });
  }
  const width = columns.length + 1; // the last column is the total
  const counts = new Int32Array(heads.length * width);
  const reached = new Uint8Array(heads.length * inScope.length);
  const count = (row: number, r: number) => {
    counts[row * width + columnOfRespondent[r]!]!++;
    counts[row * width + columns.length]!++;
    reached[row * inScope.length + r] = 1;
  };
  const mainsCounted = new Set<number>();
  for (const [fragment, set] of labels) {
    const f = index.get(fragment);
    const r = f === undefined ? undefined : respondentNo.get(f.respondent);
    if (r === undefined) continue;
    mainsCounted.clear();
    for (const label of set) {
      const at = rowOfCore.get(label);
      if (!at) continue;
      count(at.core, r);
      // A main label counts a fragment once, however many of its core labels it carries.
      if (!mainsCounted.has(at.main)) {
        mainsCounted.add(at.main);
        count(at.main, r);
      }
    }
  }
  const rows: FrequencyRow[] = heads.map((head, row) => {
    const who = new Int32Array(width);
    for (let r = 0; r < inScope.length; r++) {
      if (reached[row * inScope.length + r] === 0) continue;
      who[columnOfRespondent[r]!]!++;
      who[columns.length]!++;
    }
    const cell = (i: number, respondentsTotal: number): FrequencyCell => ({
      fragments: counts[row * width + i]!,
      respondents: who[i]!,
      respondentsTotal,
      share: respondentsTotal === 0 ? null : who[i]! / respondentsTotal,
    });
    return {
      ...head,
      cells: columns.map((c, i) => cell(i, totals.get(c.key)!)),
      total: cell(columns.length, inScope.length),
    };
  });
  return { codebook, by, columns, rows };
}
