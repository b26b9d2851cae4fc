import type { AgainstReport } from '../consensus/against-consensus.js';
import { stringifyCsv } from '../io/csv.js';
import { coefficient, interval } from './format-agreement.js';
import { escapeMarkdown, markdownTable } from './markdown.js';

/** Each coder against the consensus: one row per coder and codebook (pooled core labels), then all codebooks. */
export function againstMarkdown(report: AgainstReport): string {
  const header = [
    'Coder',
    'Codebook',
    'Fragments',
    'Differing',
    'Units',
    'Agreement',
    "Cohen's κ",
    'α',
    '95% CI (α)',
    'Verdict',
  ];
  const align = ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l'] as ('l' | 'r')[];
  const rows = report.rows.map((r) => [
    escapeMarkdown(r.coder),
    r.codebook === 'all' ? '**all**' : escapeMarkdown(r.codebook),
    String(r.fragments),
    String(r.differing),
    String(r.agreement.units),
    r.agreement.percentAgreement === null ? '–' : `${(r.agreement.percentAgreement * 100).toFixed(1)}%`,
    coefficient(r.agreement.cohenKappa),
    coefficient(r.agreement.alpha),
    interval(r.agreement.alphaInterval),
    r.agreement.verdict,
  ]);
  const left =
    report.leftOut.length > 0
      ? ` Left out, not decided yet (or to look at again): ${report.leftOut.join(', ')}.`
      : '';
  return [
    `Each coder against the consensus coder ${escapeMarkdown(report.consensus)}. Fragments: those the coder saw and the meeting decided or the coders agreed on; differing: fragments where the coder's labels are not the consensus labels. Units: fragment × core label pairs, pooled per codebook; α is Krippendorff's alpha with a ${report.replicates}-replicate bootstrap interval (seed ${report.seed}).${left}`,
    '',
    markdownTable(header, rows, align),
  ].join('\n');
}

export function againstCsv(report: AgainstReport, options: { excel?: boolean } = {}): string {
  const f = (x: number | null) => (x === null ? '' : x.toFixed(4));
  return stringifyCsv(
    [
      'coder',
      'consensus',
      'codebook',
      'fragments',
      'differing_fragments',
      'units',
      'percent_agreement',
      'cohen_kappa',
      'alpha',
      'alpha_ci_low',
      'alpha_ci_high',
      'verdict',
    ],
    report.rows.map((r) => [
      r.coder,
      report.consensus,
      r.codebook,
      r.fragments,
      r.differing,
      r.agreement.units,
      f(r.agreement.percentAgreement),
      f(r.agreement.cohenKappa),
      f(r.agreement.alpha),
      f(r.agreement.alphaInterval?.[0] ?? null),
      f(r.agreement.alphaInterval?.[1] ?? null),
      r.agreement.verdict,
    ]),
    options,
  );
}
