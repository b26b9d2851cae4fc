import { docxDraftText } from './docx-to-text.js';
import { readDocx } from './read-docx.js';
import { readTextFile } from './read-text-file.js';
import { readRegularFile } from './read-regular-file.js';

/**
 * Reads a thesis draft as text: Markdown and plain text as they are; .docx one line per
 * Word paragraph (so a line number in a report is the paragraph number), with footnotes
 * and endnotes at their reference marks, where theses often put their citations.
 */
export async function readDraft(path: string, shownAs: string): Promise<string> {
  if (!path.toLowerCase().endsWith('.docx')) return readTextFile(path, shownAs, 'draft');
  const buffer = readRegularFile(path, shownAs, 'draft');
  return docxDraftText(await readDocx(buffer, shownAs));
}
