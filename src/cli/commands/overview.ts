import type { Command } from 'commander';
import { buildLabelOverview } from '../../analysis/label-overview.js';
import { overviewCsv, overviewJson, overviewMarkdown } from '../../format/format-overview.js';
import {
  choice,
  loadCheckedStudy,
  selectCodebooks,
  selectCodings,
  writeScannedResult,
} from '../study-session.js';

export function registerOverview(program: Command): void {
  program
    .command('overview')
    .description(
      'the label overview (appendix 10): per main and core label, the fragments coded with it, ranges compressed',
    )
    .argument('[study]', 'study folder (with qualkit.json) or config file', '.')
    .option('--format <format>', 'md, csv or json', 'md')
    .option('--coder <name...>', "only these coders' codings (default: all coders, merged)")
    .option('--codebook <id>', 'only this codebook')
    .option('--excel', 'CSV for Dutch Excel: semicolons and a BOM')
    .addHelpText(
      'after',
      '\nExample:\n  $ qualkit overview data-sample --codebook dv3\n  | 1. Introductie | A. Functieomschrijving | B1.1, B1.7<br>B5.1-B5.3, B5.6 |',
    )
    .action(
      async (
        studyPath: string,
        opts: { format: string; coder?: string[]; codebook?: string; excel?: boolean },
      ) => {
        const format = choice('--format', opts.format, ['md', 'csv', 'json'] as const);
        const study = await loadCheckedStudy(studyPath, { transcripts: false, codesOnly: true });
        const { labels } = selectCodings(study, opts.coder);
        const overviews = selectCodebooks(study, opts.codebook).map((cb) =>
          buildLabelOverview(cb, labels, study.groups),
        );
        writeScannedResult(
          study,
          format === 'csv'
            ? overviewCsv(overviews, { excel: opts.excel })
            : format === 'json'
              ? overviewJson(overviews)
              : overviewMarkdown(overviews),
          `overview.${format}`,
        );
      },
    );
}
