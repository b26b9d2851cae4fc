import { computeCooccurrence } from '../analysis/cooccurrence.js';
import { computeFrequencies } from '../analysis/frequencies.js';
import { buildLabelOverview } from '../analysis/label-overview.js';
import { VERSION } from '../core/version.js';
import { uniqueSlugs } from '../io/file-slug.js';
import {
  cooccurrenceCsv,
  cooccurrenceMarkdown,
  frequenciesCsv,
  frequenciesMarkdown,
} from '../format/format-frequencies.js';
import { overviewCsv, overviewMarkdown } from '../format/format-overview.js';
import {
  fragmentLabelNotes,
  sourceBookCsvPieces,
  sourceBookMarkdownPieces,
} from '../format/format-source-book.js';
import type { Study } from '../study/study.js';
import { buildReportData } from './report-data.js';
import { triangulationFiles } from './triangulation-files.js';
import type { ThemeSet } from '../themes/parse-theme-set.js';
import type { AgreementReport } from '../agreement/compute-agreement.js';
import {
  agreementCsv,
  agreementMarkdown,
  disagreementsCsv,
  disagreementsMarkdown,
} from '../format/format-agreement.js';
import { loadTemplate, renderTemplate } from './render-report.js';

export interface OutputFile {
  name: string;
  description: string;
  /** The content in pieces, made afresh on each call (the source book is too large to keep as one string). */
  pieces: () => Iterable<string>;
}

/** A file's whole content as one string. */
export function contentOf(file: OutputFile): string {
  return [...file.pieces()].join('');
}

const whole = (content: string) => () => [content];

/**
 * Every file `qualkit run` writes, built in memory first so that nothing is written when
 * any part fails. Contents depend only on the study (no dates, no random order), so two
 * runs give byte-identical files.
 */
