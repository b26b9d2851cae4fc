/**
 * Detectors for personal identifiers in Dutch and international text. Each returns the
 * spans it finds; pseudonymise.ts replaces them, privacy-scan lists them. Pure.
 */
export const IDENTIFIER_KINDS = [
  'email',
  'url',
  'phone',
  'handle',
  'iban',
  'bsn',
  'postcode',
  'birthdate',
] as const;
export type IdentifierKind = (typeof IDENTIFIER_KINDS)[number] | 'name';
const ALL_KINDS: readonly IdentifierKind[] = [...IDENTIFIER_KINDS, 'name'];

export interface Match {
  kind: IdentifierKind;
  start: number;
  end: number;
  value: string;
}

const MONTHS =
  'januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|jan|feb|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec|january|february|march|may|june|july|october';
const DATE = `(?:\\d{1,2}[-/.]\\d{1,2}[-/.](?:19|20)?\\d{2}|\\d{1,2}\\s+(?:${MONTHS})\\.?\\s+(?:19|20)\\d{2}|(?:19|20)\\d{2}-\\d{2}-\\d{2})`;

// What a text must contain for a pattern to match at all: a cheap test, made once per text,
// that skips the pattern's scan.
type Need = 'at' | 'digit' | 'web' | 'birth';
export const NEED_TESTS: Record<Need, (text: string) => boolean> = {
  at: (text) => text.includes('@'),
  digit: (text) => /\d/.test(text),
  web: (text) => /https?:\/\/|www\./i.test(text),
  // Every birth-date pattern has one of these words, and a date has digits.
  birth: (text) => /\d/.test(text) && /geb|verjaardag|born|date of birth|dob/i.test(text),
};

/** The patterns (exported for the test that holds each one's `can` to its matches). */
export const PATTERNS: {
  kind: Exclude<IdentifierKind, 'name'>;
  re: RegExp;
  can: Need;
  group?: number;
  valid?: (value: string) => boolean;
}[] = [
  { kind: 'email', re: /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu, can: 'at' },
  { kind: 'url', re: /\b(?:https?:\/\/|www\.)[^\s<>"')\]]+[^\s<>"')\].,;:!?]/giu, can: 'web' },
  // International: +31 6 1234 5678, 0031 6 12345678, +44 20 7946 0958 (8–15 digits).
  {
    kind: 'phone',
    re: /(?<![\w+])(?:\+|00)[1-9]\d{0,2}(?:[\s.-]?\(0\))?(?:[\s.-]?\d){7,12}(?!\d)/g,
    can: 'digit',
    valid: notADate,
  },
  // Dutch national: 06-12345678, 06 1234 5678, 020-1234567, 0612345678 (ten digits from 0).
  { kind: 'phone', re: /(?<![\w+.])0\d(?:[\s.-]?\d){8}(?![\d.]*\d)/g, can: 'digit', valid: notADate },
  { kind: 'handle', re: /(?<![\p{L}\p{N}._@/])@[\p{L}\p{N}_.]{2,30}[\p{L}\p{N}_]/gu, can: 'at' },
  { kind: 'iban', re: /\b[A-Z]{2}\d{2}\s?[A-Z]{4}(?:\s?\d){7,16}\b/g, can: 'digit' },
  // BSN: 123456782, 123.456.782, 123 456 782, 1234.56.782 — only if it passes the eleven test.
  {
    kind: 'bsn',
    re: /(?<![\d.,-])(?:\d{3}([.\s]?)\d{3}\1\d{3}|\d{4}\.\d{2}\.\d{3})(?![\d-]|[.,]\d)/g,
    can: 'digit',
    valid: passesElevenTest,
  },
  // Dutch postcode: 1234 AB (SA, SD and SS are not issued).
  { kind: 'postcode', re: /\b[1-9]\d{3}\s?(?!SA|SD|SS)[A-Z]{2}\b/g, can: 'digit' },
  // A date only in a date-of-birth context: "geboren op 3-4-2009", "geboortedatum: 3 april 2009".
  {
    kind: 'birthdate',
    re: new RegExp(
      `\\b(?:geboren(?:\\s+op)?|geb\\.|geboortedatum|geb\\.?\\s*datum|verjaardag|born(?:\\s+on)?|date of birth|DOB)\\s*:?\\s*(${DATE})`,
      'giu',
    ),
    can: 'birth',
    group: 1,
  },
];

/** Time stamps such as 01-03-2026 19:04 have the digits of a phone number; they are not one. */
function notADate(value: string): boolean {
  return !/^\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}\b/.test(value) && !/^\d{4}-\d{2}-\d{2}/.test(value);
}

/** The Dutch "elfproef" for citizen service numbers (BSN): Σ (9..2)·d₁..d₈ − d₉ ≡ 0 (mod 11). */
export function passesElevenTest(value: string): boolean {
  const digits = value.replace(/\D/g, '');
  if (digits.length !== 9 || /^0+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (9 - i) * Number(digits[i]);
  sum -= Number(digits[8]);
  return sum % 11 === 0;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A matcher for the names of a names file: whole words, case-insensitive, longest name
 * first ("Mirjam de Wit" before "Mirjam").
 */
export function nameMatcher(names: readonly string[]): RegExp | undefined {
  const list = [...new Set(names.map((n) => n.trim()).filter((n) => n.length > 1))].sort(
    (a, b) => b.length - a.length,
  );
  if (list.length === 0) return undefined;
  return new RegExp(
    `(?<![\\p{L}\\p{N}_])(?:${list.map((n) => escapeRegExp(n).replace(/\s+/g, '\\s+')).join('|')})(?![\\p{L}\\p{N}_])`,
    'giu',
  );
}

/**
 * Every identifier in `text`, left to right, without overlaps (an e-mail address is not
 * also reported as a handle or a URL; the earlier, then the longer match wins).
 */
export function detectIdentifiers(
  text: string,
  names?: RegExp,
  kinds: readonly IdentifierKind[] = ALL_KINDS,
): Match[] {
  const found: Match[] = [];
  const wanted = kinds === ALL_KINDS ? undefined : new Set(kinds);
  const needs = new Map<Need, boolean>();
  const has = (need: Need) => {
    let yes = needs.get(need);
    if (yes === undefined) needs.set(need, (yes = NEED_TESTS[need](text)));
    return yes;
  };
  // exec over the shared global patterns (matchAll would copy each pattern for every text);
  // none of them matches the empty string, so lastIndex always moves on.
  const each = (re: RegExp, visit: (m: RegExpExecArray) => void) => {
    re.lastIndex = 0;
    if (!re.global) {
      const m = re.exec(text);
      if (m) visit(m);
      return;
    }
    for (let m = re.exec(text); m !== null; m = re.exec(text)) visit(m);
  };
  if (names && (!wanted || wanted.has('name')))
    each(names, (m) => found.push({ kind: 'name', start: m.index, end: m.index + m[0].length, value: m[0] }));
  for (const p of PATTERNS) {
    if ((wanted && !wanted.has(p.kind)) || !has(p.can)) continue;
    each(p.re, (m) => {
      const value = p.group ? m[p.group]! : m[0];
      const start = p.group ? m.index + m[0].lastIndexOf(value) : m.index;
      if (p.valid && !p.valid(value)) return;
      found.push({ kind: p.kind, start, end: start + value.length, value });
    });
  }
  found.sort((a, b) => a.start - b.start || b.end - b.start - (a.end - a.start));
  const out: Match[] = [];
  let end = -1;
  for (const m of found) {
    if (m.start < end) continue;
    out.push(m);
    end = m.end;
  }
  return out;
}
