import type { CooccurrencePair } from '../analysis/cooccurrence.js';
import {
  byParts,
  type FrequencyCell,
  type FrequencyColumn,
  type FrequencyTable,
} from '../analysis/frequencies.js';
import type { Codebook } from '../codebook/codebook.js';
import { computed, stringifyCsv, type CsvCell } from '../io/csv.js';
import { escapeMarkdown, markdownTable, percent } from './markdown.js';

/** A frequency cell as the tables print it: `fragments / respondents (share)`, `·` when not coded. */
export function frequencyCellText(c: Pick<FrequencyCell, 'fragments' | 'respondents' | 'share'>): string {
  return c.fragments === 0 ? '·' : `${c.fragments} / ${c.respondents} (${percent(c.share)})`;
}

/** A column's heading: `S Students`, `gelukszoekers`, or nested `S Students / gelukszoekers`. */
export function columnHeading(c: FrequencyColumn): string {
  if (c.parts) return escapeMarkdown(c.name);
  return `${escapeMarkdown(c.key)}${c.name !== c.key ? ` ${escapeMarkdown(c.name)}` : ''}`;
}

/**
 * One Markdown table per codebook; each cell reads `fragments / respondents (share of
 * the column's respondents)`, main labels in bold with their core labels below.
 */
export function frequenciesMarkdown(
  tables: readonly FrequencyTable[],
  level: 'core' | 'main' | 'both' = 'both',
): string {
  const out: string[] = [];
  for (const t of tables) {
    out.push(`## ${escapeMarkdown(t.codebook.id)} — by ${escapeMarkdown(t.by)}`, '');
    out.push("Cells: fragments / respondents (share of the column's respondents). `·` = not coded.", '');
    const header = [
      'Label',
      ...t.columns.map(
        (c) => `${columnHeading(c)} (n=${t.rows[0]?.cells[t.columns.indexOf(c)]?.respondentsTotal ?? 0})`,
      ),
      `Total (n=${t.rows[0]?.total.respondentsTotal ?? 0})`,
    ];
    const rows = t.rows
      .filter((r) => level === 'both' || r.level === level)
      .map((r) => {
        const name = `${r.id} ${escapeMarkdown(r.label)}`;
        return [
          r.level === 'main' ? `**${name}**` : name,
          ...r.cells.map(frequencyCellText),
          frequencyCellText(r.total),
        ];
      });
    out.push(markdownTable(header, rows, ['l', ...t.columns.map(() => 'r' as const), 'r']));
  }
  return out.join('\n');
}

/** Long format, one row per label and column, ready for a spreadsheet pivot or pandas. */
export function frequenciesCsv(
  tables: readonly FrequencyTable[],
  level: 'core' | 'main' | 'both' = 'both',
  options: { excel?: boolean } = {},
): string {
  const rows: CsvCell[][] = [];
  // Nested columns (`--by group,type`): one more CSV column per attribute, holding its value.
  const nested = [...new Set(tables.flatMap((t) => (t.by.includes(',') ? byParts(t.by) : [])))];
  for (const t of tables)
    for (const r of t.rows) {
      if (level !== 'both' && r.level !== level) continue;
      const put = (key: string, c: FrequencyCell) =>
        rows.push([
          t.codebook.id,
          r.level,
          r.id,
          r.label,
          t.by,
          key,
          c.fragments,
          c.respondents,
          c.respondentsTotal,
          c.share === null ? '' : computed(c.share.toFixed(4)),
          ...nested.map((p) => parts?.find((x) => x.by === p)?.key ?? ''),
        ]);
      let parts: FrequencyColumn['parts'];
      r.cells.forEach((c, i) => {
        parts = t.columns[i]!.parts;
        put(t.columns[i]!.key, c);
      });
      parts = undefined;
      put('total', r.total);
    }
  return stringifyCsv(
    [
      'codebook',
      'level',
      'label',
      'label_name',
      'by',
      'column',
      'fragments',
      'respondents',
      'respondents_total',
      'share',
      ...nested.map((p) => `by_${p}`),
    ],
    rows,
    options,
  );
}

export function frequenciesJson(
  tables: readonly FrequencyTable[],
  level: 'core' | 'main' | 'both' = 'both',
): string {
  return `${JSON.stringify(
    tables.map((t) => ({
      codebook: t.codebook.id,
      by: t.by,
      columns: t.columns,
      rows: t.rows
        .filter((r) => level === 'both' || r.level === level)
        .map((r) => ({ ...r, cells: Object.fromEntries(r.cells.map((c, i) => [t.columns[i]!.key, c])) })),
    })),
    null,
    2,
  )}\n`;
}

function labelName(codebook: Codebook, id: string): string {
  for (const m of codebook.mains) for (const c of m.cores) if (c.id === id) return c.label;
  return '';
}

export function cooccurrenceMarkdown(
  tables: readonly { codebook: Codebook; pairs: CooccurrencePair[] }[],
): string {
  const out: string[] = [];
  for (const { codebook, pairs } of tables) {
    out.push(`## ${escapeMarkdown(codebook.id)} — co-occurrence`, '');
    if (pairs.length === 0) {
      out.push('No two labels were given to the same fragment or respondent.', '');
      continue;
    }
    out.push(
      markdownTable(
        ['Label', 'Label', 'Same fragment', 'Same respondent'],
        pairs.map((p) => [
          `${p.a} ${escapeMarkdown(labelName(codebook, p.a))}`,
          `${p.b} ${escapeMarkdown(labelName(codebook, p.b))}`,
          String(p.fragments),
          String(p.respondents),
        ]),
        ['l', 'l', 'r', 'r'],
      ),
    );
  }
  return out.join('\n');
}

export function cooccurrenceCsv(
  tables: readonly { codebook: Codebook; pairs: CooccurrencePair[] }[],
  options: { excel?: boolean } = {},
): string {
  const rows = tables.flatMap(({ codebook, pairs }) =>
    pairs.map((p) => [
      codebook.id,
      p.a,
      labelName(codebook, p.a),
      p.b,
      labelName(codebook, p.b),
      p.fragments,
      p.respondents,
    ]),
  );
  return stringifyCsv(
    ['codebook', 'label_a', 'label_a_name', 'label_b', 'label_b_name', 'fragments', 'respondents'],
    rows,
    options,
  );
}

export function cooccurrenceJson(
  tables: readonly { codebook: Codebook; pairs: CooccurrencePair[] }[],
): string {
  return `${JSON.stringify(
    tables.map((t) => ({ codebook: t.codebook.id, pairs: t.pairs })),
    null,
    2,
  )}\n`;
}
