import { computed, stringifyCsv } from '../io/csv.js';
import type { SuggestionRow } from '../suggest/suggest-for-study.js';
import { escapeMarkdown } from './markdown.js';

/**
 * The suggestions CSV a coder reviews in a spreadsheet: one row per suggested label with
 * its score (cosine similarity, 0–1, three decimals), the reason and the fragment text, and
 * an empty `accept` column to mark with an x.
 */
export function suggestionsCsv(rows: readonly SuggestionRow[], options: { excel?: boolean } = {}): string {
  return stringifyCsv(
    ['fragment', 'label', 'memo', 'score', 'reason', 'label_name', 'text', 'accept'],
    rows.map((r) => [
      r.fragment,
      r.label,
      '',
      computed(r.score.toFixed(3)),
      r.reason,
      r.labelName,
      r.text,
      '',
    ]),
    options,
  );
}

/** The same suggestions to read: per fragment its text, then each label with score and reason. */
export function suggestionsMarkdown(rows: readonly SuggestionRow[], coder: string): string {
  const out = [
    `# Coding suggestions for ${escapeMarkdown(coder)}`,
    '',
    'Suggestions only: nothing is coded until you mark rows with an x in the `accept` column of the CSV and run `qualkit suggest --accept`.',
    '',
  ];
  let last = '';
  for (const r of rows) {
    if (r.fragment !== last) {
      out.push(`## ${r.fragment}`, '', `> ${escapeMarkdown(r.text)}`, '');
      last = r.fragment;
    }
    out.push(
      `- **${r.label} ${escapeMarkdown(r.labelName)}** (score ${r.score.toFixed(3)}): ${escapeMarkdown(r.reason) || 'definition only'}`,
    );
  }
  return `${out.join('\n')}\n`;
}
