import { fold } from './fold.js';

/**
 * The page's filters, with `qualkit retrieve`'s meaning: labels combine with any (default)
 * or all, a main label number stands for any of its core labels, `not` excludes, group,
 * respondent and attributes (`type=bijverdieners`, several must all hold) narrow, text is
 * searched case- and diacritic-insensitively, `uncoded` keeps fragments without a label
 * of this coder. Labels are the coder's own.
 */
export interface Filters {
  uncoded: boolean;
  labels: string[];
  all: boolean;
  not: string[];
  group: string;
  respondent: string;
  attributes: [string, string][];
  text: string;
}

export const NO_FILTERS: Filters = {
  uncoded: false,
  labels: [],
  all: false,
  not: [],
  group: '',
  respondent: '',
  attributes: [],
  text: '',
};

/** "3.J, 5" → ["3.J", "5"]: label ids or main label numbers, separated by commas or spaces. */
export function parseLabelList(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((t) => t.trim().toUpperCase().replace(/\.$/, ''))
    .filter((t) => t !== '');
}

/** "type=bijverdieners, age=16" → [["type","bijverdieners"],["age","16"]]. */
export function parseAttributes(text: string): [string, string][] {
  return text
    .split(/[,;]+/)
    .map((t) => t.split('='))
    .filter((p) => p.length === 2 && p[0]!.trim() !== '')
    .map((p) => [p[0]!.trim().toLowerCase(), p[1]!.trim()]);
}

export function isFiltering(f: Filters): boolean {
  return (
    f.uncoded ||
    f.labels.length > 0 ||
    f.not.length > 0 ||
    f.group !== '' ||
    f.respondent !== '' ||
    f.attributes.length > 0 ||
    f.text.trim() !== ''
  );
}

/** Whether a label given (`3.J`) is meant by a filter token (`3.J`, or main label `3`). */
export function labelMeets(label: string, token: string): boolean {
  return token.includes('.') ? label === token : label.startsWith(`${token}.`);
}

export interface Candidate {
  code: string;
  group: string;
  respondent: string;
  attributes: Readonly<Record<string, string>>;
  /** The coder's labels on the fragment. */
  labels: readonly string[];
  /** The fragment's text folded (fold()), asked for only when the text filter is used. */
  folded: () => string;
}

export function matchesFilters(c: Candidate, f: Filters): boolean {
  if (f.uncoded && c.labels.length > 0) return false;
  if (f.group !== '' && c.group !== f.group.toUpperCase()) return false;
  if (f.respondent !== '' && c.respondent !== f.respondent.toUpperCase()) return false;
  for (const [k, v] of f.attributes) {
    const have = Object.entries(c.attributes).find(([key]) => key.toLowerCase() === k);
    if (!have || fold(have[1]) !== fold(v)) return false;
  }
  if (f.labels.length > 0) {
    const meets = (t: string) => c.labels.some((l) => labelMeets(l, t));
    if (f.all ? !f.labels.every(meets) : !f.labels.some(meets)) return false;
  }
  if (f.not.some((t) => c.labels.some((l) => labelMeets(l, t)))) return false;
  const text = fold(f.text.trim());
  if (text !== '' && !c.folded().includes(text)) return false;
  return true;
}
