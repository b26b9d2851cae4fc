import type { Command } from 'commander';
import { writeReports, type ReportOptions } from './report.js';

export function registerRun(program: Command): void {
  program
    .command('run')
    .description(
      'the main job: validate the study, then ingest (pseudonymised) and write every report; writes nothing if validation finds errors or the privacy scan finds an identifier in the output',
    )
    .argument('[study]', 'study folder (with qualkit.json) or config file', '.')
    .option('-o, --out <dir>', 'output folder (default: config "output", else ./reports)')
    .option('--excel', 'CSV for Dutch Excel: semicolons and a BOM')
    .option(
      '--share <level>',
      'quotes (fragment text in reports) or counts (labels, codes and numbers only); default: config "privacy.share"',
    )
    .addHelpText(
      'after',
      '\nExample:\n  $ qualkit run data-sample\n  … → 14 files in reports/ (open reports/index.html)',
    )
    .action(async (studyPath: string, opts: ReportOptions) => writeReports(studyPath, opts));
}
