import { decodeEntities } from '../core/html-entities.js';
import { error, InputError, type Diagnostic } from '../core/diagnostics.js';
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

/** How a file's text is written, which decides what the scan undoes before it looks. */
export type TextKind = 'text' | 'html' | 'xml' | 'markdown' | 'json';

/** The kind by file name (a part inside an archive too: `study.qdpx:project.qde`). */
export function textKindOf(file: string): TextKind {
  if (/\.html?$/i.test(file)) return 'html';
  if (/\.(?:xml|qde|qdc)$/i.test(file)) return 'xml';
  if (/\.(?:md|markdown)$/i.test(file)) return 'markdown';
  if (/\.json$/i.test(file)) return 'json';
  return 'text';
}

const blank = (s: string) => s.replace(/[^\n]/g, ' ');
const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;

/**
 * Markup around the content: in HTML, style sheets (`@media`) and XML namespace URLs; in
 * XML and JSON, GUIDs (whose digit groups look like phone numbers). Blanked out, keeping
 * line breaks so line numbers stay right.
 */
function blankMarkup(text: string, kind: TextKind): string {
  if (kind === 'html')
    return text.replace(/<style\b[\s\S]*?<\/style>/gi, blank).replace(/\sxmlns(?::\w+)?="[^"]*"/g, blank);
  if (kind === 'xml') return text.replace(/\sxmlns(?::\w+)?="[^"]*"/g, blank).replace(UUID, blank);
  if (kind === 'json') return text.replace(UUID, blank);
  return text;
}

/** A line with some of its text undone, and for each character the column it came from. */
interface Undone {
  text: string;
  from: number[];
}

/** Replaces every match of `re` in an undone line, keeping where each character came from. */
function undo(line: Undone, re: RegExp, replace: (...groups: string[]) => string): Undone {
  let text = '';
  const from: number[] = [];
  let at = 0;
  for (const m of line.text.matchAll(re)) {
    for (let i = at; i < m.index; i++) from.push(line.from[i]!);
    text += line.text.slice(at, m.index);
    const by = replace(...(m as unknown as string[]));
    for (let i = 0; i < by.length; i++) from.push(line.from[m.index]!);
    text += by;
    at = m.index + m[0].length;
  }
  for (let i = at; i < line.text.length; i++) from.push(line.from[i]!);
  return { text: text + line.text.slice(at), from };
}

const entities = (line: Undone) =>
  undo(line, /&(?:#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all) => decodeEntities(all));

const UNESCAPE: Record<TextKind, (line: Undone) => Undone> = {
  text: (line) => line,
  html: entities,
  xml: entities,
  // Markdown backslash escapes (`jv\_sneaky`), and the entities and `<br>` of escapeMarkdown.
  markdown: (line) =>
    entities(
      undo(line, /<br\s*\/?>|\\([\\`*_{}[\]()#+\-.!|~<>])/gi, (all, c) => (c === undefined ? ' ' : c)),
    ),
  // JSON string escapes; a newline inside a string reads as a space.
  json: (line) =>
    undo(line, /\\(u[0-9a-fA-F]{4}|.)/g, (_, e) =>
      e.length === 5 ? String.fromCharCode(parseInt(e.slice(1), 16)) : 'nrtbf'.includes(e) ? ' ' : e,
    ),
};

/** Every identifier in a text, line by line, with masked values and the line and column in the text as written. Pure. */
export function scanText(text: string, names: RegExp | undefined, kind: TextKind = 'text'): ScanHit[] {
  const hits: ScanHit[] = [];
  blankMarkup(text, kind)
    .split('\n')
    .forEach((raw, i) => {
      // Most lines have nothing to undo (no backslash, & or <): they are scanned as they are.
      const line =
        kind === 'text' || !/[\\&<]/.test(raw)
          ? { text: raw, from: undefined }
          : UNESCAPE[kind]({ text: raw, from: Array.from({ length: raw.length }, (_, k) => k) });
      for (const m of detectIdentifiers(line.text, names))
        hits.push({
          line: i + 1,
          column: (line.from === undefined ? m.start : line.from[m.start]!) + 1,
          kind: m.kind,
          masked: mask(m.value),
        });
    });
  return hits;
}

/** Identifiers in one file's text, as diagnostics (errors: a leak is a problem to fix). The kind by its file name. */
export function scanFileText(text: string, file: string, names: RegExp | undefined): Diagnostic[] {
  return scanText(text, names, textKindOf(file)).map((h) => ({
    ...error(
      file,
      h.line,
      `privacy/${h.kind}`,
      `${h.kind === 'name' ? 'name from the names file' : h.kind} "${h.masked}"`,
    ),
    column: h.column,
  }));
}

/** The diagnostics of a scan that found something, with the closing reason nothing was written. */
export function leakError(
  leaks: readonly Diagnostic[],
  where: string,
  what: string,
  written = 'nothing was written',
): InputError {
  return new InputError([
    ...leaks,
    error(
      where,
      undefined,
      'privacy/leak',
      `identifiers would reach ${what}; ${written}. Add the names to the names file, or set "privacy.pseudonymise" to true`,
    ),
  ]);
}

/**
 * The scan of a file written piece by piece as it is made (the source book of `ingest`):
 * each piece is scanned before it is written, lines numbered across pieces. A piece should
 * end at a line end (each of ingest's does), so that no identifier is cut in two.
 */
export class PieceScanner {
  private offset = 0;
  readonly leaks: Diagnostic[] = [];
  constructor(
    private readonly file: string,
    private readonly names: RegExp | undefined,
  ) {}

  /** True when the piece is clean; else its findings are kept in `leaks`. */
  clean(piece: string): boolean {
    const found = scanFileText(piece, this.file, this.names);
    for (const d of found) this.leaks.push({ ...d, line: d.line! + this.offset });
    for (let at = piece.indexOf('\n'); at !== -1; at = piece.indexOf('\n', at + 1)) this.offset++;
    return found.length === 0;
  }
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
  if (/^(?:html|xml)$/.test(textKindOf(file))) return scanFileText([...pieces].join(''), file, names);
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
