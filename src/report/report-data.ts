import { computeCooccurrence, type CooccurrencePair } from '../analysis/cooccurrence.js';
import { computeFrequencies, type FrequencyTable } from '../analysis/frequencies.js';
import { buildLabelOverview, type LabelOverview } from '../analysis/label-overview.js';
import { frequencyCellText } from '../format/format-frequencies.js';
import type { Study } from '../study/study.js';
import { layoutHeatmap, type Heatmap } from './heatmap.js';
import type { AgreementReport } from '../agreement/compute-agreement.js';
import { coefficient, interval } from '../format/format-agreement.js';

/**
 * The data model every report template receives (documented in the README, "Report
 * templates"). Plain strings and numbers only: the Markdown renderer escapes every string
 * in it, the HTML renderer lets Handlebars escape them, so no template sees raw
 * transcript text.
 */
/** Fragment texts shown per core label in the HTML report. */
export const MAX_TEXTS = 25;
/** Disagreements listed in the report; all of them are in disagreements.md and .csv. */
export const MAX_DISAGREEMENTS = 200;

export interface FrequencyData {
  /** `heading`: `S Students`, or the attribute value (`gelukszoekers`). */
  columns: { key: string; name: string; heading: string; n: number }[];
  /** Respondents of the total column. */
  n: number;
  rows: { level: string; id: string; label: string; cells: string[]; total: string }[];
}

function frequencyData(table: FrequencyTable): FrequencyData {
  return {
    columns: table.columns.map((c, i) => ({
      key: c.key,
      name: c.name,
      heading: c.parts || c.name === c.key ? c.name : `${c.key} ${c.name}`,
      n: table.rows[0]?.cells[i]?.respondentsTotal ?? 0,
    })),
    n: table.rows[0]?.total.respondentsTotal ?? 0,
    rows: table.rows.map((r) => ({
      level: r.level,
      id: r.id,
      label: r.label,
      cells: r.cells.map(frequencyCellText),
      total: frequencyCellText(r.total),
    })),
  };
}

export interface ReportData {
  study: { name: string; language: string };
  /** false at share level `counts`: no fragment text anywhere in the report. */
  quotes: boolean;
  tool: string;
  coders: string;
  /** When the report uses a consensus coder: whose meeting it is and how far it got. */
  consensus: string | null;
  groups: {
    letter: string;
    name: string;
    kind: string;
    codebook: string;
    respondents: number;
    sources: number;
    fragments: number;
    coded: number;
  }[];
  totals: { respondents: number; sources: number; fragments: number; coded: number; codings: number };
  files: { name: string; description: string }[];
  codebooks: {
    id: string;
    subquestion: string;
    question: string;
    mains: {
      no: number;
      label: string;
      fragmentCount: number;
      cores: {
        id: string;
        letter: string;
        label: string;
        definition: string;
        count: number;
        lines: string[];
        fragments: string;
        texts: { code: string; text: string }[];
        moreTexts: number;
      }[];
    }[];
    frequencies: FrequencyData;
    /** The same by each attribute of `report.by`, in its order. */
    byAttributes: ({ by: string } & FrequencyData)[];
    /** Label pairs on the same fragment or respondent, most frequent first. */
    cooccurrence: {
      a: string;
      aLabel: string;
      b: string;
      bLabel: string;
      fragments: number;
      respondents: number;
    }[];
    heatmap: Heatmap;
  }[];
  /** Present when the study has two or more coders. */
  agreement: {
    coders: string[];
    method: string;
    rows: {
      codebook: string;
      level: string;
      id: string;
      label: string;
      units: number;
      positives: number[];
      percent: string;
      cohen: string;
      fleiss: string;
      alpha: string;
      interval: string;
      verdict: string;
      /** Exclusive main labels: one nominal variable over their core labels. */
      exclusive: boolean;
    }[];
    /** All fragments labelled differently. */
    disagreementCount: number;
    /** The first MAX_DISAGREEMENTS of them. */
    disagreements: { fragment: string; text: string; labels: string[] }[];
    moreDisagreements: number;
  } | null;
}

