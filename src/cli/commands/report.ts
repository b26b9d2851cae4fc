import type { Command } from 'commander';
import { join } from 'node:path';
import { removeStaleTemporaryFiles, writeFileAtomic } from '../../io/write-file-atomic.js';
import { computeAgreement } from '../../agreement/compute-agreement.js';
import { shown } from '../../study/load-study.js';
import { say, sayDiagnostics } from '../console.js';
import { computeMeeting } from '../../consensus/compute-consensus.js';
import { decisionsFileOf } from '../../consensus/decisions-file.js';
import {
  assertReadable,
  consensusCoders,
  loadMeeting,
  meetingDiagnostics,
} from '../../study/meeting-files.js';
import { choice, loadCheckedStudy, outputDir, saveKey, selectCodings } from '../study-session.js';
import { error, InputError } from '../../core/diagnostics.js';
import { scanFilePieces } from '../../privacy/scan-text.js';
import { loadThemeSet } from '../../themes/load-theme-set.js';

export interface ReportOptions {
  out?: string;
  coder?: string[];
  excel?: boolean;
  share?: string;
}

/**
 * Builds every report file (the source books as pieces made on demand), scans them all for
 * identifiers, and only then writes each atomically. Shared by report and run.
 */
export async function writeReports(studyPath: string, opts: ReportOptions): Promise<void> {
  const study = await loadCheckedStudy(studyPath);
  const { labels, coders } = selectCodings(study, opts.coder ?? study.config.report.coders);
  // Reporting from a consensus coder: the agreement reported is that of the meeting's coders.
  const used = consensusCoders(study).filter((c) => coders.includes(c.name));
  const meetingCoders = new Set(used.flatMap((c) => c.consensus));
  const agreeing = study.config.coders.filter((c) =>
    used.length > 0 ? meetingCoders.has(c.name) && !coders.includes(c.name) : coders.includes(c.name),
  );
  let consensus: string | undefined;
  if (used.length > 0) {
    const notes = [];
    for (const c of used) {
      const meeting = await loadMeeting(study, c.name);
      assertReadable(meeting);
      const state = computeMeeting(meeting.input);
      notes.push(
        `${c.name} is the consensus of ${c.consensus.join(' and ')} from their coding meeting: ${state.decided} of ${state.items.length} disagreement fragments decided${state.undecided.length + state.changed.length > 0 ? ` (not yet decided, so without codings here: ${[...state.undecided, ...state.changed].join(', ')})` : ''}; the decisions are in ${decisionsFileOf(c.file)}`,
      );
    }
    sayDiagnostics(await meetingDiagnostics(study, coders));
    consensus = `The codings are those of the consensus coder: ${notes.join('; ')}.`;
  }
  const agreement =
    agreeing.length >= 2
      ? computeAgreement(study.codebooks, study.groups, study.fragments, study.codings, agreeing)
      : undefined;
  const share =
    opts.share === undefined
      ? study.config.privacy.share
      : choice('--share', opts.share, ['quotes', 'counts'] as const);
  const themeSets = [];
  for (const ref of study.config.triangulation.themes)
    themeSets.push(await loadThemeSet(ref, study.root, study.codebooks));
  // Handlebars is loaded only by the commands that render reports.
  const { buildReportFiles } = await import('../../report/report-files.js');
  const files = await buildReportFiles(study, labels, coders, {
    excel: opts.excel,
    agreement,
    share,
    themeSets,
    consensus,
  });
  const dir = outputDir(study, opts.out);
  // The same scan as `qualkit privacy-scan`, over every file before any is written.
  const leaks = files.flatMap((f) =>
    scanFilePieces(f.pieces(), shown(join(dir, f.name)), study.privacy.names),
  );
  if (leaks.length > 0)
    throw new InputError([
      ...leaks,
      error(
        shown(dir),
        undefined,
        'privacy/leak',
        'identifiers would reach the reports; nothing was written. Add the names to the names file, or set "privacy.pseudonymise" to true',
      ),
    ]);
  await saveKey(study, dir);
  await removeStaleTemporaryFiles(dir);
  for (const f of files) await writeFileAtomic(join(dir, f.name), f.pieces());
  say(
    `${study.fragments.length} fragments, ${study.codings.length} codings by ${coders.length} coder(s) → ${files.length} files in ${shown(dir)}/ (open ${shown(join(dir, 'index.html'))})`,
  );
}

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('write the source book, label overview, frequency tables and the Markdown + HTML report')
    .argument('[study]', 'study folder (with qualkit.json) or config file', '.')
    .option('-o, --out <dir>', 'output folder (default: config "output", else ./reports)')
    .option(
      '--coder <name...>',
      'only these coders\' codings (default: config "report.coders", else all coders but consensus coders, merged)',
    )
    .option('--excel', 'CSV for Dutch Excel: semicolons and a BOM')
    .option(
      '--share <level>',
      'quotes (fragment text in reports) or counts (labels, codes and numbers only); default: config "privacy.share"',
    )
    .addHelpText(
      'after',
      '\nExample:\n  $ qualkit report data-sample --out reports\n  … → 14 files in reports/ (open reports/index.html)',
    )
    .action(async (studyPath: string, opts: ReportOptions) => writeReports(studyPath, opts));
}
