import { compareLabelIds, type Codebook } from '../codebook/codebook.js';
import type { Fragment, SourceTranscript } from '../fragments/fragment.js';
import { csvRecords, stringifyCsv } from '../io/csv.js';
import { escapeMarkdown } from './markdown.js';

/**
 * The labels of each fragment for the source book that `run` writes (the coders' labels,
 * merged, in label order): `ids` for the CSV column, `named` (`1.A Schaamte`) for the
 * Markdown. Undefined for a fragment without labels.
 */
export interface FragmentLabelNotes {
  ids(code: string): string | undefined;
  named(code: string): string | undefined;
}

export function fragmentLabelNotes(
  labels: ReadonlyMap<string, ReadonlySet<string>>,
  codebookOfGroup: ReadonlyMap<string, Codebook>,
): FragmentLabelNotes {
  const names = new Map<Codebook, Map<string, string>>();
  for (const cb of new Set(codebookOfGroup.values()))
    names.set(cb, new Map(cb.mains.flatMap((m) => m.cores.map((c) => [c.id, `${c.id} ${c.label}`]))));
  const sorted = (code: string) => {
    const set = labels.get(code);
    return set && set.size > 0 ? [...set].sort(compareLabelIds) : undefined;
  };
  return {
    ids: (code) => sorted(code)?.join('; '),
    named: (code) => {
      const list = sorted(code);
      if (!list) return undefined;
      const cb = codebookOfGroup.get(code[0]!);
      const byId = cb && names.get(cb);
      return list.map((id) => byId?.get(id) ?? id).join(', ');
    },
  };
}

export const SOURCE_BOOK_COLUMNS = [
  'code',
  'group',
  'interview',
  'respondent',
  'speaker',
  'text',
  'source',
  'line',
  'start',
  'context',
];

type SourceBookCsvOptions = {
  excel?: boolean;
  share?: 'quotes' | 'counts';
  /** With the coders' labels: a last column `labels`. */
  labels?: FragmentLabelNotes;
};

function sourceBookTable(
  fragments: readonly Fragment[],
  options: SourceBookCsvOptions,
): { header: string[]; rows: (string | number)[][] } {
  const notes = options.labels;
  // Sharing counts only: a fragment index without any text.
  if (options.share === 'counts')
    return {
      header: ['code', 'group', 'interview', 'respondent', 'source', 'line', ...(notes ? ['labels'] : [])],
      rows: fragments.map((f) => [
        f.code,
        f.group,
        f.interview,
        f.respondent,
        f.source,
        f.line,
        ...(notes ? [notes.ids(f.code) ?? ''] : []),
      ]),
    };
  return {
    header: notes ? [...SOURCE_BOOK_COLUMNS, 'labels'] : SOURCE_BOOK_COLUMNS,
    rows: fragments.map((f) => [
      f.code,
      f.group,
      f.interview,
      f.respondent,
      f.speaker,
      f.text,
      f.source,
      f.line,
      f.start ?? '',
      f.context ?? '',
      ...(notes ? [notes.ids(f.code) ?? ''] : []),
    ]),
  };
}

/**
 * The source book as CSV (one row per fragment, with the preceding context turn; at share
 * level `counts` without text), in pieces for writing a respondent at a time: the header
 * (with BOM for Excel), then rows.
 */
export function sourceBookCsvHeader(options: SourceBookCsvOptions = {}): string {
  return stringifyCsv(sourceBookTable([], options).header, [], options);
}

export function sourceBookCsvRows(
  fragments: readonly Fragment[],
  options: SourceBookCsvOptions = {},
): string {
  return csvRecords(sourceBookTable(fragments, options).rows, options);
}

/** The source book CSV in pieces of `batch` fragments, for files too large to hold as one string. */
export function* sourceBookCsvPieces(
  fragments: readonly Fragment[],
  options: SourceBookCsvOptions = {},
  batch = 2000,
): Generator<string> {
  yield sourceBookCsvHeader(options);
  for (let i = 0; i < fragments.length; i += batch)
    yield sourceBookCsvRows(fragments.slice(i, i + batch), options);
}

/**
 * The readable source book (bronnenboek) in pieces: its head, then per respondent and
 * source the conversation in order; fragments in bold with their code (and, with `labels`,
 * their labels in italics beside it), context turns in italics, not numbered.
 */
export function* sourceBookMarkdownPieces(
  study: string,
  transcripts: readonly SourceTranscript[],
  groupNames: ReadonlyMap<string, string>,
  labels?: FragmentLabelNotes,
): Generator<string> {
  yield sourceBookMarkdownHead(study);
  let lastGroup = '';
  for (const t of transcripts) {
    const section = sourceBookMarkdownSections([t], groupNames, lastGroup, labels);
    lastGroup = section.lastGroup;
    yield* section.chunks;
  }
}

export function sourceBookMarkdownHead(study: string): string {
  return `# Source book — ${escapeMarkdown(study)}\n\n`;
}

/**
 * The Markdown of some transcripts, continuing after `previousGroup` (a group heading is
 * written when the group changes), in pieces to be written one after the other; returns
 * the group it ended in. Headings (with their dash) are pieces of their own: a string with
 * one character beyond Latin-1 is stored two bytes per character, and would make the
 * whole conversation slow to write.
 */
export function sourceBookMarkdownSections(
  transcripts: readonly SourceTranscript[],
  groupNames: ReadonlyMap<string, string>,
  previousGroup: string,
  labels?: FragmentLabelNotes,
): { chunks: string[]; lastGroup: string } {
  const chunks: string[] = [];
  let lastGroup = previousGroup;
  for (const t of transcripts) {
    const group = t.respondent[0]!;
    if (group !== lastGroup) {
      chunks.push(`## Group ${group}: ${escapeMarkdown(groupNames.get(group) ?? '')}\n\n`);
      lastGroup = group;
    }
    chunks.push(`### ${t.respondent} — ${escapeMarkdown(t.source)} (${t.format})\n\n`);
    let body = '';
    for (const e of t.entries) {
      const text = e.text.includes('\n\n')
        ? e.text
            .split(/\n{2,}/)
            .map(escapeMarkdown)
            .join('<br><br>')
        : escapeMarkdown(e.text);
      const when = e.start ? ` ${escapeMarkdown(e.start)}` : '';
      if (e.kind === 'fragment') {
        const named = labels && e.code !== undefined ? labels.named(e.code) : undefined;
        const note = named === undefined ? '' : ` *(${escapeMarkdown(named)})*`;
        body += `**${e.code}**${note} ${escapeMarkdown(e.speaker)}${when}: ${text}\n\n`;
      } else body += `*${escapeMarkdown(e.speaker)}${when}: ${text}*\n\n`;
    }
    if (body !== '') chunks.push(body);
  }
  return { chunks, lastGroup };
}
