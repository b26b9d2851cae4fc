import type { NeedsByType, TypeCoverage } from '../analysis/needs-by-type.js';
import type { Triangulation } from '../analysis/triangulate.js';

const TITLES: Record<string, string> = {
  barriers: 'Barriers to seeking help (drempels)',
  signals: 'Signal map (signalenkaart): signals professionals should recognise',
  needs: 'Needs per respondent type (behoeften)',
};

export const VERDICT_METHOD =
  'Verdicts after Farmer et al. (2006, Qualitative Health Research 16(3)), over the groups whose codebook has a label for the theme: ' +
  'agreement, every such group has evidence; partial agreement, more than one but not all; silence, only one; ' +
  'dissonance, some groups support the theme while the evidence of another mostly contradicts it (codings with stance "contradicts"); ' +
  'one source only, only one group can speak to the theme; no evidence, nobody coded it.';

/** Evidence for a need: fragments stating it, their respondents, and contradicting fragments counted apart. */
export interface EvidenceData {
  fragments: number;
  respondents: number;
  contradicting: number;
}

/**
 * The data model of the triangulation templates (documented in the README, "Report
 * templates"). Numbers and lists, so JSON gives them as such; the templates format them
 * (helpers `evidence` and `join`, see render-report). The renderers escape every string.
 */
export interface TriangulationData {
  study: { name: string; language: string };
  tool: string;
  quotes: boolean;
  /** `warnings`: e.g. that no row of the set names a codebook of the study. */
  set: { id: string; title: string; themes: number; warnings: string[] };
  method: string;
  groups: { letter: string; name: string; perspective: string; respondents: number }[];
  verdicts: { verdict: string; count: number }[];
  themes: {
    name: string;
    category: string;
    description: string;
    labels: { codebook: string; labels: string[] }[];
    verdict: string;
    /** The verdict as a CSS class name: `partial-agreement`. */
    verdictSlug: string;
    fragments: number;
    respondents: number;
    groupsNaming: string[];
    cells: {
      group: string;
      state: string;
      text: string;
      fragments: number;
      respondents: number;
      contradicting: number;
      quotes: { code: string; text: string; stance: string }[];
    }[];
  }[];
  signalMap:
    | {
        name: string;
        category: string;
        fragments: number;
        respondents: number;
        groups: { letter: string; name: string }[];
        quotes: { code: string; text: string }[];
      }[]
    | null;
  needs: {
    types: {
      name: string;
      selfRespondents: number;
      coverage: TypeCoverage;
      gap: boolean;
      notCovered: boolean;
    }[];
    categories: {
      name: string;
      rows: { need: string; cells: { self: EvidenceData; others: EvidenceData }[] }[];
    }[];
    perType: {
      type: string;
      coverage: TypeCoverage;
      gap: boolean;
      notCovered: boolean;
      categories: {
        name: string;
        self: ({ need: string } & EvidenceData)[];
        others: ({ need: string } & EvidenceData)[];
      }[];
    }[];
    gaps: string[];
    notCovered: string[];
  } | null;
}

export function buildTriangulationData(
  t: Triangulation,
  needs: NeedsByType | null,
  options: {
    study: { name: string; language: string };
    tool: string;
    quotes: boolean;
    signalMap: boolean;
    title?: string | undefined;
  },
): TriangulationData {
  const verdictCounts = new Map<string, number>();
  for (const r of t.rows) verdictCounts.set(r.verdict, (verdictCounts.get(r.verdict) ?? 0) + 1);
  const q = <T>(list: T[]) => (options.quotes ? list : []);
  return {
    study: options.study,
    tool: options.tool,
    quotes: options.quotes,
    set: {
      id: t.set.id,
      title:
        options.title ??
        (t.set.builtIn && Object.hasOwn(TITLES, t.set.id) ? TITLES[t.set.id] : undefined) ??
        `Triangulation: ${t.set.id}`,
      themes: t.rows.length,
      warnings: t.set.warnings.map((w) => w.message),
    },
    method: VERDICT_METHOD,
    groups: t.groups.map((g) => ({ ...g })),
    verdicts: [...verdictCounts].map(([verdict, count]) => ({ verdict, count })),
    themes: t.rows.map((r) => ({
      name: r.theme.name,
      category: r.theme.category,
      description: r.theme.description,
      labels: [...r.theme.labels].map(([codebook, labels]) => ({ codebook, labels: [...labels] })),
      verdict: r.verdict,
      verdictSlug: r.verdict.replace(/\s+/g, '-'),
      fragments: r.fragments,
      respondents: r.respondents,
      groupsNaming: [...r.groupsNaming],
      cells: r.cells.map((c) => ({
        group: c.group,
        state: !c.applicable ? 'na' : c.silent ? 'silent' : c.contradicts ? 'contradicts' : 'evidence',
        text: !c.applicable
          ? 'n/a'
          : c.silent
            ? 'silent'
            : `${c.fragments} / ${c.respondents}${c.contradicting > 0 ? ` (${c.contradicting} contra)` : ''}`,
        fragments: c.fragments,
        respondents: c.respondents,
        contradicting: c.contradicting,
        quotes: q(c.quotes.map((x) => ({ code: x.code, text: x.text, stance: x.stance }))),
      })),
    })),
    signalMap: options.signalMap
      ? [...t.rows]
          .sort((a, b) => b.fragments - a.fragments || a.theme.name.localeCompare(b.theme.name, 'nl'))
          .map((r) => ({
            name: r.theme.name,
            category: r.theme.category,
            fragments: r.fragments,
            respondents: r.respondents,
            groups: r.groupsNaming.map((letter) => ({
              letter,
              name: t.groups.find((x) => x.letter === letter)?.name ?? '',
            })),
            quotes: q(
              r.cells
                .flatMap((c) => c.quotes)
                .slice(0, 3)
                .map((x) => ({ code: x.code, text: x.text })),
            ),
          }))
      : null,
    needs: needs ? needsData(needs) : null,
  };
}

function needsData(needs: NeedsByType): NonNullable<TriangulationData['needs']> {
  const categories = [...new Set(needs.rows.map((r) => r.category))];
  const status = (i: number) => ({
    coverage: needs.coverage[i]!,
    gap: needs.coverage[i] === 'others only',
    notCovered: needs.coverage[i] === 'not covered',
  });
  return {
    types: needs.types.map((name, i) => ({ name, selfRespondents: needs.selfRespondents[i]!, ...status(i) })),
    categories: categories.map((name) => ({
      name,
      rows: needs.rows
        .filter((r) => r.category === name)
        .map((r) => ({
          need: r.need,
          cells: r.self.map((s, i) => ({ self: { ...s }, others: { ...r.others[i]! } })),
        })),
    })),
    perType: needs.types.map((type, i) => ({
      type,
      ...status(i),
      categories: categories.map((name) => {
        const rows = needs.rows.filter((r) => r.category === name);
        const list = (pick: 'self' | 'others') =>
          rows
            .filter((r) => r[pick][i]!.fragments + r[pick][i]!.contradicting > 0)
            .map((r) => ({ need: r.need, ...r[pick][i]! }));
        return { name, self: list('self'), others: list('others') };
      }),
    })),
    gaps: [...needs.withoutSelfReport],
    notCovered: [...needs.notCovered],
  };
}
