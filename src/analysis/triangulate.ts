import type { Coding } from '../codings/coding.js';
import type { GroupConfig, RespondentConfig } from '../config/study-config.js';
import { perspectiveOf, type Perspective } from '../config/perspective.js';
import { compareFragmentCodes } from '../core/fragment-code.js';
import type { Fragment } from '../fragments/fragment.js';
import type { Theme, ThemeSet } from '../themes/parse-theme-set.js';

/**
 * Convergence verdicts after Farmer et al. (2006), "Developing and implementing a
 * triangulation protocol for qualitative health research", Qualitative Health Research
 * 16(3): agreement, partial agreement, silence, dissonance; plus the two cases the protocol
 * does not cover: no evidence at all, and a theme only one source group can speak to.
 */
export type ConvergenceVerdict =
  'agreement' | 'partial agreement' | 'silence' | 'dissonance' | 'no evidence' | 'one source only';

export interface Quote {
  code: string;
  respondent: string;
  text: string;
  stance: 'supports' | 'contradicts';
}

export interface TriangulationCell {
  group: string;
  /** False when the group's codebook has no label for the theme: the group cannot speak to it. */
  applicable: boolean;
  fragments: number;
  respondents: number;
  /** Fragments coded with the theme without / with a `contradicts` stance. */
  supporting: number;
  contradicting: number;
  /** True when the group's evidence mostly contradicts the theme. */
  contradicts: boolean;
  /** Applicable but no evidence. */
  silent: boolean;
  quotes: Quote[];
}

export interface ThemeRow {
  theme: Theme;
  cells: TriangulationCell[];
  verdict: ConvergenceVerdict;
  fragments: number;
  respondents: number;
  /** Letters of the groups with evidence. */
  groupsNaming: string[];
}

export interface Triangulation {
  set: ThemeSet;
  groups: { letter: string; name: string; perspective: Perspective; respondents: number }[];
  rows: ThemeRow[];
}

export interface ThemeEvidence {
  fragment: Fragment;
  /** Theme labels on the fragment (any coder). */
  labels: Set<string>;
  stance: 'supports' | 'contradicts';
  /** Respondent types the fragment speaks about, from the codings' `type` column. */
  types: Set<string>;
  /** True when one of its theme codings names no type (it speaks about the respondent's own). */
  untyped: boolean;
}

/**
 * The fragments carrying a theme: those of a group whose codebook maps labels to the theme
 * and that a coder gave one of those labels. A fragment counts as contradicting when more
 * of its theme codings carry `contradicts` than not.
 */
export function themeEvidence(
  theme: Theme,
  groups: readonly GroupConfig[],
  fragmentIndex: ReadonlyMap<string, Fragment>,
  codings: readonly Coding[],
): Map<string, ThemeEvidence> {
  const codebookOf = new Map(groups.map((g) => [g.letter, g.codebook]));
  const votes = new Map<
    string,
    { labels: Set<string>; pro: number; con: number; types: Set<string>; untyped: boolean }
  >();
  for (const c of codings) {
    const codebook = codebookOf.get(c.fragment[0]!);
    if (!codebook || !(theme.labels.get(codebook) ?? []).includes(c.label)) continue;
    let v = votes.get(c.fragment);
    if (!v)
      votes.set(c.fragment, (v = { labels: new Set(), pro: 0, con: 0, types: new Set(), untyped: false }));
    v.labels.add(c.label);
    if (c.stance === 'contradicts') v.con++;
    else v.pro++;
    if (c.type) v.types.add(c.type);
    else v.untyped = true;
  }
  const out = new Map<string, ThemeEvidence>();
  for (const code of [...votes.keys()].sort(compareFragmentCodes)) {
    const fragment = fragmentIndex.get(code);
    if (!fragment) continue;
    const v = votes.get(code)!;
    out.set(code, {
      fragment,
      labels: v.labels,
      stance: v.con > v.pro ? 'contradicts' : 'supports',
      types: v.types,
      untyped: v.untyped,
    });
  }
  return out;
}

