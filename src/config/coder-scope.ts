import type { Fragment } from '../fragments/fragment.js';

/**
 * What a coder saw (`coders[].scope`): entries naming a group (`C`), a respondent (`C2`),
 * a fragment (`B1.5`), a range of one respondent's fragments (`B1.1-B1.20`) or a source
 * file as the config lists it (`sources/B1-zoom.vtt`). No scope: everything.
 */
export type ScopeEntry =
  | { kind: 'group'; letter: string }
  | { kind: 'respondent'; id: string }
  | { kind: 'fragments'; respondent: string; from: number; to: number }
  | { kind: 'source'; file: string };

const GROUP = /^[A-Z]$/;
const RESPONDENT = /^[A-Z][1-9]\d*$/;
const RANGE = /^([A-Z][1-9]\d*)\.([1-9]\d*)(?:\s*[-–]\s*([A-Z][1-9]\d*)\.([1-9]\d*))?$/;

/** The entry, or a message saying why the text is none (checked against the config's source files). */
export function parseScopeEntry(text: string, sourceFiles: ReadonlySet<string>): ScopeEntry | string {
  if (GROUP.test(text)) return { kind: 'group', letter: text };
  if (RESPONDENT.test(text)) return { kind: 'respondent', id: text };
  const m = RANGE.exec(text.trim());
  if (m) {
    const [, respondent, from, other, to] = m;
    if (other !== undefined && other !== respondent)
      return `"${text}" runs from ${respondent} to ${other}; a range stays within one respondent (list each respondent's range)`;
    const a = Number(from);
    const b = to === undefined ? a : Number(to);
    if (b < a) return `"${text}" ends before it starts`;
    return { kind: 'fragments', respondent: respondent!, from: a, to: b };
  }
  if (sourceFiles.has(text)) return { kind: 'source', file: text };
  return `"${text}" is not a group ("C"), respondent ("C2"), fragment range ("C2.1-C2.20") or source file of the study`;
}

/** Whether any scope entry names a source file (then fragments need their source, not only their code). */
export function scopeNamesSources(
  scopes: readonly (readonly string[] | undefined)[],
  sourceFiles: ReadonlySet<string>,
): boolean {
  return scopes.some((s) => s?.some((e) => sourceFiles.has(e)));
}

const matchers = new WeakMap<readonly string[], (f: Fragment) => boolean>();

/**
 * A test of whether a fragment lies in a scope, compiled once per scope array (agreement
 * asks it for every fragment and coder). Entries that are none of the kinds match nothing
 * (the config check reports them).
 */
export function inScope(scope: readonly string[], fragment: Fragment): boolean {
  let test = matchers.get(scope);
  if (!test) {
    const groups = new Set<string>();
    const respondents = new Set<string>();
    const files = new Set<string>();
    const ranges = new Map<string, [number, number][]>();
    for (const text of scope) {
      const e = parseScopeEntry(text, new Set([text]));
      if (typeof e === 'string') continue;
      if (e.kind === 'group') groups.add(e.letter);
      else if (e.kind === 'respondent') respondents.add(e.id);
      else if (e.kind === 'source') files.add(e.file);
      else ranges.set(e.respondent, [...(ranges.get(e.respondent) ?? []), [e.from, e.to]]);
    }
    test = (f) => {
      if (groups.has(f.group) || respondents.has(f.respondent) || files.has(f.source)) return true;
      const rs = ranges.get(f.respondent);
      if (!rs) return false;
      const n = Number(f.code.slice(f.code.indexOf('.') + 1));
      return rs.some(([a, b]) => n >= a && n <= b);
    };
    matchers.set(scope, test);
  }
  return test(fragment);
}
