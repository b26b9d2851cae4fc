import { error, type Diagnostic } from '../core/diagnostics.js';
import { parseCsv, stringifyCsv } from '../io/csv.js';
import type { IdentifierKind } from './detect-identifiers.js';
import { IDENTIFIER_KINDS } from './detect-identifiers.js';
import { PLACEHOLDER_WORD, type KeyEntry, type NameEntry } from './pseudonymise.js';

const KINDS = new Set<string>([...IDENTIFIER_KINDS, 'name']);

/** The key file: placeholder, kind, original; one row per pseudonymised value. */
export function keyCsv(entries: readonly KeyEntry[]): string {
  return stringifyCsv(
    ['placeholder', 'kind', 'original'],
    entries.map((e) => [e.placeholder, e.kind, e.original]),
  );
}

export function parseKeyCsv(text: string, file: string): { entries: KeyEntry[]; diagnostics: Diagnostic[] } {
  const table = parseCsv(text, file);
  const diagnostics = [...table.diagnostics];
  const entries: KeyEntry[] = [];
  if (text.trim() !== '' && ['placeholder', 'kind', 'original'].some((c) => !table.header.includes(c)))
    return {
      entries,
      diagnostics: [
        error(file, 1, 'privacy/damaged-key', 'Unexpected header, expected placeholder,kind,original'),
      ],
    };
  const seen = new Map<string, string>();
  for (const { cells, line } of table.rows) {
    const kind = cells.kind ?? '';
    const placeholder = cells.placeholder ?? '';
    if (!placeholder || !cells.original || !KINDS.has(kind)) {
      diagnostics.push(
        error(file, line, 'privacy/bad-key-row', 'Unexpected key row, expected placeholder,kind,original'),
      );
      continue;
    }
    // Placeholders are qualkit's own ([TELEFOON-3]); only names may have the pseudonym of the names file.
    const word = PLACEHOLDER_WORD[kind as IdentifierKind];
    if (kind !== 'name' && !new RegExp(`^\\[${word}-\\d+\\]$`).test(placeholder)) {
      diagnostics.push(
        error(
          file,
          line,
          'privacy/bad-key-row',
          `Unexpected placeholder "${placeholder}" for kind ${kind}, expected [${word}-<number>]`,
        ),
      );
      continue;
    }
    const other = seen.get(`${kind}\t${placeholder}`);
    if (kind !== 'name' && other !== undefined && other !== cells.original) {
      diagnostics.push(
        error(
          file,
          line,
          'privacy/bad-key-row',
          `Placeholder ${placeholder} stands for two different values`,
        ),
      );
      continue;
    }
    seen.set(`${kind}\t${placeholder}`, cells.original);
    entries.push({ placeholder, kind: kind as IdentifierKind, original: cells.original });
  }
  return { entries, diagnostics };
}

const CASE_FLAGS = new Map([
  ['', false],
  ['no', false],
  ['nee', false],
  ['false', false],
  ['yes', true],
  ['ja', true],
  ['true', true],
  ['x', true],
]);

/**
 * The names file: `name,pseudonym[,case_sensitive]`; an empty pseudonym gets a numbered
 * placeholder; `case_sensitive` yes matches the name only as written (Storm, not storm).
 */
export function parseNamesCsv(text: string, file: string): { names: NameEntry[]; diagnostics: Diagnostic[] } {
  const table = parseCsv(text, file);
  const diagnostics = [...table.diagnostics];
  const names: NameEntry[] = [];
  if (table.header.length > 0 && !table.header.includes('name')) {
    diagnostics.push(
      error(file, 1, 'privacy/missing-column', 'Missing column "name"; expected header name,pseudonym'),
    );
    return { names, diagnostics };
  }
  for (const { cells, line } of table.rows) {
    const name = cells.name ?? '';
    if (name.length < 2) {
      diagnostics.push(
        error(file, line, 'privacy/bad-name', `Unexpected name "${name}", expected at least two characters`),
      );
      continue;
    }
    const flag = (cells.case_sensitive ?? '').trim().toLowerCase();
    if (!CASE_FLAGS.has(flag)) {
      diagnostics.push(
        error(
          file,
          line,
          'privacy/bad-case-flag',
          `Unexpected case_sensitive "${cells.case_sensitive}", expected yes (match only as written) or empty`,
        ),
      );
      continue;
    }
    names.push({
      name,
      pseudonym: cells.pseudonym ?? '',
      ...(CASE_FLAGS.get(flag) ? { caseSensitive: true } : {}),
    });
  }
  return { names, diagnostics };
}

/**
 * The key file's bytes as text. qualkit writes it as UTF-8; anything else (a byte damaged,
 * the file saved in another encoding, binary content) is an error at the line where it
 * starts, so that a damaged key is never silently read short and then overwritten.
 */
export function decodeKeyBytes(
  bytes: Uint8Array,
  file: string,
): { text?: string; diagnostics: Diagnostic[] } {
  const damaged = (at: number, what: string) => {
    let line = 1;
    for (let i = 0; i < at; i++) if (bytes[i] === 0x0a) line++;
    return {
      diagnostics: [
        error(
          file,
          line,
          'privacy/damaged-key',
          `The key file is damaged (${what}); nothing was written and the key is left as it is. Restore it from a backup, or fix this line`,
        ),
      ],
    };
  };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // The first byte where the text stops being UTF-8.
    let at = 0;
    for (let end = bytes.length; at < end;) {
      const mid = (at + end + 1) >> 1;
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, mid), { stream: true });
        at = mid;
      } catch {
        end = mid - 1;
      }
    }
    return damaged(at, `byte ${at + 1} is not UTF-8`);
  }
  // eslint-disable-next-line no-control-regex
  const control = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd]/.exec(text);
  if (control) return damaged(Buffer.byteLength(text.slice(0, control.index)), 'a control character');
  return { text: text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n'), diagnostics: [] };
}
