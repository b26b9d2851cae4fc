import type { Coding } from '../codings/coding.js';
import type { GroupConfig, RespondentConfig } from '../config/study-config.js';
import { perspectiveOf } from '../config/perspective.js';
import type { Fragment } from '../fragments/fragment.js';
import type { ThemeSet } from '../themes/parse-theme-set.js';
import { themeEvidence, type ThemeEvidence } from './triangulate.js';

/** The typology of the reference study (ch. 4, appendix 9), in its order. */
export const REFERENCE_TYPES = [
  'gemarginaliseerden',
  'gelukszoekers',
  'bijverdieners',
  'professionals',
  'slachtoffers',
] as const;

export interface Evidence {
  /** Fragments that state the need (stance `supports`), and their distinct respondents. */
  fragments: number;
  respondents: number;
  /** Fragments whose codings of the need mostly carry stance `contradicts`: counted apart, not as a need. */
  contradicting: number;
}

/**
 * How a type is covered by the needs set: `self` when a respondent of the type speaks of
 * a need of the set (stating or contradicting it); `others only` (the gap) when others
 * speak about the type's needs and nobody of the type does; `not covered` when nobody does.
 */
export type TypeCoverage = 'self' | 'others only' | 'not covered';

export interface NeedsByType {
  types: string[];
  /** Per type: respondents of that type in groups speaking for themselves. */
  selfRespondents: number[];
  coverage: TypeCoverage[];
  rows: {
    need: string;
    category: string;
    /** Per type (order of `types`): what respondents of the type say themselves, and what others say about it. */
    self: Evidence[];
    others: Evidence[];
  }[];
  /** Types others speak about while no respondent of the type speaks of any need of the set. */
  withoutSelfReport: string[];
  /** Types nobody speaks about in this set. */
  notCovered: string[];
}

/**
 * The types a study has: its respondents' type attribute and the codings' `type` column;
 * those of the reference typology first, in its order, then the others alphabetically.
 */
export function studyTypes(
  typeOf: ReadonlyMap<string, string | undefined>,
  codings: readonly Coding[],
): string[] {
  const found = new Set<string>();
  for (const t of typeOf.values()) if (t) found.add(t);
  for (const c of codings) if (c.type) found.add(c.type);
  const reference = REFERENCE_TYPES.filter((t) => found.has(t));
  const rest = [...found].filter((t) => !(REFERENCE_TYPES as readonly string[]).includes(t)).sort();
  return [...reference, ...rest];
}

/**
 * Needs × respondent type. A fragment speaks about the types its codings name (the `type`
 * column) and, when one of its codings names none, about its respondent's own type (the
 * `type` attribute). It is a self-report for a type only when it lies in a group with
 * perspective `self` and its respondent is of that type; every other fragment about a
 * type (professionals, literature, a respondent of one type speaking about another)
 * counts under "others" for that type.
 */
export function needsByType(
  set: ThemeSet,
  groups: readonly GroupConfig[],
  respondents: readonly RespondentConfig[],
  fragmentIndex: ReadonlyMap<string, Fragment>,
  codings: readonly Coding[],
  typeAttribute = 'type',
): NeedsByType {
  const perspective = new Map(groups.map((g) => [g.letter, perspectiveOf(g)]));
  const typeOf = new Map(
    respondents.map((r) => [
      r.id,
      r.attributes[typeAttribute] === undefined ? undefined : String(r.attributes[typeAttribute]),
    ]),
  );
  const types = studyTypes(typeOf, codings);
  const about = (e: ThemeEvidence): { type: string; self: boolean }[] => {
    const own = typeOf.get(e.fragment.respondent);
    const named = new Set(e.types);
    if (e.untyped && own) named.add(own);
    const selfGroup = perspective.get(e.fragment.group) === 'self';
    return [...named].map((type) => ({ type, self: selfGroup && own === type }));
  };
  const rows = set.themes.map((theme) => {
    const list = [...themeEvidence(theme, groups, fragmentIndex, codings).values()].map((e) => ({
      e,
      about: about(e),
    }));
    const tally = (self: boolean) =>
      types.map((type) => {
        const hits = list.filter(({ about: a }) => a.some((x) => x.type === type && x.self === self));
        const stating = hits.filter(({ e }) => e.stance === 'supports');
        return {
          fragments: stating.length,
          respondents: new Set(stating.map(({ e }) => e.fragment.respondent)).size,
          contradicting: hits.length - stating.length,
        };
      });
    return { need: theme.name, category: theme.category, self: tally(true), others: tally(false) };
  });
  const selfRespondents = types.map(
    (t) => respondents.filter((r) => typeOf.get(r.id) === t && perspective.get(r.id[0]!) === 'self').length,
  );
  const spoken = (pick: 'self' | 'others', i: number) =>
    rows.some((r) => r[pick][i]!.fragments + r[pick][i]!.contradicting > 0);
  const coverage = types.map((_, i): TypeCoverage =>
    spoken('self', i) ? 'self' : spoken('others', i) ? 'others only' : 'not covered',
  );
  return {
    types,
    selfRespondents,
    coverage,
    rows,
    withoutSelfReport: types.filter((_, i) => coverage[i] === 'others only'),
    notCovered: types.filter((_, i) => coverage[i] === 'not covered'),
  };
}