export function buildReportData(
  study: Study,
  labels: ReadonlyMap<string, ReadonlySet<string>>,
  coders: readonly string[],
  files: ReportData['files'],
  tool: string,
  agreement?: AgreementReport,
  quotes = true,
  /** Overviews and frequency tables (by group) already computed, per codebook in study order. */
  computed?: {
    overviews: readonly LabelOverview[];
    frequencies: readonly FrequencyTable[];
    /** Per attribute of `report.by`, per codebook. */
    byAttributes?: readonly (readonly FrequencyTable[])[];
    cooccurrence?: readonly CooccurrencePair[][];
  },
  consensus: string | null = null,
): ReportData {
  let codingCount = 0;
  for (const set of labels.values()) codingCount += set.size;
  const isCoded = (f: { code: string }) => (labels.get(f.code)?.size ?? 0) > 0;
  return {
    study: { name: study.config.study, language: study.config.language },
    quotes,
    tool,
    coders: coders.length > 0 ? coders.join(', ') : 'none',
    consensus,
    groups: study.groups.map((g) => {
      const fr = study.fragments.filter((f) => f.group === g.letter);
      return {
        letter: g.letter,
        name: g.name,
        kind: g.kind,
        codebook: g.codebook,
        respondents: study.respondents.filter((r) => r.id[0] === g.letter).length,
        sources: study.config.sources.filter((s) => (s.respondent?.[0] ?? s.group) === g.letter).length,
        fragments: fr.length,
        coded: fr.filter(isCoded).length,
      };
    }),
    totals: {
      respondents: study.respondents.length,
      sources: study.config.sources.length,
      fragments: study.fragments.length,
      coded: study.fragments.filter(isCoded).length,
      codings: codingCount,
    },
    files,
    codebooks: study.codebooks.map((cb, i) => {
      const coreName = new Map(cb.mains.flatMap((m) => m.cores.map((c) => [c.id, c.label] as const)));
      const overview = computed?.overviews[i] ?? buildLabelOverview(cb, labels, study.groups);
      const table =
        computed?.frequencies[i] ??
        computeFrequencies(cb, study.groups, study.respondents, study.fragments, labels);
      return {
        id: cb.id,
        subquestion: cb.subquestion,
        question: cb.question ?? '',
        mains: overview.mains.map((m) => ({
          no: m.main.no,
          label: m.main.label,
          fragmentCount: m.fragmentCount,
          cores: m.cores.map((c) => ({
            id: c.core.id,
            letter: c.core.letter,
            label: c.core.label,
            definition: c.core.definition,
            count: c.fragments.length,
            lines: c.lines,
            fragments: c.lines.join(', '),
            // The page stays readable (and small) for large studies: the rest is in the source book.
            texts: quotes
              ? c.fragments
                  .slice(0, MAX_TEXTS)
                  .map((code) => ({ code, text: study.fragmentIndex.get(code)?.text ?? '' }))
              : [],
            moreTexts: quotes ? Math.max(0, c.fragments.length - MAX_TEXTS) : 0,
          })),
        })),
        frequencies: frequencyData(table),
        byAttributes: study.config.report.by.map((by, b) => ({
          by,
          ...frequencyData(
            computed?.byAttributes?.[b]?.[i] ??
              computeFrequencies(cb, study.groups, study.respondents, study.fragments, labels, by),
          ),
        })),
        cooccurrence: (
          computed?.cooccurrence?.[i] ?? computeCooccurrence(cb, study.groups, study.fragments, labels)
        ).map((p) => ({
          a: p.a,
          aLabel: coreName.get(p.a) ?? '',
          b: p.b,
          bLabel: coreName.get(p.b) ?? '',
          fragments: p.fragments,
          respondents: p.respondents,
        })),
        heatmap: layoutHeatmap(table),
      };
    }),
    agreement: agreement
      ? {
          coders: agreement.coders,
          method:
            `Unit: the fragment; a coder's column counts the units (fragments two or more coders saw) the coder gave the label. Krippendorff's alpha (nominal, missing ratings allowed) with a ${agreement.options.replicates}-replicate bootstrap 95% interval (seed ${agreement.options.seed}); α ≥ .800 reliable, .667–.800 tentative, below unreliable; fewer than ${agreement.options.minPositives} positive codings: too few positives; no positives in the units: no coder gave the label to any of the units (it may still be used elsewhere).` +
            (agreement.rows.some((r) => r.exclusive)
              ? ' Main labels marked (exclusive): one nominal variable whose categories are its core labels and "(none)".'
              : ''),
          // Codebooks without units (no fragment seen by two coders) have nothing to show but their pooled row.
          rows: agreement.rows
            .filter((r) => r.units > 0 || r.level === 'pooled')
            .map((r) => ({
              codebook: r.codebook,
              level: r.level,
              id: r.id,
              label: r.label,
              units: r.units,
              positives: r.positives,
              percent: r.percentAgreement === null ? '–' : `${(r.percentAgreement * 100).toFixed(1)}%`,
              cohen: coefficient(r.cohenKappa),
              fleiss: coefficient(r.fleissKappa),
              alpha: coefficient(r.alpha),
              interval: interval(r.alphaInterval),
              verdict:
                r.level !== 'pooled' && r.units > 0 && r.positives.every((p) => p === 0)
                  ? 'no positives in the units'
                  : r.verdict,
              exclusive: r.exclusive === true,
            })),
          disagreementCount: agreement.disagreements.length,
          moreDisagreements: Math.max(0, agreement.disagreements.length - MAX_DISAGREEMENTS),
          disagreements: agreement.disagreements.slice(0, MAX_DISAGREEMENTS).map((d) => ({
            fragment: d.fragment,
            text: quotes ? d.text : '',
            labels: d.labels.map((l) =>
              l === null ? '(not seen)' : l.length === 0 ? '(none)' : l.join(', '),
            ),
          })),
        }
      : null,
  };
}
