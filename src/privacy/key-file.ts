import { error, type Diagnostic } from '../core/diagnostics.js';
import { parseCsv, stringifyCsv } from '../io/csv.js';
import type { IdentifierKind } from './detect-identifiers.js';
import { IDENTIFIER_KINDS } from './detect-identifiers.js';
import type { KeyEntry, NameEntry } from './pseudonymise.js';

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
  for (const { cells, line } of table.rows) {
    const kind = cells.kind ?? '';
    if (!cells.placeholder || !cells.original || !KINDS.has(kind)) {
      diagnostics.push(
        error(file, line, 'privacy/bad-key-row', 'Unexpected key row, expected placeholder,kind,original'),
      );
      continue;
    }
    entries.push({ placeholder: cells.placeholder, kind: kind as IdentifierKind, original: cells.original });
  }
  return { entries, diagnostics };
}

/** The names file: `name,pseudonym`; an empty pseudonym gets a numbered placeholder. */
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
    names.push({ name, pseudonym: cells.pseudonym ?? '' });
  }
  return { names, diagnostics };
}
