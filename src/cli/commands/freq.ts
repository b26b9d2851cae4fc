import type { Command } from 'commander';
import { computeCooccurrence } from '../../analysis/cooccurrence.js';
import { byParts, computeFrequencies } from '../../analysis/frequencies.js';
import { UsageError } from '../../core/diagnostics.js';
import {
  cooccurrenceCsv,
  cooccurrenceJson,
  cooccurrenceMarkdown,
  frequenciesCsv,
  frequenciesJson,
  frequenciesMarkdown,
} from '../../format/format-frequencies.js';
import {
  choice,
  loadCheckedStudy,
  selectCodebooks,
  selectCodings,
  writeScannedResult,
} from '../study-session.js';

export function registerFreq(program: Command): void {
  program
    .command('freq')
    .description(
      'label frequencies across respondent groups or a respondent attribute: fragments, distinct respondents, share of the group; or label co-occurrence',
    )
    .argument('[study]', 'study folder (with qualkit.json) or config file', '.')
    .option(
      '--by <attribute>',
      'columns: "group" or any respondent attribute, e.g. type; or nested, e.g. group,type',
      'group',
    )
    .option('--level <level>', 'core, main or both', 'both')
    .option('--cooccurrence', 'print label co-occurrence (same fragment, same respondent) instead')
    .option('--format <format>', 'md, csv or json', 'md')
    .option('--coder <name...>', "only these coders' codings (default: all coders, merged)")
    .option('--codebook <id>', 'only this codebook')
    .option('--excel', 'CSV for Dutch Excel: semicolons and a BOM')
    .addHelpText(
      'after',
      '\nExamples:\n  $ qualkit freq data-sample --codebook dv4 --by type\n  $ qualkit freq data-sample --format csv > frequencies.csv\n  $ qualkit freq data-sample --cooccurrence --codebook dv3',
    )
    .action(
      async (
        studyPath: string,
        opts: {
          by: string;
          level: string;
          cooccurrence?: boolean;
          format: string;
          coder?: string[];
          codebook?: string;
          excel?: boolean;
        },
      ) => {
        const format = choice('--format', opts.format, ['md', 'csv', 'json'] as const);
        const level = choice('--level', opts.level, ['core', 'main', 'both'] as const);
        const study = await loadCheckedStudy(studyPath, { transcripts: false, codesOnly: true });
        const { labels } = selectCodings(study, opts.coder);
        const codebooks = selectCodebooks(study, opts.codebook);
        if (opts.cooccurrence) {
          const tables = codebooks.map((codebook) => ({
            codebook,
            pairs: computeCooccurrence(codebook, study.groups, study.fragments, labels),
          }));
          return writeScannedResult(
            study,
            format === 'csv'
              ? cooccurrenceCsv(tables, { excel: opts.excel })
              : format === 'json'
                ? cooccurrenceJson(tables)
                : cooccurrenceMarkdown(tables),
            `cooccurrence.${format}`,
          );
        }
        const parts = byParts(opts.by);
        if (parts.length === 0 || new Set(parts).size !== parts.length)
          throw new UsageError(
            `--by takes "group", an attribute or a list such as group,type; got "${opts.by}"`,
          );
        for (const by of parts)
          if (by !== 'group' && !study.respondents.some((r) => Object.hasOwn(r.attributes, by))) {
            const known = [...new Set(study.respondents.flatMap((r) => Object.keys(r.attributes)))].sort();
            throw new UsageError(
              `no respondent has the attribute "${by}"; use "group" or one of ${known.join(', ') || '(none declared)'}`,
            );
          }
        const tables = codebooks.map((cb) =>
          computeFrequencies(cb, study.groups, study.respondents, study.fragments, labels, parts.join(',')),
        );
        writeScannedResult(
          study,
          format === 'csv'
            ? frequenciesCsv(tables, level, { excel: opts.excel })
            : format === 'json'
              ? frequenciesJson(tables, level)
              : frequenciesMarkdown(tables, level),
          `frequencies.${format}`,
        );
      },
    );
}
