import type { Command } from 'commander';
import { join } from 'node:path';
import { writeFileAtomic } from '../../io/write-file-atomic.js';
import { writeFiles } from '../../io/write-files.js';
import { insideFolder } from '../../io/file-slug.js';
import { computeAgreement } from '../../agreement/compute-agreement.js';
import { shown } from '../../study/load-study.js';
import { say, sayDiagnostics } from '../console.js';
import { progress } from '../progress.js';
import { computeMeeting } from '../../consensus/compute-consensus.js';
import { decisionsFileOf } from '../../consensus/decisions-file.js';
import {
  assertReadable,
  consensusCoders,
  loadMeeting,
  meetingDiagnostics,
} from '../../study/meeting-files.js';
import {
  choice,
  loadCheckedStudy,
  outputDir,
  refuseOverwritingInputs,
  saveKey,
  selectCodings,
} from '../study-session.js';
import { UsageError } from '../../core/diagnostics.js';
import { leakError, scanFilePieces } from '../../privacy/scan-text.js';
import { loadThemeSet } from '../../themes/load-theme-set.js';
import { themeSetChoice, type ThemeSetChoice } from '../../themes/theme-set-ref.js';
import type { ThemeSet } from '../../themes/parse-theme-set.js';

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
  if (agreeing.length >= 2) progress().stage('computing agreement');
  const agreement =
    agreeing.length >= 2
      ? computeAgreement(study.codebooks, study.groups, study.fragments, study.codings, agreeing)
      : undefined;
  const share =
    opts.share === undefined
      ? study.config.privacy.share
      : choice('--share', opts.share, ['quotes', 'counts'] as const);
  const themeSets: (Omit<ThemeSetChoice, 'set'> & { set: ThemeSet })[] = [];
  for (const ref of study.config.triangulation.themes) {
    const choice = themeSetChoice(ref);
    const set = await loadThemeSet(choice.set, study.root, study.codebooks);
    if (themeSets.some((t) => t.set.id === set.id))
      throw new UsageError(
        `two theme sets in "triangulation.themes" would both write triangulation-${set.id}.md; rename one of the files`,
      );
    sayDiagnostics(set.warnings);
    themeSets.push({ ...choice, set });
  }
  // Handlebars is loaded only by the commands that render reports.
  const { buildReportFiles } = await import('../../report/report-files.js');
  progress().stage('building reports');
  const files = await buildReportFiles(study, labels, coders, {
    excel: opts.excel,
    agreement,
    share,
    themeSets,
    consensus,
  });
  const dir = outputDir(study, opts.out);
  // The same scan as `qualkit privacy-scan`, over every file before any is written.
  progress().stage('scanning for identifiers', files.length, 'files');
  const leaks = files.flatMap((f) => {
    const found = scanFilePieces(f.pieces(), shown(join(dir, f.name)), study.privacy.names);
    progress().step();
    return found;
  });
  if (leaks.length > 0) throw leakError(leaks, shown(dir), 'the reports');
  const targets = files.map((f) => insideFolder(dir, f.name));
  refuseOverwritingInputs(study, targets);
  await saveKey(study, dir);
  progress().stage('writing reports', files.length, 'files');
  await writeFiles(
    files.map((f, k) => ({ path: targets[k]!, content: f.pieces() })),
    (path, content) => writeFileAtomic(path, content).then(() => progress().step()),
  );
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
