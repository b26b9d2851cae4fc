import { error, InputError } from '../core/diagnostics.js';
import { readTextFile } from './read-text-file.js';
import { readRegularFile } from './read-regular-file.js';

/**
 * Reads a thesis draft as text: Markdown and plain text as they are; .docx through
 * mammoth (loaded only here, as it is large), one line per paragraph, so a line number in
 * a .docx report is the paragraph number.
 */
export async function readDraft(path: string, shownAs: string): Promise<string> {
  if (!path.toLowerCase().endsWith('.docx')) return readTextFile(path, shownAs, 'draft');
  const buffer = readRegularFile(path, shownAs, 'draft');
  const mammoth = (await import('mammoth')).default;
  try {
    const { value } = await mammoth.extractRawText({ buffer });
    return value
      .split(/\n{2,}/)
      .map((p) => p.replace(/\n/g, ' '))
      .join('\n');
  } catch (e) {
    throw new InputError([
      error(shownAs, undefined, 'io/not-docx', `not a readable .docx file (${(e as Error).message})`),
    ]);
  }
}
