import type { LabelOverview } from '../analysis/label-overview.js';
import { stringifyCsv } from '../io/csv.js';
import { escapeMarkdown, markdownTable } from './markdown.js';

/** Appendix-10 layout: main label, core label, fragments (one line per interview). */
export function overviewMarkdown(overviews: readonly LabelOverview[]): string {
  const out: string[] = [];
  for (const o of overviews) {
    out.push(
      `## ${escapeMarkdown(o.codebook.id)}${o.codebook.subquestion ? ` — sub-question ${escapeMarkdown(o.codebook.subquestion)}` : ''}`,
      '',
    );
    if (o.codebook.question) out.push(`*${escapeMarkdown(o.codebook.question)}*`, '');
    const rows: string[][] = [];
    for (const m of o.mains) {
      m.cores.forEach((c, i) => {
        rows.push([
          i === 0 ? `${m.main.no}. ${escapeMarkdown(m.main.label)}` : '',
          `${c.core.letter}. ${escapeMarkdown(c.core.label)}`,
          c.lines.length > 0 ? c.lines.join('<br>') : '–',
        ]);
      });
    }
    out.push(markdownTable(['Main label', 'Core label', 'Fragments'], rows));
  }
  return out.join('\n');
}

/** One row per core label; `fragments` holds the compressed list, `count` the number. */
export function overviewCsv(overviews: readonly LabelOverview[], options: { excel?: boolean } = {}): string {
  const rows: (string | number)[][] = [];
  for (const o of overviews)
    for (const m of o.mains)
      for (const c of m.cores)
        rows.push([
          o.codebook.id,
          m.main.no,
          m.main.label,
          c.core.id,
          c.core.label,
          c.fragments.length,
          c.lines.join(', '),
        ]);
  return stringifyCsv(
    ['codebook', 'main_no', 'main_label', 'label', 'core_label', 'count', 'fragments'],
    rows,
    options,
  );
}

export function overviewJson(overviews: readonly LabelOverview[]): string {
  const data = overviews.map((o) => ({
    codebook: o.codebook.id,
    subquestion: o.codebook.subquestion,
    mains: o.mains.map((m) => ({
      id: m.main.id,
      label: m.main.label,
      fragmentCount: m.fragmentCount,
      cores: m.cores.map((c) => ({
        id: c.core.id,
        label: c.core.label,
        fragments: c.fragments,
        compressed: c.lines.join(', '),
      })),
    })),
  }));
  return `${JSON.stringify(data, null, 2)}\n`;
}
