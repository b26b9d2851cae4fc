import { error, InputError } from '../core/diagnostics.js';
import { foreignFormat } from './read-text-file.js';

/** A note (footnote or endnote) a paragraph refers to, at the place of its reference mark. */
export interface NoteRef {
  kind: 'footnote' | 'endnote';
  id: string;
  at: number;
}

/** One Word paragraph: its number in the document, its text (`\n` for soft line breaks, `\t` for tabs). */
export interface DocxParagraph {
  number: number;
  text: string;
  /** Heading level (1–9) for Heading/Title styles. */
  heading?: number;
  /** The text of the bold runs the paragraph starts with, if any. */
  boldLead?: string;
  notes: NoteRef[];
}

/** A block of the body: a paragraph, or a table row (its cells' text; number = first paragraph of the row). */
export type DocxBlock =
  ({ kind: 'paragraph' } & DocxParagraph) | { kind: 'row'; number: number; cells: string[]; first: boolean };

/** What a Word document holds, as far as qualkit reads it. */
export interface DocxDocument {
  blocks: DocxBlock[];
  /** Footnote and endnote texts by `kind:id`. */
  notes: Map<string, string>;
  /** How many comments, footnotes, endnotes and tracked changes there are (they are not transcript text). */
  counts: { comments: number; footnotes: number; endnotes: number; insertions: number; deletions: number };
}

type El = Element;

function children(node: Node): El[] {
  const out: El[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) if (c.nodeType === 1) out.push(c as El);
  return out;
}

function attr(el: El, name: string): string | undefined {
  return el.getAttribute(`w:${name}`) ?? el.getAttribute(name) ?? undefined;
}

function isOn(el: El | undefined): boolean {
  if (!el) return false;
  const v = attr(el, 'val');
  return v === undefined || !/^(0|false|off|none)$/i.test(v);
}

type Parser = typeof import('@xmldom/xmldom').DOMParser;

function parse(DOMParser: Parser, xml: string): Document | undefined {
  let failed = false;
  const doc = new DOMParser({
    errorHandler: {
      warning: () => undefined,
      error: () => (failed = true),
      fatalError: () => (failed = true),
    },
  }).parseFromString(xml, 'text/xml');
  return failed || !doc.documentElement ? undefined : doc;
}

/** Heading levels by paragraph style id, from word/styles.xml ("heading 1", "Title"; any language's id). */
function headingStyles(styles: Document | undefined): Map<string, number> {
  const out = new Map<string, number>();
  if (!styles) return out;
  for (const style of children(styles.documentElement)) {
    if (style.localName !== 'style') continue;
    const id = attr(style, 'styleId');
    const name = children(style).find((c) => c.localName === 'name');
    const n = name ? (attr(name, 'val') ?? '').toLowerCase() : '';
    const level = /^heading (\d)$/.exec(n)?.[1];
    if (id && (level || n === 'title' || n === 'subtitle')) out.set(id, level ? Number(level) : 1);
  }
  return out;
}

interface Reading {
  counts: DocxDocument['counts'];
  headings: Map<string, number>;
  paragraphs: number;
}

/** Text of a paragraph's runs: deleted text and field codes left out, inserted text kept. */
function readParagraph(p: El, reading: Reading): DocxParagraph {
  const pieces: { text: string; bold: boolean }[] = [];
  let length = 0;
  const notes: NoteRef[] = [];
  let heading: number | undefined;
  const run = (r: El) => {
    const props = children(r).find((c) => c.localName === 'rPr');
    const bold = props ? isOn(children(props).find((c) => c.localName === 'b')) : false;
    for (const c of children(r)) {
      let piece = '';
      switch (c.localName) {
        case 't':
          piece = c.textContent ?? '';
          break;
        case 'tab':
        case 'ptab':
          piece = '\t';
          break;
        case 'br':
        case 'cr':
          piece = '\n';
          break;
        case 'noBreakHyphen':
          piece = '-';
          break;
        case 'footnoteReference':
        case 'endnoteReference':
          notes.push({
            kind: c.localName === 'footnoteReference' ? 'footnote' : 'endnote',
            id: attr(c, 'id') ?? '',
            at: length,
          });
          break;
        default:
          break;
      }
      if (piece === '') continue;
      pieces.push({ text: piece, bold });
      length += piece.length;
    }
  };
  const walk = (node: El) => {
    for (const c of children(node)) {
      switch (c.localName) {
        case 'pPr': {
          const style = children(c).find((x) => x.localName === 'pStyle');
          const id = style ? attr(style, 'val') : undefined;
          if (id && reading.headings.has(id)) heading = reading.headings.get(id);
          break;
        }
        case 'r':
          run(c);
          break;
        case 'del':
        case 'moveFrom':
          reading.counts.deletions++;
          break;
        case 'ins':
        case 'moveTo':
          reading.counts.insertions++;
          walk(c);
          break;
        case 'commentRangeStart':
          reading.counts.comments++;
          break;
        case 'hyperlink':
        case 'smartTag':
        case 'customXml':
        case 'fldSimple':
        case 'sdtContent':
        case 'sdt':
          walk(c);
          break;
        default:
          break;
      }
    }
  };
  walk(p);
  reading.paragraphs++;
  let lead = '';
  for (const piece of pieces) {
    if (!piece.bold || piece.text === '\t' || piece.text === '\n') break;
    lead += piece.text;
  }
  const boldLead = lead.trim();
  return {
    number: reading.paragraphs,
    text: pieces.map((x) => x.text).join(''),
    ...(heading !== undefined ? { heading } : {}),
    ...(boldLead ? { boldLead } : {}),
    notes,
  };
}

