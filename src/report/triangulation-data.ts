import type { NeedsByType } from '../analysis/needs-by-type.js';
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

/**
 * The data model of the triangulation templates (documented in the README, "Report
 * templates"). Strings and numbers only; the renderers escape every string.
 */
export interface TriangulationData {
  study: { name: string; language: string };
  tool: string;
  quotes: boolean;
  set: { id: string; title: string; themes: number };
  method: string;
  groups: { letter: string; name: string; perspective: string; respondents: number }[];
  verdicts: { verdict: string; count: number }[];
  themes: {
    name: string;
    category: string;
    description: string;
    labels: string;
    verdict: string;
    /** The verdict as a CSS class name: `partial-agreement`. */
    verdictSlug: string;
    fragments: number;
    respondents: number;
    groupsNaming: string;
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
        groups: string;
        quotes: { code: string; text: string }[];
      }[]
    | null;
  needs: {
    types: { name: string; selfRespondents: number; gap: boolean }[];
    categories: { name: string; rows: { need: string; cells: { self: string; others: string }[] }[] }[];
    perType: { type: string; gap: boolean; categories: { name: string; self: string; others: string }[] }[];
    gaps: string[];
  } | null;
}

const cellText = (e: { fragments: number; respondents: number }) =>
  e.fragments === 0 ? '·' : `${e.fragments} / ${e.respondents}`;

export function buildTriangulationData(
  t: Triangulation,
  needs: NeedsByType | null,
  options: { study: { name: string; language: string }; tool: string; quotes: boolean; signalMap: boolean },
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
      title: (Object.hasOwn(TITLES, t.set.id) ? TITLES[t.set.id] : undefined) ?? `Triangulation: ${t.set.id}`,
      themes: t.rows.length,
    },
    method: VERDICT_METHOD,
    groups: t.groups.map((g) => ({ ...g })),
    verdicts: [...verdictCounts].map(([verdict, count]) => ({ verdict, count })),
    themes: t.rows.map((r) => ({
      name: r.theme.name,
      category: r.theme.category,
      description: r.theme.description,
      labels: [...r.theme.labels].map(([cb, ls]) => `${cb}: ${ls.join(', ')}`).join('; '),
      verdict: r.verdict,
      verdictSlug: r.verdict.replace(/\s+/g, '-'),
      fragments: r.fragments,
      respondents: r.respondents,
      groupsNaming: r.groupsNaming.join(', '),
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
            groups: r.groupsNaming
              .map((g) => `${g} ${t.groups.find((x) => x.letter === g)?.name ?? ''}`.trim())
              .join('; '),
            quotes: q(
              r.cells
                .flatMap((c) => c.quotes)
                .slice(0, 3)
                .map((x) => ({ code: x.code, text: x.text })),
            ),
          }))
      : null,
    needs: needs
      ? {
          types: needs.types.map((name, i) => ({
            name,
            selfRespondents: needs.selfRespondents[i]!,
            gap: needs.withoutSelfReport.includes(name),
          })),
          categories: [...new Set(needs.rows.map((r) => r.category))].map((name) => ({
            name,
            rows: needs.rows
              .filter((r) => r.category === name)
              .map((r) => ({
                need: r.need,
                cells: r.self.map((s, i) => ({ self: cellText(s), others: cellText(r.others[i]!) })),
              })),
          })),
          perType: needs.types.map((type, i) => ({
            type,
            gap: needs.withoutSelfReport.includes(type),
            categories: [...new Set(needs.rows.map((r) => r.category))].map((name) => {
              const rows = needs.rows.filter((r) => r.category === name);
              const list = (pick: 'self' | 'others') =>
                rows
                  .filter((r) => r[pick][i]!.fragments > 0)
                  .map((r) => `${r.need} (${r[pick][i]!.fragments})`)
                  .join('; ') || '–';
              return { name, self: list('self'), others: list('others') };
            }),
          })),
          gaps: needs.withoutSelfReport,
        }
      : null,
  };
}
