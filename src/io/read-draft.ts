import { readFile } from 'node:fs/promises';
import { error, InputError } from '../core/diagnostics.js';
import { docxDraftText } from './docx-to-text.js';
import { readDocx } from './read-docx.js';
import { readTextFile } from './read-text-file.js';

/**
 * Reads a thesis draft as text: Markdown and plain text as they are; .docx one line per
 * Word paragraph (so a line number in a report is the paragraph number), with footnotes
 * and endnotes at their reference marks, where theses often put their citations.
 */
export async function readDraft(path: string, shownAs: string): Promise<string> {
  if (!path.toLowerCase().endsWith('.docx')) return readTextFile(path, shownAs);
  const buffer = await readFile(path).catch(() => {
    throw new InputError([error(shownAs, undefined, 'io/unreadable', 'file not found')]);
  });
  return docxDraftText(await readDocx(buffer, shownAs));
}
