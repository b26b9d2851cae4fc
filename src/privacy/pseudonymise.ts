import { detectIdentifiers, nameMatcher, type IdentifierKind } from './detect-identifiers.js';

export const PLACEHOLDER_WORD: Record<IdentifierKind, string> = {
  name: 'PERSOON',
  email: 'EMAIL',
  url: 'URL',
  phone: 'TELEFOON',
  handle: 'HANDLE',
  iban: 'IBAN',
  bsn: 'BSN',
  postcode: 'POSTCODE',
  birthdate: 'GEBOORTEDATUM',
};

export interface KeyEntry {
  placeholder: string;
  kind: IdentifierKind;
  original: string;
}

export interface NameEntry {
  name: string;
  /** The pseudonym to use; empty means a numbered placeholder ([PERSOON-3]). */
  pseudonym: string;
  /** Matched only as written (for names that are also ordinary words: Storm, Roos, Mo). */
  caseSensitive?: boolean;
}

function normalise(kind: IdentifierKind, value: string): string {
  if (kind === 'phone') {
    const digits = value.replace(/\D/g, '');
    return value.trim().startsWith('+') || digits.startsWith('00')
      ? digits.replace(/^00/, '')
      : `31${digits.replace(/^0/, '')}`;
  }
  if (kind === 'iban' || kind === 'postcode' || kind === 'bsn')
    return value.replace(/[\s.]/g, '').toUpperCase();
  if (kind === 'name')
    // "Zoë" composed or decomposed, "Jayden de Vries" or "jayden-de-vries": one person.
    return value
      .normalize('NFC')
      .trim()
      .replace(/[\s_.-]+/g, ' ')
      .toLowerCase();
  return value.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
}

/**
 * Replaces identifiers with stable placeholders: the same value (phone numbers compared
 * by their digits, names case-insensitively) gets the same placeholder everywhere in the
 * study, `[TELEFOON-1]`, `[PERSOON-3]`, or the pseudonym the names file gives. Numbering
 * follows the order values are first met, continuing from an existing key, so the same
 * study always gives the same text. Keeps the key (placeholder → original) for the key file.
 */
export class Pseudonymiser {
  private readonly byValue = new Map<string, string>();
  private readonly counters = new Map<IdentifierKind, number>();
  private readonly entries: KeyEntry[] = [];
  private readonly names: RegExp | undefined;
  private readonly pseudonyms = new Map<string, string>();

  constructor(names: readonly NameEntry[] = [], existingKey: readonly KeyEntry[] = []) {
    for (const n of names) if (n.pseudonym) this.pseudonyms.set(normalise('name', n.name), n.pseudonym);
    this.names = nameMatcher(names);
    for (const e of existingKey) {
      this.byValue.set(`${e.kind}\t${normalise(e.kind, e.original)}`, e.placeholder);
      this.entries.push(e);
      const n = /-(\d+)\]$/.exec(e.placeholder);
      if (n) this.counters.set(e.kind, Math.max(this.counters.get(e.kind) ?? 0, Number(n[1])));
    }
  }

  private placeholderFor(kind: IdentifierKind, value: string): string {
    const key = `${kind}\t${normalise(kind, value)}`;
    let placeholder = this.byValue.get(key);
    if (placeholder === undefined) {
      const pseudonym = kind === 'name' ? this.pseudonyms.get(normalise(kind, value)) : undefined;
      if (pseudonym) placeholder = pseudonym;
      else {
        const n = (this.counters.get(kind) ?? 0) + 1;
        this.counters.set(kind, n);
        placeholder = `[${PLACEHOLDER_WORD[kind]}-${n}]`;
      }
      this.byValue.set(key, placeholder);
      this.entries.push({ placeholder, kind, original: value });
    }
    return placeholder;
  }

  /** The text with every identifier replaced. */
  apply(text: string): string {
    const matches = detectIdentifiers(text, this.names);
    if (matches.length === 0) return text;
    let out = '';
    let at = 0;
    for (const m of matches) {
      out += text.slice(at, m.start) + this.placeholderFor(m.kind, m.value);
      at = m.end;
    }
    return out + text.slice(at);
  }

  /** The names file's names as a matcher (for scanning outputs), if any. */
  namePattern(): RegExp | undefined {
    return this.names;
  }

  /** Placeholder → original, in the order first met; what the key file holds. */
  key(): KeyEntry[] {
    return [...this.entries];
  }
}
