import type { Command } from 'commander';
import { join } from 'node:path';
import { writeFileAtomic } from '../../io/write-file-atomic.js';
import { buildReportFiles } from '../../report/report-files.js';
import { computeAgreement } from '../../agreement/compute-agreement.js';
import { shown } from '../../study/load-study.js';
import { say } from '../console.js';
import { loadCheckedStudy, outputDir, selectCodings } from '../study-session.js';

export interface ReportOptions {
  out?: string;
  coder?: string[];
  excel?: boolean;
}

/** Builds every report file in memory, then writes each atomically. Shared by report and run. */
export async function writeReports(studyPath: string, opts: ReportOptions): Promise<void> {
  const study = await loadCheckedStudy(studyPath);
  const { labels, coders } = selectCodings(study, opts.coder);
  const agreeing = study.config.coders.filter((c) => coders.includes(c.name));
  const agreement = agreeing.length >= 2 ? computeAgreement(study.codebooks, study.groups, study.fragments, study.codings, agreeing) : undefined;
  const files = await buildReportFiles(study, labels, coders, { excel: opts.excel, agreement });
  const dir = outputDir(study, opts.out);
  for (const f of files) await writeFileAtomic(join(dir, f.name), f.content);
  say(`${study.fragments.length} fragments, ${study.codings.length} codings by ${coders.length} coder(s) → ${files.length} files in ${shown(dir)}/ (open ${shown(join(dir, 'index.html'))})`);
}

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('write the source book, label overview, frequency tables and the Markdown + HTML report')
    .argument('[study]', 'study folder (with qualkit.json) or config file', '.')
    .option('-o, --out <dir>', 'output folder (default: config "output", else ./reports)')
    .option('--coder <name...>', 'only these coders\' codings (default: all coders, merged)')
    .option('--excel', 'CSV for Dutch Excel: semicolons and a BOM')
    .addHelpText('after', '\nExample:\n  $ qualkit report data-sample --out reports\n  … → 14 files in reports/ (open reports/index.html)')
    .action(async (studyPath: string, opts: ReportOptions) => writeReports(studyPath, opts));
}
