import type { AgreementReport, AgreementRow } from '../agreement/compute-agreement.js';
import { computed, stringifyCsv } from '../io/csv.js';
import { escapeMarkdown, markdownTable } from './markdown.js';

/** Three decimals, as agreement coefficients are reported; `–` when undefined. */
export function coefficient(x: number | null): string {
  return x === null ? '–' : x.toFixed(3);
}

export function interval(i: [number, number] | null): string {
  return i === null ? '–' : `${i[0].toFixed(3)} – ${i[1].toFixed(3)}`;
}

export type AgreementLevel = 'core' | 'main' | 'both';

/** The rows `--level` keeps: pooled rows always, main and core rows as asked. */
export function rowsAtLevel(rows: readonly AgreementRow[], level: AgreementLevel): AgreementRow[] {
  return rows.filter((r) => r.level === 'pooled' || level === 'both' || r.level === level);
}

function rowCells(r: AgreementRow): string[] {
  return [
    String(r.units),
    ...r.positives.map(String),
    r.percentAgreement === null ? '–' : `${(r.percentAgreement * 100).toFixed(1)}%`,
    coefficient(r.cohenKappa),
    coefficient(r.fleissKappa),
    coefficient(r.alpha),
    interval(r.alphaInterval),
    r.verdict,
  ];
}

/**
 * Agreement tables per codebook (main labels in bold, core labels under them) and the
 * pooled rows, with the method in a few lines so a reader can judge the numbers.
 */
export function agreementMarkdown(report: AgreementReport, level: AgreementLevel = 'both'): string {
  const { coders, options } = report;
  const header = [
    'Label',
    'Units',
    ...coders.map(escapeMarkdown),
    'Agreement',
    "Cohen's κ",
    "Fleiss' κ",
    'α',
    '95% CI (α)',
    'Verdict',
  ];
  const align = ['l' as const, ...header.slice(1, -1).map(() => 'r' as const), 'l' as const];
  const out: string[] = [
    `Coders: ${coders.map(escapeMarkdown).join(', ')} (their columns: units they gave the label). Unit: the fragment; a coder who saw a fragment and did not give a label counts as "absent", a fragment outside a coder's scope as missing. ` +
      `α is Krippendorff's alpha (nominal, missing allowed) with a ${options.replicates}-replicate bootstrap interval (seed ${options.seed}); ` +
      `verdicts: α ≥ .800 reliable, .667–.800 tentative, below unreliable; fewer than ${options.minPositives} positive codings: too few positives.` +
      (report.rows.some((r) => r.exclusive)
        ? ' Main labels marked (exclusive): one nominal variable whose categories are its core labels and "(none)" (seen, none of them given); positives there: units given one of its core labels.'
        : ''),
    '',
  ];
  const codebooks = [...new Set(report.rows.map((r) => r.codebook))].filter((c) => c !== 'all');
  for (const cb of codebooks) {
    out.push(`## ${escapeMarkdown(cb)}`, '');
    const rows = rowsAtLevel(report.rows, level)
      .filter((r) => r.codebook === cb)
      .map((r) => {
        const name =
          r.level === 'pooled'
            ? `**All labels (pooled)**`
            : r.level === 'main'
              ? `**${r.id} ${escapeMarkdown(r.label)}**${r.exclusive ? ' (exclusive)' : ''}`
              : `${r.id} ${escapeMarkdown(r.label)}`;
        return [name, ...rowCells(r)];
      });
    out.push(markdownTable(header, rows, align));
  }
  const overall = report.rows.find((r) => r.codebook === 'all');
  if (overall)
    out.push(
      '## All codebooks',
      '',
      markdownTable(header, [['**All labels (pooled)**', ...rowCells(overall)]], align),
    );
  return out.join('\n');
}

export function agreementCsv(
  report: AgreementReport,
  options: { excel?: boolean; level?: AgreementLevel } = {},
): string {
  const header = [
    'codebook',
    'level',
    'label',
    'label_name',
    'units',
    ...report.coders.map((c) => `positives_${c}`),
    'percent_agreement',
    'cohen_kappa',
    'fleiss_kappa',
    'alpha',
    'alpha_ci_low',
    'alpha_ci_high',
    'verdict',
    'exclusive',
  ];
  const f = (x: number | null) => (x === null ? '' : computed(x.toFixed(4)));
  const rows = rowsAtLevel(report.rows, options.level ?? 'both').map((r) => [
    r.codebook,
    r.level,
    r.id,
    r.label,
    r.units,
    ...r.positives,
    f(r.percentAgreement),
    f(r.cohenKappa),
    f(r.fleissKappa),
    f(r.alpha),
    f(r.alphaInterval?.[0] ?? null),
    f(r.alphaInterval?.[1] ?? null),
    r.verdict,
    r.exclusive ? 'yes' : '',
  ]);
  return stringifyCsv(header, rows, options);
}

export function agreementJson(report: AgreementReport, level: AgreementLevel = 'both'): string {
  return `${JSON.stringify({ ...report, rows: rowsAtLevel(report.rows, level) }, null, 2)}\n`;
}

function labelsText(labels: string[] | null): string {
  return labels === null ? '(not seen)' : labels.length === 0 ? '(none)' : labels.join(', ');
}

/** The list a coding meeting works from: each fragment the coders labelled differently. */
export function disagreementsMarkdown(
  report: AgreementReport,
  options: { share?: 'quotes' | 'counts' } = {},
): string {
  if (report.disagreements.length === 0)
    return 'The coders gave every fragment they both saw the same labels.\n';
  const quotes = options.share !== 'counts';
  return markdownTable(
    ['Fragment', ...(quotes ? ['Text'] : []), ...report.coders.map(escapeMarkdown)],
    report.disagreements.map((d) => [
      d.fragment,
      ...(quotes ? [escapeMarkdown(d.text)] : []),
      ...d.labels.map((l) => escapeMarkdown(labelsText(l))),
    ]),
  );
}

export function disagreementsCsv(
  report: AgreementReport,
  options: { excel?: boolean; share?: 'quotes' | 'counts' } = {},
): string {
  const quotes = options.share !== 'counts';
  return stringifyCsv(
    ['codebook', 'fragment', ...(quotes ? ['text'] : []), ...report.coders],
    report.disagreements.map((d) => [
      d.codebook,
      d.fragment,
      ...(quotes ? [d.text] : []),
      ...d.labels.map(labelsText),
    ]),
    options,
  );
}