export async function buildReportFiles(
  study: Study,
  labels: ReadonlyMap<string, ReadonlySet<string>>,
  coders: readonly string[],
  options: {
    excel?: boolean;
    agreement?: AgreementReport;
    share?: 'quotes' | 'counts';
    /** Theme sets with the sections asked for each (`needs`, `signalMap`, `title`). */
    themeSets?: readonly { set: ThemeSet; needs: boolean; signalMap: boolean; title?: string | undefined }[];
    /** The sentence saying the report uses a consensus coder (see buildReportData). */
    consensus?: string;
  } = {},
): Promise<OutputFile[]> {
  const overviews = study.codebooks.map((cb) => buildLabelOverview(cb, labels, study.groups));
  const freqByGroup = study.codebooks.map((cb) =>
    computeFrequencies(cb, study.groups, study.respondents, study.fragments, labels, 'group'),
  );
  const cooccurrence = study.codebooks.map((codebook) => ({
    codebook,
    pairs: computeCooccurrence(codebook, study.groups, study.fragments, labels),
  }));
  const groupNames = new Map(study.groups.map((g) => [g.letter, g.name]));
  const title = (what: string) => `# ${what} — ${study.config.study.replace(/[\\`*_[\]<>|#]/g, '')}\n\n`;

  const quotes = options.share !== 'counts';
  // The source book shows each fragment's labels beside it.
  const notes = fragmentLabelNotes(labels, study.codebookOfGroup);
  const bookOptions = { ...options, labels: notes };
  const files: OutputFile[] = [
    quotes
      ? {
          name: 'source-book.csv',
          description: 'every fragment with its code, respondent, source, line and the question before it',
          pieces: () => sourceBookCsvPieces(study.fragments, bookOptions),
        }
      : {
          name: 'source-book.csv',
          description: "every fragment's code, respondent, source and line (no text: sharing counts only)",
          pieces: () => sourceBookCsvPieces(study.fragments, bookOptions),
        },
    ...(quotes
      ? [
          {
            name: 'source-book.md',
            description: 'the readable source book: every conversation with fragment codes',
            pieces: () => sourceBookMarkdownPieces(study.config.study, study.transcripts, groupNames, notes),
          },
        ]
      : []),
    {
      name: 'overview.md',
      description: 'label overview: fragments per main and core label',
      pieces: whole(title('Label overview') + overviewMarkdown(overviews)),
    },
    {
      name: 'overview.csv',
      description: 'label overview, one row per core label',
      pieces: whole(overviewCsv(overviews, options)),
    },
    {
      name: 'frequencies.md',
      description: 'label frequencies by respondent group',
      pieces: whole(title('Label frequencies') + frequenciesMarkdown(freqByGroup)),
    },
    {
      name: 'frequencies.csv',
      description: 'label frequencies by respondent group, long format',
      pieces: whole(frequenciesCsv(freqByGroup, 'both', options)),
    },
  ];
  // File names from attribute names: slugs, never paths (`/../../codings/anna` → `codings-anna`).
  const bySlugs = uniqueSlugs(study.config.report.by);
  const byAttributes = study.config.report.by.map((by) =>
    study.codebooks.map((cb) =>
      computeFrequencies(cb, study.groups, study.respondents, study.fragments, labels, by),
    ),
  );
  for (const [b, by] of study.config.report.by.entries()) {
    const tables = byAttributes[b]!;
    const slug = bySlugs[b]!;
    files.push(
      {
        name: `frequencies-by-${slug}.md`,
        description: `label frequencies by respondent ${by}`,
        pieces: whole(title(`Label frequencies by ${by}`) + frequenciesMarkdown(tables)),
      },
      {
        name: `frequencies-by-${slug}.csv`,
        description: `label frequencies by respondent ${by}, long format`,
        pieces: whole(frequenciesCsv(tables, 'both', options)),
      },
    );
  }
  files.push(
    {
      name: 'cooccurrence.md',
      description: 'labels given to the same fragment and to the same respondent',
      pieces: whole(title('Label co-occurrence') + cooccurrenceMarkdown(cooccurrence)),
    },
    {
      name: 'cooccurrence.csv',
      description: 'label co-occurrence, one row per pair',
      pieces: whole(cooccurrenceCsv(cooccurrence, options)),
    },
  );
  const agreement = options.agreement;
  if (agreement) {
    files.push(
      {
        name: 'agreement.md',
        description: `inter-coder agreement per label (${agreement.coders.join(', ')})`,
        pieces: whole(title('Inter-coder agreement') + agreementMarkdown(agreement)),
      },
      {
        name: 'agreement.csv',
        description: 'inter-coder agreement, one row per label',
        pieces: whole(agreementCsv(agreement, options)),
      },
      {
        name: 'disagreements.md',
        description: 'fragments the coders labelled differently, for the coding meeting',
        pieces: whole(title('Disagreements') + disagreementsMarkdown(agreement, options)),
      },
      {
        name: 'disagreements.csv',
        description: 'the disagreement list as CSV',
        pieces: whole(disagreementsCsv(agreement, options)),
      },
    );
  }
  for (const { set, needs, signalMap, title } of options.themeSets ?? []) {
    for (const f of await triangulationFiles(study, set, {
      codings: study.codings.filter((c) => coders.includes(c.coder)),
      quotes,
      byType: needs,
      signalMap,
      title,
    }))
      files.push({ name: f.name, description: f.description, pieces: whole(f.content) });
  }
  const listed = [
    ...files.map(({ name, description }) => ({ name, description })),
    { name: 'report.md', description: 'the report in Markdown' },
  ];
  const data = buildReportData(
    study,
    labels,
    coders,
    listed,
    `qualkit ${VERSION}`,
    agreement,
    quotes,
    {
      overviews,
      frequencies: freqByGroup,
      byAttributes,
      cooccurrence: cooccurrence.map((c) => c.pairs),
    },
    options.consensus ?? null,
  );
  files.push(
    {
      name: 'report.md',
      description: 'the report in Markdown',
      pieces: whole(renderTemplate(await loadTemplate('report.md.hbs'), data, 'md')),
    },
    {
      name: 'index.html',
      description: 'the report as one self-contained HTML page',
      pieces: whole(renderTemplate(await loadTemplate('report.html.hbs'), data, 'html')),
    },
  );
  return files;
}
