import type { Command } from 'commander';
import { join } from 'node:path';
import { hasErrors, InputError } from '../../core/diagnostics.js';
import {
  sourceBookCsvHeader,
  sourceBookCsvRows,
  sourceBookMarkdownHead,
  sourceBookMarkdownSections,
} from '../../format/format-source-book.js';
import { AtomicWriter } from '../../io/atomic-writer.js';
import { WriteError } from '../../io/write-error.js';
import { loadStudy, resolveConfigPath, shown } from '../../study/load-study.js';
import { say, sayDiagnostics, writeResult } from '../console.js';
import { progress } from '../progress.js';
import { choice, outputDir, refuseOverwritingInputs, saveKey } from '../study-session.js';
import { leakError, PieceScanner } from '../../privacy/scan-text.js';

/**
 * Streams the source book: each respondent's fragments are written as soon as they are
 * read and then let go, so memory stays flat however large the study. Files are written
 * through temporary files renamed at the end; on stdout the output simply flows.
 */
export function registerIngest(program: Command): void {
  program
    .command('ingest')
    .description('read every source and number the fragments; write the source book (CSV and Markdown)')
    .argument('[study]', 'study folder (with qualkit.json) or config file', '.')
    .option(
      '-o, --out <dir>',
      'folder for source-book.csv and source-book.md (default: config "output", else ./reports)',
    )
    .option('--format <format>', 'print the source book to stdout instead: csv, json or md')
    .option('--excel', 'CSV for Dutch Excel: semicolons and a BOM')
    .addHelpText(
      'after',
      '\nExamples:\n  $ qualkit ingest data-sample                 # writes reports/source-book.csv and .md\n  $ qualkit ingest data-sample --format csv > bronnenboek.csv',
    )
    .action(async (studyPath: string, opts: { out?: string; format?: string; excel?: boolean }) => {
      const format =
        opts.format === undefined
          ? undefined
          : choice('--format', opts.format, ['csv', 'json', 'md'] as const);
      const csvOptions = { excel: opts.excel };
      let writers: { csv: AtomicWriter; md: AtomicWriter } | undefined;
      let lastGroup = '';
      let count = 0;
      let groupNames = new Map<string, string>();
      let started = false;
      // The same scan as `run`, over every piece before it is written; after the first
      // finding nothing more is written (files are then dropped), but reading goes on to list all.
      let scanners: { csv: PieceScanner; md: PieceScanner } | undefined;
      let leaked = false;
      const emit = async (part: 'csv' | 'md', text: string) => {
        if (!scanners![part].clean(text)) leaked = true;
        if (leaked) return;
        if (writers) await writers[part].write(text);
        else writeResult(text);
      };
      const begin = async (study: string) => {
        started = true;
        if (format === 'csv') await emit('csv', sourceBookCsvHeader(csvOptions));
        else if (format === 'md') await emit('md', sourceBookMarkdownHead(study));
        else if (format === 'json') await emit('csv', '[');
        else if (writers) {
          await emit('csv', sourceBookCsvHeader(csvOptions));
          await emit('md', sourceBookMarkdownHead(study));
        }
      };
      const configFile = await resolveConfigPath(studyPath);
      let studyName = '';
      const study = await loadStudy(configFile, {
        codings: false,
        progress: progress(),
        stream: async (fragments, transcripts) => {
          if (!started) await begin(studyName);
          if (format === 'json') {
            for (const f of fragments)
              await emit('csv', `${count++ === 0 ? '\n' : ',\n'}${JSON.stringify(f)}`);
            return;
          }
          count += fragments.length;
          if (format === undefined || format === 'csv')
            await emit('csv', sourceBookCsvRows(fragments, csvOptions));
          if (format === undefined || format === 'md') {
            const section = sourceBookMarkdownSections(transcripts, groupNames, lastGroup);
            lastGroup = section.lastGroup;
            for (const chunk of section.chunks) await emit('md', chunk);
          }
        },
        onConfig: async (config, root, names) => {
          studyName = config.study;
          groupNames = new Map(config.groups.map((g) => [g.letter, g.name]));
          const dir = outputDir({ root, config }, opts.out);
          const where = (name: string) =>
            format === undefined ? shown(join(dir, name)) : `stdout:source-book.${format}`;
          scanners = {
            csv: new PieceScanner(where('source-book.csv'), names),
            md: new PieceScanner(where('source-book.md'), names),
          };
          if (format === undefined) {
            refuseOverwritingInputs({ configFile, root, config }, [
              join(dir, 'source-book.csv'),
              join(dir, 'source-book.md'),
            ]);
            writers = {
              csv: await AtomicWriter.open(join(dir, 'source-book.csv')),
              md: await AtomicWriter.open(join(dir, 'source-book.md')),
            };
          }
        },
      }).catch(async (e) => {
        await writers?.csv.abort();
        await writers?.md.abort();
        throw e instanceof WriteError && writers ? e.within([], [writers.csv.target, writers.md.target]) : e;
      });
      if (hasErrors(study.diagnostics)) {
        await writers?.csv.abort();
        await writers?.md.abort();
        throw new InputError(study.diagnostics);
      }
      if (!started) await begin(study.config.study);
      if (format === 'json') await emit('csv', count === 0 ? ']\n' : '\n]\n');
      if (leaked) {
        await writers?.csv.abort();
        await writers?.md.abort();
        throw leakError(
          [...scanners!.csv.leaks, ...scanners!.md.leaks],
          format === undefined ? shown(outputDir(study, opts.out)) : 'stdout',
          'the source book',
          format === undefined
            ? 'nothing was written'
            : 'the output stops before the first of them (what was printed before it was scanned and is clean)',
        );
      }
      sayDiagnostics(study.diagnostics);
      await saveKey(study, format === undefined ? outputDir(study, opts.out) : undefined);
      if (writers) {
        progress().stage('writing the source book');
        // One after the other, so a failure (a full disk) can say which file was written.
        await writers.csv.commit().catch(async (e) => {
          await writers!.md.abort();
          throw e instanceof WriteError ? e.within([], [writers!.csv.target, writers!.md.target]) : e;
        });
        await writers.md.commit().catch((e) => {
          throw e instanceof WriteError ? e.within([writers!.csv.target], [writers!.md.target]) : e;
        });
        const dir = outputDir(study, opts.out);
        say(
          `${count} fragments from ${study.config.sources.length} sources → ${shown(join(dir, 'source-book.csv'))}, ${shown(join(dir, 'source-book.md'))}`,
        );
      }
    });
}
