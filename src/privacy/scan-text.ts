import { decodeEntities } from '../core/html-entities.js';
import { error, type Diagnostic } from '../core/diagnostics.js';
import { detectIdentifiers, type IdentifierKind } from './detect-identifiers.js';

export interface ScanHit {
  line: number;
  column: number;
  kind: IdentifierKind;
  /** The value with its middle masked, so the scan's own output does not repeat it. */
  masked: string;
}

/** `0612345678` → `06••••••78`; short values keep only their first character. */
export function mask(value: string): string {
  if (value.length <= 4) return `${value[0]}${'•'.repeat(value.length - 1)}`;
  return `${value.slice(0, 2)}${'•'.repeat(value.length - 4)}${value.slice(-2)}`;
}

/**
 * In HTML, style sheets (`@media`) and XML namespace URLs are markup, not content; blank
 * them out, keeping line breaks so line numbers stay right.
 */
function blankMarkup(html: string): string {
  const blank = (s: string) => s.replace(/[^\n]/g, ' ');
  return html.replace(/<style\b[\s\S]*?<\/style>/gi, blank).replace(/\sxmlns(?::\w+)?="[^"]*"/g, blank);
}

/** Every identifier in a text, line by line, with masked values. Pure. */
export function scanText(text: string, names: RegExp | undefined, html = false): ScanHit[] {
  const hits: ScanHit[] = [];
  (html ? blankMarkup(text) : text).split('\n').forEach((raw, i) => {
    const line = html ? decodeEntities(raw) : raw;
    for (const m of detectIdentifiers(line, names))
      hits.push({ line: i + 1, column: m.start + 1, kind: m.kind, masked: mask(m.value) });
  });
  return hits;
}

/** Identifiers in one file's text, as diagnostics (errors: a leak is a problem to fix). HTML by its file name. */
export function scanFileText(text: string, file: string, names: RegExp | undefined): Diagnostic[] {
  const html = /\.html?$/i.test(file);
  return scanText(text, names, html).map((h) => ({
    ...error(
      file,
      h.line,
      `privacy/${h.kind}`,
      `${h.kind === 'name' ? 'name from the names file' : h.kind} "${h.masked}"`,
    ),
    column: h.column,
  }));
}

/**
 * scanFileText over a file given in pieces (a source book of a million messages is never
 * one string): lines are numbered across pieces, and a line cut between two pieces is
 * scanned whole. HTML is joined and scanned whole, as its markup may span pieces.
 */
export function scanFilePieces(
  pieces: Iterable<string>,
  file: string,
  names: RegExp | undefined,
): Diagnostic[] {
  if (/\.html?$/i.test(file)) return scanFileText([...pieces].join(''), file, names);
  const out: Diagnostic[] = [];
  let offset = 0;
  let tail = '';
  const scan = (text: string) => {
    for (const d of scanFileText(text, file, names)) out.push({ ...d, line: d.line! + offset });
    for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) offset++;
  };
  for (const piece of pieces) {
    const text = tail + piece;
    const cut = text.lastIndexOf('\n');
    tail = text.slice(cut + 1);
    if (cut >= 0) scan(text.slice(0, cut + 1));
  }
  if (tail !== '') scan(tail);
  return out;
}
