import { append } from '../core/append.js';
import { InputError, type Diagnostic } from '../core/diagnostics.js';
import { docxToText, type DocxText } from '../io/docx-to-text.js';
import { readRegularFile, type InputKind } from '../io/read-regular-file.js';
import { readTextFileReporting } from '../io/read-text-file.js';
import type { ReadResult } from '../readers/turn.js';
import { shown } from './shown-path.js';

/** The result of `read`, or undefined with its InputError's diagnostics added: one bad file never stops the others. */
export async function orReport<T>(read: () => Promise<T>, diagnostics: Diagnostic[]): Promise<T | undefined> {
  try {
    return await read();
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    append(diagnostics, e.diagnostics);
    return undefined;
  }
}

export function readDocxOrReport(
  abs: string,
  declared: readonly string[],
  diagnostics: Diagnostic[],
): Promise<DocxText | undefined> {
  return orReport(async () => {
    const bytes = readRegularFile(abs, shown(abs), 'source');
    const read = await docxToText(bytes, shown(abs), declared);
    append(diagnostics, read.diagnostics);
    return read;
  }, diagnostics);
}

/** Lines of text converted from Word become Word paragraph numbers. */
export function toParagraphLines(read: ReadResult, lineParagraph: readonly number[]): ReadResult {
  const paragraphOfLine = (line: number) => lineParagraph[line - 1] ?? line;
  return {
    turns: read.turns.map((t) => ({
      ...t,
      line: paragraphOfLine(t.line),
      paragraphs: t.paragraphs.map((p) => ({ ...p, line: paragraphOfLine(p.line) })),
    })),
    diagnostics: read.diagnostics.map((d) =>
      d.line === undefined ? d : { ...d, line: paragraphOfLine(d.line) },
    ),
  };
}

export function readOrReport(
  abs: string,
  diagnostics: Diagnostic[],
  kind: InputKind,
): Promise<string | undefined> {
  return orReport(async () => {
    const read = await readTextFileReporting(abs, shown(abs), kind);
    append(diagnostics, read.diagnostics);
    return read.text;
  }, diagnostics);
}