/**
 * Up to `n` quotes, chosen deterministically: one per respondent first (respondents in
 * code order), preferring fragments that carry more of the theme's labels and are long
 * enough to read on their own (40 characters or more), then in code order.
 */
export function pickQuotes(evidence: readonly ThemeEvidence[], n = 3): Quote[] {
  const rank = (e: ThemeEvidence) => [-e.labels.size, e.fragment.text.length < 40 ? 1 : 0] as const;
  const sorted = [...evidence].sort((a, b) => {
    const [x1, x2] = rank(a);
    const [y1, y2] = rank(b);
    return x1 - y1 || x2 - y2 || compareFragmentCodes(a.fragment.code, b.fragment.code);
  });
  const picked: ThemeEvidence[] = [];
  const seen = new Set<string>();
  for (const e of sorted)
    if (picked.length < n && !seen.has(e.fragment.respondent)) {
      picked.push(e);
      seen.add(e.fragment.respondent);
    }
  for (const e of sorted) if (picked.length < n && !picked.includes(e)) picked.push(e);
  return picked
    .sort((a, b) => compareFragmentCodes(a.fragment.code, b.fragment.code))
    .map((e) => ({
      code: e.fragment.code,
      respondent: e.fragment.respondent,
      text: e.fragment.text,
      stance: e.stance,
    }));
}

/**
 * Over the groups that could speak to the theme: dissonance when some groups' evidence
 * supports it and others' contradicts it; otherwise agreement when every such group has
 * evidence, silence when only one has, partial agreement in between.
 */
export function convergenceVerdict(cells: readonly TriangulationCell[]): ConvergenceVerdict {
  const applicable = cells.filter((c) => c.applicable);
  const naming = applicable.filter((c) => c.fragments > 0);
  if (naming.length === 0) return 'no evidence';
  if (applicable.length < 2) return 'one source only';
  const against = naming.filter((c) => c.contradicts);
  if (against.length > 0 && against.length < naming.length) return 'dissonance';
  if (naming.length === applicable.length) return 'agreement';
  if (naming.length === 1) return 'silence';
  return 'partial agreement';
}

/**
 * The convergence matrix, theme × source group: per cell the fragments and distinct
 * respondents that carry the theme (silent cells: the group could speak to the theme but
 * did not), up to three quotes, and per theme a convergence verdict.
 */
export function triangulate(
  set: ThemeSet,
  groups: readonly GroupConfig[],
  respondents: readonly RespondentConfig[],
  fragmentIndex: ReadonlyMap<string, Fragment>,
  codings: readonly Coding[],
  options: { quotes?: number } = {},
): Triangulation {
  const rows = set.themes.map((theme) => {
    const evidence = themeEvidence(theme, groups, fragmentIndex, codings);
    const cells = groups.map((g) => {
      const mine = [...evidence.values()].filter((e) => e.fragment.group === g.letter);
      const supporting = mine.filter((e) => e.stance === 'supports');
      const contradicting = mine.filter((e) => e.stance === 'contradicts');
      const contradicts = contradicting.length > supporting.length;
      const applicable = (theme.labels.get(g.codebook) ?? []).length > 0;
      return {
        group: g.letter,
        applicable,
        fragments: mine.length,
        respondents: new Set(mine.map((e) => e.fragment.respondent)).size,
        supporting: supporting.length,
        contradicting: contradicting.length,
        contradicts,
        silent: applicable && mine.length === 0,
        quotes: pickQuotes(contradicts ? contradicting : mine, options.quotes ?? 3),
      };
    });
    const all = [...evidence.values()];
    return {
      theme,
      cells,
      verdict: convergenceVerdict(cells),
      fragments: all.length,
      respondents: new Set(all.map((e) => e.fragment.respondent)).size,
      groupsNaming: cells.filter((c) => c.fragments > 0).map((c) => c.group),
    };
  });
  return {
    set,
    groups: groups.map((g) => ({
      letter: g.letter,
      name: g.name,
      perspective: perspectiveOf(g),
      respondents: respondents.filter((r) => r.id[0] === g.letter).length,
    })),
    rows,
  };
}
