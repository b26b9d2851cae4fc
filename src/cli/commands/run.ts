import type { Command } from 'commander';
import { writeReports, type ReportOptions } from './report.js';

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('the main job: validate the study, then ingest and write every report (stops, writing nothing, if validation finds errors)')
    .argument('[study]', 'study folder (with qualkit.json) or config file', '.')
    .option('-o, --out <dir>', 'output folder (default: config "output", else ./reports)')
    .option('--excel', 'CSV for Dutch Excel: semicolons and a BOM')
    .addHelpText('after', '\nExample:\n  $ qualkit run data-sample\n  … → 14 files in reports/ (open reports/index.html)')
    .action(async (studyPath: string, opts: ReportOptions) => writeReports(studyPath, opts));
}