function readBody(node: El, reading: Reading, blocks: DocxBlock[]): void {
  for (const c of children(node)) {
    if (c.localName === 'p') blocks.push({ kind: 'paragraph', ...readParagraph(c, reading) });
    else if (c.localName === 'sdt') {
      const content = children(c).find((x) => x.localName === 'sdtContent');
      if (content) readBody(content, reading, blocks);
    } else if (c.localName === 'tbl') {
      let first = true;
      for (const tr of children(c)) {
        if (tr.localName !== 'tr') continue;
        const number = reading.paragraphs + 1;
        const cells: string[] = [];
        for (const tc of children(tr)) {
          if (tc.localName !== 'tc') continue;
          const inner: DocxBlock[] = [];
          readBody(tc, reading, inner);
          cells.push(
            inner
              .map((b) => (b.kind === 'paragraph' ? b.text : b.cells.join(' ')))
              .join(' ')
              .replace(/\s+/g, ' ')
              .trim(),
          );
        }
        blocks.push({ kind: 'row', number, cells, first });
        first = false;
      }
    }
  }
}

/** The text of each footnote or endnote of a notes part, by id (separators left out). */
function readNotes(
  doc: Document | undefined,
  kind: 'footnote' | 'endnote',
  reading: Reading,
  out: Map<string, string>,
) {
  if (!doc) return 0;
  let n = 0;
  for (const note of children(doc.documentElement)) {
    if (note.localName !== kind) continue;
    const type = attr(note, 'type');
    if (type && type !== 'normal') continue;
    const inner: DocxBlock[] = [];
    const scratch: Reading = { ...reading, paragraphs: 0 };
    readBody(note, scratch, inner);
    out.set(
      `${kind}:${attr(note, 'id') ?? ''}`,
      inner
        .map((b) => (b.kind === 'paragraph' ? b.text : b.cells.join(' ')))
        .join(' ')
        .replace(/\s+/g, ' ')
        .trim(),
    );
    n++;
  }
  return n;
}

/**
 * Reads the body of a Word (.docx) file from its XML: every paragraph in order, numbered
 * as Word counts them (empty ones and those in table cells too), with soft line breaks,
 * tabs, leading bold text, headings and table rows; footnotes and endnotes apart. Deleted
 * text of tracked changes is left out and inserted text kept (the document as it reads
 * with all changes accepted); comments, text boxes and field codes are not read. Throws
 * InputError, with what to do, for a file that is not a Word document (.doc, .odt, .rtf).
 */
export async function readDocx(bytes: Buffer, shownAs: string): Promise<DocxDocument> {
  const refuse = (message: string) => new InputError([error(shownAs, undefined, 'io/not-docx', message)]);
  const foreign = foreignFormat(bytes);
  if (foreign && !foreign.startsWith('a ZIP file')) throw refuse(foreign);
  if (!foreign)
    throw refuse(
      'not a readable .docx file (it is not a Word document); open it in Word and save it as .docx',
    );
  // Loaded only here: most commands never read a Word file.
  const JSZip = (await import('jszip')).default;
  const { DOMParser } = await import('@xmldom/xmldom');
  let zip: Awaited<ReturnType<typeof JSZip.loadAsync>>;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch {
    throw refuse('not a readable .docx file (the ZIP package is damaged); open it in Word and save it again');
  }
  const part = async (name: string) => {
    const file = zip.file(name);
    return file ? parse(DOMParser, await file.async('string')) : undefined;
  };
  const documentXml = zip.file('word/document.xml');
  if (!documentXml)
    throw refuse(
      'not a Word .docx file (no word/document.xml; perhaps another Office file); save it as .docx',
    );
  const document = parse(DOMParser, await documentXml.async('string'));
  const body = document && children(document.documentElement).find((c) => c.localName === 'body');
  if (!body)
    throw refuse(
      'not a readable .docx file (its document.xml is damaged); open it in Word and save it again',
    );
  const reading: Reading = {
    counts: { comments: 0, footnotes: 0, endnotes: 0, insertions: 0, deletions: 0 },
    headings: headingStyles(await part('word/styles.xml')),
    paragraphs: 0,
  };
  const blocks: DocxBlock[] = [];
  readBody(body, reading, blocks);
  const notes = new Map<string, string>();
  const counting: Reading = { ...reading, counts: { ...reading.counts } };
  reading.counts.footnotes = readNotes(await part('word/footnotes.xml'), 'footnote', counting, notes);
  reading.counts.endnotes = readNotes(await part('word/endnotes.xml'), 'endnote', counting, notes);
  const comments = await part('word/comments.xml');
  if (comments)
    reading.counts.comments = children(comments.documentElement).filter(
      (c) => c.localName === 'comment',
    ).length;
  return { blocks, notes, counts: reading.counts };
}
