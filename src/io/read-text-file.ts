import { error, InputError } from '../core/diagnostics.js';
import { decodeText } from './decode-text.js';
import { readRegularFile, type InputKind } from './read-regular-file.js';

/**
 * Reads a text file the way researchers' files come: UTF-8 with or without BOM, UTF-16
 * with BOM (WhatsApp on some phones), or Windows-1252 (older Word "Save as text").
 * A missing or binary file is an InputError naming the file, and so is anything but a
 * regular file (a pipe, /dev/zero) or a file larger than the limit for its `kind`. The read itself is
 * synchronous: a study's files are read one after another anyway, and a thousand chat
 * logs read through the event loop spend a third of their time waiting for it.
 */
export async function readTextFile(
  path: string,
  shownAs: string = path,
  kind: InputKind = 'file',
): Promise<string> {
  const bytes = readRegularFile(path, shownAs, kind);
  const decoded = decodeText(bytes);
  if (decoded === undefined) {
    throw new InputError([
      error(
        shownAs,
        undefined,
        'io/not-text',
        'not a text file (binary content); save it as plain text (UTF-8) or use a supported format',
      ),
    ]);
  }
  return decoded;
}
