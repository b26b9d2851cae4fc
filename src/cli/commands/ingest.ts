import type { Command } from 'commander';
import { join } from 'node:path';
import { sourceBookCsv, sourceBookJson, sourceBookMarkdown } from '../../format/format-source-book.js';
import { writeFileAtomic } from '../../io/write-file-atomic.js';
import { hasErrors, InputError } from '../../core/diagnostics.js';
import { loadStudy, shown } from '../../study/load-study.js';
import { say, sayDiagnostics, writeResult } from '../console.js';
import { choice, outputDir, saveKey } from '../study-session.js';

export function registerIngest(program: Command): void {
  program
    .command('ingest')
    .description('read every source and number the fragments; write the source book (CSV and Markdown)')
    .argument('[study]', 'study folder (with qualkit.json) or config file', '.')
    .option('-o, --out <dir>', 'folder for source-book.csv and source-book.md (default: config "output", else ./reports)')
    .option('--format <format>', 'print the source book to stdout instead: csv, json or md')
    .option('--excel', 'CSV for Dutch Excel: semicolons and a BOM')
    .addHelpText('after', '\nExamples:\n  $ qualkit ingest data-sample                 # writes reports/source-book.csv and .md\n  $ qualkit ingest data-sample --format csv > bronnenboek.csv')
    .action(async (studyPath: string, opts: { out?: string; format?: string; excel?: boolean }) => {
      const format = opts.format === undefined ? undefined : choice('--format', opts.format, ['csv', 'json', 'md'] as const);
      const study = await loadStudy(studyPath, { codings: false });
      if (hasErrors(study.diagnostics)) throw new InputError(study.diagnostics);
      sayDiagnostics(study.diagnostics);
      const groupNames = new Map(study.groups.map((g) => [g.letter, g.name]));
      await saveKey(study, format === undefined ? outputDir(study, opts.out) : undefined);
      if (format === 'csv') return writeResult(sourceBookCsv(study.fragments, { excel: opts.excel }));
      if (format === 'json') return writeResult(sourceBookJson(study.fragments));
      if (format === 'md') return writeResult(sourceBookMarkdown(study.config.study, study.transcripts, groupNames));
      const dir = outputDir(study, opts.out);
      await writeFileAtomic(join(dir, 'source-book.csv'), sourceBookCsv(study.fragments, { excel: opts.excel }));
      await writeFileAtomic(join(dir, 'source-book.md'), sourceBookMarkdown(study.config.study, study.transcripts, groupNames));
      say(`${study.fragments.length} fragments from ${study.config.sources.length} sources → ${shown(join(dir, 'source-book.csv'))}, ${shown(join(dir, 'source-book.md'))}`);
    });
}
