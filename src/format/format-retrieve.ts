import { stringifyCsv } from '../io/csv.js';
import type { RetrievedFragment } from '../retrieve/describe-fragments.js';
import { escapeMarkdown } from './markdown.js';

export interface RetrieveOutputOptions {
  /** `counts`: codes, respondents and labels only; no fragment text, context or memos. */
  share?: 'quotes' | 'counts';
  /** Show the turn before each fragment (the question). */
  context?: boolean;
  excel?: boolean;
}

export interface RetrieveResult {
  study: string;
  /** What was asked, in words (`label 1.A and 2.B; group C`). */
  description: string;
  coders: string[];
  fragments: RetrievedFragment[];
}

function attributesText(attributes: Record<string, string | number | boolean>): string {
  return Object.entries(attributes)
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join(', ');
}

/** `1.A Schaamte` */
function labelText(l: { id: string; name: string }): string {
  return l.name === '' ? l.id : `${l.id} ${l.name}`;
}

function coderLabels(f: RetrievedFragment): string {
  return f.coders.map((c) => `${c.coder}: ${c.labels.join(', ') || '–'}`).join('; ');
}

/** Text as Markdown block-quote lines: paragraphs kept, line breaks inside one as `<br>`. */
function quoteLines(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((p) => `> ${escapeMarkdown(p)}`)
    .join('\n>\n');
}

function summary(result: RetrieveResult): string {
  const n = result.fragments.length;
  const coders =
    result.coders.length === 1 ? `coder ${result.coders[0]}` : `coders ${result.coders.join(', ')} merged`;
  return `${n} fragment${n === 1 ? '' : 's'}${result.description ? ` with ${result.description}` : ''} (${coders})`;
}

/**
 * The retrieved fragments as Markdown a student can paste into a chapter: per fragment a
 * line with code, respondent, attributes and labels (each coder's labels when they differ),
 * the question before it (with `context`), the text as a quote ending in its code
 * (`> text [B3.7]`), and the memos. At share level `counts`, a list without text.
 */
export function retrieveMarkdown(result: RetrieveResult, options: RetrieveOutputOptions = {}): string {
  let out = `# Retrieved fragments — ${escapeMarkdown(result.study)}\n\n${escapeMarkdown(summary(result))}\n\n`;
  const quotes = options.share !== 'counts';
  for (const f of result.fragments) {
    const attributes = attributesText(f.attributes);
    const head = [
      `**${f.code}**`,
      escapeMarkdown(attributes === '' ? f.respondent : `${f.respondent} (${attributes})`),
      escapeMarkdown(f.labels.map(labelText).join(', ') || 'no labels'),
      ...(f.codersDiffer ? [escapeMarkdown(coderLabels(f))] : []),
    ].join(' · ');
    if (!quotes) {
      out += `- ${head}\n`;
      continue;
    }
    out += `${head}\n\n`;
    if (options.context && f.context !== undefined)
      out += `*Before:* ${f.context
        .split(/\n{2,}/)
        .map(escapeMarkdown)
        .join('<br><br>')}\n\n`;
    out += `${quoteLines(f.text)} [${f.code}]\n\n`;
    for (const m of f.memos) out += `- memo ${escapeMarkdown(`${m.coder}, ${m.label}: ${m.memo}`)}\n`;
    if (f.memos.length > 0) out += '\n';
  }
  return out;
}

/**
 * One row per fragment: code, codebook, group, respondent, one column per respondent
 * attribute, labels (ids, and ids with names), each chosen coder's labels (with two or more
 * coders), memos, the context (with `context`) and the text. At `counts` without memos,
 * context and text.
 */
export function retrieveCsv(result: RetrieveResult, options: RetrieveOutputOptions = {}): string {
  const quotes = options.share !== 'counts';
  const fixed = ['code', 'codebook', 'group', 'respondent'];
  const names = [...new Set(result.fragments.flatMap((f) => Object.keys(f.attributes)))].sort();
  const tail = [
    'labels',
    'label_names',
    ...(result.coders.length >= 2 ? [...result.coders.map((c) => `labels_${c}`), 'coders_differ'] : []),
    ...(quotes ? ['memos', ...(options.context ? ['context'] : []), 'text'] : []),
  ];
  const header = [
    ...fixed,
    ...names.map((n) => (fixed.includes(n) || tail.includes(n) ? `attribute_${n}` : n)),
    ...tail,
  ];
  const rows = result.fragments.map((f) => {
    const byCoder = new Map(f.coders.map((c) => [c.coder, c.labels]));
    return [
      f.code,
      f.codebook,
      f.group,
      f.respondent,
      ...names.map((n) => (n in f.attributes ? String(f.attributes[n]) : '')),
      f.labels.map((l) => l.id).join('; '),
      f.labels.map(labelText).join('; '),
      ...(result.coders.length >= 2
        ? [...result.coders.map((c) => byCoder.get(c)?.join('; ') ?? ''), f.codersDiffer ? 'yes' : 'no']
        : []),
      ...(quotes
        ? [
            f.memos.map((m) => `${m.coder} ${m.label}: ${m.memo}`).join('; '),
            ...(options.context ? [f.context ?? ''] : []),
            f.text,
          ]
        : []),
    ];
  });
  return stringifyCsv(header, rows, options);
}

/** The result as JSON: the fragments with their details (at `counts` without text, context and memos). */
export function retrieveJson(result: RetrieveResult, options: RetrieveOutputOptions = {}): string {
  const quotes = options.share !== 'counts';
  return `${JSON.stringify(
    {
      study: result.study,
      selection: result.description,
      coders: result.coders,
      share: quotes ? 'quotes' : 'counts',
      count: result.fragments.length,
      fragments: result.fragments.map((f) => {
        const { memos, text, context, ...rest } = f;
        return quotes
          ? { ...rest, memos, ...(options.context ? { context: context ?? null } : {}), text }
          : rest;
      }),
    },
    null,
    2,
  )}\n`;
}
