import { error, InputError } from '../core/diagnostics.js';
import { decodeEntities } from '../core/html-entities.js';

function decode(html: string): string {
  return decodeEntities(html.replace(/<br\s*\/?>/g, '\n').replace(/<[^>]+>/g, ''))
    .replace(/[ \t\u00a0]+/g, ' ')
    .trim();
}

/**
 * Turns the HTML mammoth makes of a Word file into blocks of plain text, one per Word
 * paragraph: headings become Markdown headings (which the transcript reader skips), each
 * table row becomes one block with its cells joined by ": " when it has two cells (the
 * "speaker | text" layout many transcripts use) or by " | " otherwise. Pure.
 */
export function htmlToBlocks(html: string): string[] {
  const blocks: string[] = [];
  const re = /<(h[1-6]|p|li|tr)\b[^>]*>([\s\S]*?)<\/\1>/g;
  for (const m of html.matchAll(re)) {
    const tag = m[1]!;
    const inner = m[2]!;
    if (tag === 'tr') {
      const cells = [...inner.matchAll(/<t[dh]\b[^>]*>([\s\S]*?)<\/t[dh]>/g)]
        .map((c) => decode(c[1]!.replace(/<\/p>\s*<p[^>]*>/g, ' ')))
        .filter((c) => c !== '');
      if (cells.length > 0) blocks.push(cells.length === 2 ? `${cells[0]}: ${cells[1]}` : cells.join(' | '));
      continue;
    }
    if ((tag === 'p' || tag === 'li') && /<\/?t[dr]\b/.test(inner)) continue;
    const text = decode(inner);
    if (text === '') continue;
    blocks.push(tag.startsWith('h') ? `${'#'.repeat(Number(tag[1]))} ${text}` : text);
  }
  return blocks;
}

/**
 * Reads a .docx with mammoth (loaded only here) and returns its text for the transcript
 * reader: one block per paragraph, blocks separated by blank lines, so block n starts on
 * line 2n − 1. Throws InputError for a file that is not a readable Word document.
 */
export async function docxToText(bytes: Buffer, shownAs: string): Promise<string> {
  const mammoth = (await import('mammoth')).default;
  let html: string;
  try {
    html = (await mammoth.convertToHtml({ buffer: bytes })).value;
  } catch (e) {
    throw new InputError([
      error(shownAs, undefined, 'io/not-docx', `not a readable .docx file (${(e as Error).message})`),
    ]);
  }
  // Tables inside paragraphs do not occur in mammoth's output; tables are separate blocks.
  return htmlToBlocks(html.replace(/<table\b[^>]*>/g, '').replace(/<\/table>/g, '')).join('\n\n');
}

/** Line of the converted text → Word paragraph number (1-based). */
export function paragraphOfLine(line: number): number {
  return Math.ceil(line / 2);
}
