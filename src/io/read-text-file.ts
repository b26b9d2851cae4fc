import { error, InputError, warning, type Diagnostic } from '../core/diagnostics.js';
import { decodeTextReporting } from './decode-text.js';
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
  return (await readTextFileReporting(path, shownAs, kind)).text;
}

/**
 * `readTextFile` with the warnings decoding gave: each byte that is not UTF-8 in a file
 * that otherwise is, with its line and the character it was read as.
 */
export async function readTextFileReporting(
  path: string,
  shownAs: string = path,
  kind: InputKind = 'file',
): Promise<{ text: string; diagnostics: Diagnostic[] }> {
  const bytes = readRegularFile(path, shownAs, kind);
  const foreign = foreignFormat(bytes);
  if (foreign) throw new InputError([error(shownAs, undefined, 'io/unsupported-format', foreign)]);
  const decoded = decodeTextReporting(bytes);
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
  return {
    text: decoded.text,
    diagnostics: decoded.stray.map((s) =>
      warning(
        shownAs,
        s.line,
        'io/stray-byte',
        `byte 0x${s.byte.toString(16).toUpperCase()} is not UTF-8 (the rest of the file is); read as Windows-1252 "${s.read}": check the word and save the file as UTF-8`,
      ),
    ),
  };
}

/**
 * Word processor files that are not text, recognised by their first bytes, with what to
 * do instead: a message, or undefined for anything else.
 */
export function foreignFormat(bytes: Uint8Array): string | undefined {
  const starts = (sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))
    return 'an old Word .doc file (or another Office 97-2003 file), which qualkit cannot read; open it in Word or LibreOffice and save it as .docx (Word document)';
  if (starts([0x7b, 0x5c, 0x72, 0x74, 0x66]))
    // {\rtf
    return 'an RTF file, which qualkit cannot read; open it in Word or LibreOffice and save it as .docx (Word document)';
  if (starts([0x50, 0x4b, 0x03, 0x04])) {
    const head = Buffer.from(bytes.subarray(0, 200)).toString('latin1');
    if (head.includes('mimetypeapplication/vnd.oasis.opendocument'))
      return 'an OpenDocument file (.odt, LibreOffice), which qualkit cannot read; in LibreOffice choose File > Save As > Word 2007-365 (.docx)';
    return 'a ZIP file (perhaps a Word .docx or another Office file); give a .docx the .docx extension, or save the file as .docx';
  }
  return undefined;
}
