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
// Day first (14-03-2009, 14 maart 2009), month first in English (March 14, 2009; March 14th 2009), ISO.
const DATE = `(?:\\d{1,2}[-/.]\\d{1,2}[-/.](?:19|20)?\\d{2}|\\d{1,2}\\s+(?:${MONTHS})\\.?\\s+(?:19|20)\\d{2}|(?:${MONTHS})\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+(?:19|20)\\d{2}|(?:19|20)\\d{2}-\\d{2}-\\d{2})`;

// What a text must contain for a pattern to match at all: a cheap test, made once per text,
// that skips the pattern's scan.
type Need = 'at' | 'digit' | 'web' | 'birth';
export const NEED_TESTS: Record<Need, (text: string) => boolean> = {
  at: (text) => text.includes('@'),
  digit: (text) => /\d/.test(text),
  // A scheme, www. or a top-level domain followed by a path.
  web: (text) => /https?:\/\/|www\.|\.[a-z]{2,6}\//i.test(text),
  // Every birth-date pattern has one of these words, and a date has digits.
  birth: (text) => /\d/.test(text) && /geb|verjaardag|born|date of birth|dob/i.test(text),
};

// Top-level domains of addresses written without http or www (instagram.com/…, tiktok.com/@…);
// none is a file extension qualkit or its users write (.md, .txt, .csv are not here).
const TLDS =
  'com|nl|be|net|org|eu|io|me|tv|app|gg|de|fr|uk|co|info|biz|link|ly|to|site|online|xyz|social|chat|live|page|blog|cc|ws|fm|ai|dev|us|ca|es|it|at|ch';

