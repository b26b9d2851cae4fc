import type { Coding } from '../codings/coding.js';
import type { GroupConfig, RespondentConfig } from '../config/study-config.js';
import { perspectiveOf } from '../config/perspective.js';
import type { Fragment } from '../fragments/fragment.js';
import type { ThemeSet } from '../themes/parse-theme-set.js';
import { themeEvidence } from './triangulate.js';

/** The typology of the reference study (ch. 4, appendix 9), in its order. */
export const REFERENCE_TYPES = [
  'gemarginaliseerden',
  'gelukszoekers',
  'bijverdieners',
  'professionals',
  'slachtoffers',
] as const;

export interface Evidence {
  fragments: number;
  respondents: number;
}

export interface NeedsByType {
  types: string[];
  /** Per type: respondents of that type in groups speaking for themselves. */
  selfRespondents: number[];
  rows: {
    need: string;
    category: string;
    /** Per type (order of `types`): what young people say about themselves, and what professionals and literature say about them. */
    self: Evidence[];
    others: Evidence[];
  }[];
  /** Types for which no young person of that type reported any need themselves. */
  withoutSelfReport: string[];
}

/**
 * Needs × respondent type. A fragment's type is the type its codings name (the `type`
 * column: when a professional speaks about gelukszoekers), else its respondent's `type`
 * attribute. Fragments of groups with perspective `self` (young people, experts by
 * experience) count as self-reported; those of professionals and literature as said
 * about the type. Types: the reference typology, then any other type met.
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
  const evidence = set.themes.map((theme) => ({
    theme,
    evidence: [...themeEvidence(theme, groups, fragmentIndex, codings).values()],
  }));
  const found = new Set<string>();
  for (const r of respondents) if (typeOf.get(r.id)) found.add(typeOf.get(r.id)!);
  for (const { evidence: list } of evidence) for (const e of list) e.types.forEach((t) => found.add(t));
  const types = [
    ...REFERENCE_TYPES,
    ...[...found].filter((t) => !(REFERENCE_TYPES as readonly string[]).includes(t)).sort(),
  ];
  const typesOfFragment = (e: { fragment: Fragment; types: Set<string> }) =>
    e.types.size > 0
      ? [...e.types]
      : typeOf.get(e.fragment.respondent)
        ? [typeOf.get(e.fragment.respondent)!]
        : [];

  const rows = evidence.map(({ theme, evidence: list }) => {
    const tally = (self: boolean) =>
      types.map((type) => {
        const hits = list.filter(
          (e) => (perspective.get(e.fragment.group) === 'self') === self && typesOfFragment(e).includes(type),
        );
        return { fragments: hits.length, respondents: new Set(hits.map((e) => e.fragment.respondent)).size };
      });
    return { need: theme.name, category: theme.category, self: tally(true), others: tally(false) };
  });
  const selfRespondents = types.map(
    (t) => respondents.filter((r) => typeOf.get(r.id) === t && perspective.get(r.id[0]!) === 'self').length,
  );
  const withoutSelfReport = types.filter((_, i) => rows.every((r) => r.self[i]!.fragments === 0));
  return { types, selfRespondents, rows, withoutSelfReport };
}
