import type { Codebook } from '../codebook/codebook.js';
import type { AttributeValue, GroupConfig, RespondentConfig } from '../config/study-config.js';
import type { Fragment } from '../fragments/fragment.js';

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

export interface FrequencyTable {
  codebook: Codebook;
  /** Column per respondent group (`by: group`) or per value of a respondent attribute. */
  by: string;
  columns: { key: string; name: string }[];
  rows: FrequencyRow[];
}

function columnOf(respondent: RespondentConfig, by: string): string {
  if (by === 'group') return respondent.id[0]!;
  const value: AttributeValue | undefined = respondent.attributes[by];
  return value === undefined || value === '' ? NO_VALUE : String(value);
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
  const column = new Map(inScope.map((r) => [r.id, columnOf(r, by)]));
  const columns =
    by === 'group'
      ? groups.filter((g) => letters.includes(g.letter)).map((g) => ({ key: g.letter, name: g.name }))
      : [...new Set(column.values())].sort((a, b) => (a === NO_VALUE ? 1 : b === NO_VALUE ? -1 : a.localeCompare(b, 'nl', { numeric: true }))).map((v) => ({ key: v, name: v }));
  const totals = new Map(columns.map((c) => [c.key, inScope.filter((r) => column.get(r.id) === c.key).length]));

  const fragmentRespondent = new Map(fragments.filter((f) => column.has(f.respondent)).map((f) => [f.code, f.respondent]));
  const cell = (codes: ReadonlySet<string>, key: string | undefined): FrequencyCell => {
    let n = 0;
    const who = new Set<string>();
    for (const code of codes) {
      const r = fragmentRespondent.get(code)!;
      if (key !== undefined && column.get(r) !== key) continue;
      n++;
      who.add(r);
    }
    const respondentsTotal = key === undefined ? inScope.length : totals.get(key)!;
    return { fragments: n, respondents: who.size, respondentsTotal, share: respondentsTotal === 0 ? null : who.size / respondentsTotal };
  };
  const row = (level: 'main' | 'core', id: string, label: string, codes: Set<string>): FrequencyRow => ({
    level,
    id,
    label,
    cells: columns.map((c) => cell(codes, c.key)),
    total: cell(codes, undefined),
  });

  const codesByLabel = new Map<string, Set<string>>();
  for (const [fragment, set] of labels) {
    if (!fragmentRespondent.has(fragment)) continue;
    for (const label of set) {
      let codes = codesByLabel.get(label);
      if (!codes) codesByLabel.set(label, (codes = new Set()));
      codes.add(fragment);
    }
  }
  const rows: FrequencyRow[] = [];
  for (const main of codebook.mains) {
    const union = new Set<string>();
    const coreRows = main.cores.map((core) => {
      const codes = codesByLabel.get(core.id) ?? new Set<string>();
      codes.forEach((c) => union.add(c));
      return row('core', core.id, core.label, codes);
    });
    rows.push(row('main', main.id, main.label, union), ...coreRows);
  }
  return { codebook, by, columns, rows };
}
