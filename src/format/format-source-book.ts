import type { Fragment, SourceTranscript } from '../fragments/fragment.js';
import { stringifyCsv } from '../io/csv.js';
import { escapeMarkdown } from './markdown.js';

export const SOURCE_BOOK_COLUMNS = ['code', 'group', 'interview', 'respondent', 'speaker', 'text', 'source', 'line', 'start', 'context'];

/** The source book as CSV: one row per fragment, with the preceding context turn; at share level `counts` without text. */
export function sourceBookCsv(fragments: readonly Fragment[], options: { excel?: boolean; share?: 'quotes' | 'counts' } = {}): string {
  if (options.share === 'counts') {
    // Sharing counts only: a fragment index without any text.
    return stringifyCsv(
      ['code', 'group', 'interview', 'respondent', 'source', 'line'],
      fragments.map((f) => [f.code, f.group, f.interview, f.respondent, f.source, f.line]),
      options,
    );
  }
  return stringifyCsv(
    SOURCE_BOOK_COLUMNS,
    fragments.map((f) => [f.code, f.group, f.interview, f.respondent, f.speaker, f.text, f.source, f.line, f.start ?? '', f.context ?? '']),
    options,
  );
}

export function sourceBookJson(fragments: readonly Fragment[]): string {
  return `${JSON.stringify(fragments, null, 2)}\n`;
}

/**
 * The readable source book (bronnenboek): per respondent and source, the conversation in
 * order; fragments in bold with their code, context turns in italics, not numbered.
 */
export function sourceBookMarkdown(study: string, transcripts: readonly SourceTranscript[], groupNames: ReadonlyMap<string, string>): string {
  const out: string[] = [`# Source book — ${escapeMarkdown(study)}`, ''];
  let lastGroup = '';
  for (const t of transcripts) {
    const group = t.respondent[0]!;
    if (group !== lastGroup) {
      out.push(`## Group ${group}: ${escapeMarkdown(groupNames.get(group) ?? '')}`, '');
      lastGroup = group;
    }
    out.push(`### ${t.respondent} — ${escapeMarkdown(t.source)} (${t.format})`, '');
    for (const e of t.entries) {
      const text = e.text.split(/\n{2,}/).map(escapeMarkdown).join('<br><br>');
      const when = e.start ? ` ${escapeMarkdown(e.start)}` : '';
      if (e.kind === 'fragment') out.push(`**${e.code}** ${escapeMarkdown(e.speaker)}${when}: ${text}`, '');
      else out.push(`*${escapeMarkdown(e.speaker)}${when}: ${text}*`, '');
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}