/** The patterns (exported for the test that holds each one's `can` to its matches). */
export const PATTERNS: {
  kind: Exclude<IdentifierKind, 'name'>;
  re: RegExp;
  can: Need;
  group?: number;
  valid?: (value: string) => boolean;
  /** The leading part of the match that is the identifier, or undefined for none; the rest is scanned again. */
  prefix?: (value: string) => string | undefined;
}[] = [
  { kind: 'email', re: /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu, can: 'at' },
  { kind: 'url', re: /\b(?:https?:\/\/|www\.)[^\s<>"')\]]+[^\s<>"')\].,;:!?]/giu, can: 'web' },
  // Without scheme or www: a domain with a path, instagram.com/jv_2009, tiktok.com/@jv.
  {
    kind: 'url',
    re: new RegExp(
      `(?<![\\p{L}\\p{N}@_%+-])(?:[\\p{N}-]*\\p{L}[\\p{L}\\p{N}-]*\\.)+(?:${TLDS})\\/[^\\s<>"')\\]]*[^\\s<>"')\\].,;:!?]`,
      'giu',
    ),
    can: 'web',
  },
  // International: +31 6 1234 5678, 0031 6 12345678, +44 20 7946 0958 (8–15 digits).
  {
    kind: 'phone',
    re: /(?<![\w+])(?:\+|00)[1-9]\d{0,2}(?:[\s.-]?\(0\))?(?:[\s.-]?\d){7,12}(?!\d)/g,
    can: 'digit',
    valid: notADate,
  },
  // Dutch national: 06-12345678, 06 1234 5678, 020-1234567, 0612345678, 06.12.34.56.78,
  // 06-12-34-56-78, tel.0612345678 (ten digits from 0; not inside a decimal number).
  {
    kind: 'phone',
    re: /(?<![\w+]|\d[.,])0\d(?:[\s.-]?\d){8}(?![\d.]*\d)/g,
    can: 'digit',
    valid: notADate,
  },
  // Area code in parentheses: (010) 123 45 67, (06) 12345678.
  {
    kind: 'phone',
    re: /(?<![\w+])\(0\d{1,3}\)[\s.-]?\d(?:[\s.-]?\d){4,7}(?![\d.]*\d)/g,
    can: 'digit',
    valid: (value) => value.replace(/\D/g, '').length === 10,
  },
  // After a letter, digit or e-mail part it is not a handle; after a / it is (tiktok.com/@jv).
  { kind: 'handle', re: /(?<![\p{L}\p{N}._@])@[\p{L}\p{N}_.]{2,30}[\p{L}\p{N}_]/gu, can: 'at' },
  // Any country's IBAN, upper or lower case, grouped or not: the ISO 13616 length and mod-97 check decide.
  { kind: 'iban', re: /\b[A-Z]{2}\d{2}(?:[ \u00a0]?[A-Z0-9]){11,30}/gi, can: 'digit', prefix: ibanPrefix },
  // BSN: 123456782, 123.456.782, 123 456 782, 1234.56.782 — only if it passes the eleven test.
  {
    kind: 'bsn',
    re: /(?<![\d.,-])(?:\d{3}([.\s]?)\d{3}\1\d{3}|\d{4}\.\d{2}\.\d{3})(?![\d-]|[.,]\d)/g,
    can: 'digit',
    valid: passesElevenTest,
  },
  // Dutch postcode: four digits not starting with 0 and two letters (SA, SD and SS are not
  // issued): 5611 AB, 5611AB, 5611ab; lower case only without a space ("in 2019 en" is text).
  {
    kind: 'postcode',
    re: /(?<![\p{L}\p{N}_.,])[1-9]\d{3}(?:[ \u00a0]?[A-Z]{2}|[A-Za-z]{2})(?![\p{L}\p{N}_])/gu,
    can: 'digit',
    valid: isPostcode,
  },
  // A date only in a date-of-birth context: "geboren op 3-4-2009", "geboortedatum: 3 april 2009",
  // "Date of birth: March 14, 2009".
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

/**
 * Two letters after four digits that are units or words, not a postcode: 1500 MB, 2019 OK,
 * 2000mg, 1001st. (Real postcodes with these letters are then missed; the README says so.)
 */
const NOT_POSTCODE_LETTERS = new Set(
  'OK MB GB KB TB PB KM CM MM DM KG MG ML CL DL HL KW MW GW WH HZ PX PT PK CC DB MS AM PM BC AD CE VS EU NL ST ND RD TH ER'.split(
    ' ',
  ),
);

function isPostcode(value: string): boolean {
  const letters = value.slice(-2).toUpperCase();
  return !/^S[ADS]$/.test(letters) && !NOT_POSTCODE_LETTERS.has(letters);
}

/** Time stamps such as 01-03-2026 19:04 have the digits of a phone number; they are not one. */
function notADate(value: string): boolean {
  return (
    !/^\d{1,2}([-/.])\d{1,2}\1\d{2,4}(?![-/.]?\d)/.test(value) &&
    !/^\d{4}-\d{2}-\d{2}(?![-/.]?\d)/.test(value)
  );
}

/** IBAN length per country (ISO 13616 registry). */
const IBAN_LENGTH: Record<string, number> = {
  AD: 24,
  AE: 23,
  AL: 28,
  AT: 20,
  AZ: 28,
  BA: 20,
  BE: 16,
  BG: 22,
  BH: 22,
  BR: 29,
  BY: 28,
  CH: 21,
  CR: 22,
  CY: 28,
  CZ: 24,
  DE: 22,
  DK: 18,
  DO: 28,
  EE: 20,
  EG: 29,
  ES: 24,
  FI: 18,
  FO: 18,
  FR: 27,
  GB: 22,
  GE: 22,
  GI: 23,
  GL: 18,
  GR: 27,
  GT: 28,
  HR: 21,
  HU: 28,
  IE: 22,
  IL: 23,
  IQ: 23,
  IS: 26,
  IT: 27,
  JO: 30,
  KW: 30,
  KZ: 20,
  LB: 28,
  LC: 32,
  LI: 21,
  LT: 20,
  LU: 20,
  LV: 21,
  MC: 27,
  MD: 24,
  ME: 22,
  MK: 19,
  MR: 27,
  MT: 31,
  MU: 30,
  NL: 18,
  NO: 15,
  PK: 24,
  PL: 28,
  PS: 29,
  PT: 25,
  QA: 29,
  RO: 24,
  RS: 22,
  SA: 24,
  SC: 31,
  SE: 24,
  SI: 19,
  SK: 24,
  SM: 27,
  ST: 25,
  SV: 28,
  TL: 23,
  TN: 24,
  TR: 26,
  UA: 29,
  VA: 22,
  VG: 24,
  XK: 20,
};

/** ISO 13616 / ISO 7064 mod 97-10: the country code and check digits moved to the end, letters as 10–35, ≡ 1. */
export function passesIbanCheck(iban: string): boolean {
  const s = iban.replace(/[\s\u00a0]/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(s) || IBAN_LENGTH[s.slice(0, 2)] !== s.length) return false;
  let rest = 0;
  for (const c of s.slice(4) + s.slice(0, 4)) {
    const v = c <= '9' ? c : String(c.charCodeAt(0) - 55);
    for (const d of v) rest = (rest * 10 + Number(d)) % 97;
  }
  return rest === 1;
}

/** The IBAN at the start of a match that may run on into the next word ("NL91ABNA0417164300 toch"). */
function ibanPrefix(value: string): string | undefined {
  const length = IBAN_LENGTH[value.slice(0, 2).toUpperCase()];
  if (length === undefined) return undefined;
  let seen = 0;
  for (let i = 0; i < value.length; i++) {
    if (/[\s\u00a0]/.test(value[i]!)) continue;
    if (++seen === length) {
      const iban = value.slice(0, i + 1);
      // It must end where a word ends.
      if (/[A-Za-z0-9]/.test(value[i + 1] ?? '')) return undefined;
      return passesIbanCheck(iban) ? iban : undefined;
    }
  }
  return undefined;
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

/** A name from a names file; `caseSensitive` for names that are also ordinary words (Storm, Roos, Mo). */
export interface NameSpec {
  name: string;
  caseSensitive?: boolean;
}

/** One character as a pattern matching its composed and decomposed forms (ë and e + ¨), and in any case unless `exact`. */
function charPattern(c: string, exact: boolean): string {
  const forms = new Set<string>();
  for (const v of exact ? [c] : [c, c.toLowerCase(), c.toUpperCase()])
    for (const f of [v.normalize('NFC'), v.normalize('NFD')]) forms.add(f);
  const list = [...forms].map(escapeRegExp);
  if (list.length === 1) return list[0]!;
  // [jJ] rather than (?:j|J): a class is one step for the regex engine.
  return [...forms].every((f) => f.length === 1 && /[\p{L}\p{N}]/u.test(f))
    ? `[${[...forms].join('')}]`
    : `(?:${list.join('|')})`;
}

/**
 * A matcher for the names of a names file: whole words, longest name first ("Mirjam de Wit"
 * before "Mirjam"), case-insensitive unless marked case-sensitive; composed and decomposed
 * Unicode alike (macOS writes file names decomposed); the parts of a name joined by spaces,
 * `-`, `_` or `.` ("jayden-de-vries" in a file name is "Jayden de Vries").
 */
export function nameMatcher(names: readonly (string | NameSpec)[]): RegExp | undefined {
  const specs = new Map<string, boolean>();
  for (const n of names) {
    const spec = typeof n === 'string' ? { name: n } : n;
    const name = spec.name.normalize('NFC').trim().replace(/\s+/g, ' ');
    if ([...name].length < 2) continue;
    specs.set(name, (specs.get(name) ?? false) || spec.caseSensitive === true);
  }
  if (specs.size === 0) return undefined;
  const anyExact = [...specs.values()].some(Boolean);
  const list = [...specs].sort((a, b) => b[0].length - a[0].length || (a[0] < b[0] ? -1 : 1));
  const pattern = (name: string, exact: boolean) =>
    name
      .split(/[\s_.-]+/)
      .filter((part) => part !== '')
      .map((part) =>
        [...part]
          // Without the i flag (some names are exact), the others spell out both cases.
          .map((c) => charPattern(c, exact || !anyExact))
          .join(''),
      )
      .join('[\\s_.-]+');
  return new RegExp(
    `(?<![\\p{L}\\p{M}\\p{N}])(?:${list.map(([name, exact]) => pattern(name, exact)).join('|')})(?![\\p{L}\\p{M}\\p{N}])`,
    anyExact ? 'gu' : 'giu',
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
      let value = p.group ? m[p.group]! : m[0];
      const start = p.group ? m.index + m[0].lastIndexOf(value) : m.index;
      if (p.valid && !p.valid(value)) return;
      if (p.prefix) {
        const head = p.prefix(value);
        // Scan the rest again: it may hold the next identifier.
        p.re.lastIndex = start + (head?.length || 1);
        if (head === undefined) return;
        value = head;
      }
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
