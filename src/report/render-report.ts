import Handlebars from 'handlebars';
import { readFile } from 'node:fs/promises';
import { escapeMarkdown } from '../format/markdown.js';

export type ReportFormat = 'md' | 'html';

/** Applies `escape` to every string in a plain data tree (objects, arrays). */
export function escapeStrings<T>(value: T, escape: (s: string) => string): T {
  if (typeof value === 'string') return escape(value) as T;
  if (Array.isArray(value)) return (value as unknown[]).map((v) => escapeStrings(v, escape)) as T;
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, escapeStrings(v, escape)])) as T;
  return value;
}

function environment(): typeof Handlebars {
  const hb = Handlebars.create();
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hb.registerHelper('add', (a: number, b: number) => a + b);
  // `{{join list ", "}}`: the items of a list of strings or numbers.
  hb.registerHelper('join', (list: unknown, sep: unknown) =>
    Array.isArray(list) ? list.join(typeof sep === 'string' ? sep : ', ') : '',
  );
  // `{{evidence cell}}` for a needs cell: `2 / 1` (fragments / respondents), `+ 1 contra`, `·` for none.
  hb.registerHelper('evidence', (e: { fragments?: number; respondents?: number; contradicting?: number }) => {
    const f = e?.fragments ?? 0;
    const c = e?.contradicting ?? 0;
    const stated = f > 0 ? `${f} / ${e.respondents ?? 0}` : '';
    const contra = c > 0 ? `${c} contra` : '';
    return stated && contra ? `${stated} + ${contra}` : stated || contra || '·';
  });
  return hb;
}

/**
 * Renders a report template. HTML templates get Handlebars' HTML escaping of every
 * `{{value}}`; Markdown templates are compiled without it and instead receive data whose
 * strings are all Markdown-escaped first, so transcript text cannot become markup in
 * either format, whatever the template does (short of a triple-stash in HTML).
 */
export function renderTemplate(source: string, data: unknown, format: ReportFormat): string {
  const hb = environment();
  if (format === 'html') {
    // Unescaped output would let transcript text become markup; refuse it outright.
    if (/\{\{\{|\{\{~?\s*&/.test(source))
      throw new Error(
        'HTML report templates may not use {{{triple-stash}}} or {{& }}: all text must be escaped',
      );
    return hb.compile(source, { strict: true })(data);
  }
  return hb.compile(source, { noEscape: true, strict: true })(escapeStrings(data, escapeMarkdown));
}

export async function loadTemplate(name: string, path?: string): Promise<string> {
  return readFile(path ?? new URL(name, new URL('../../templates/', import.meta.url)), 'utf8');
}
