import type { Command } from 'commander';
import { computeAgreement } from '../../agreement/compute-agreement.js';
import { UsageError } from '../../core/diagnostics.js';
import {
  agreementCsv,
  agreementJson,
  agreementMarkdown,
  disagreementsCsv,
  disagreementsMarkdown,
} from '../../format/format-agreement.js';
import { say, writeResult } from '../console.js';
import { compareWithConsensus } from '../../consensus/against-consensus.js';
import { againstCsv, againstMarkdown } from '../../format/format-against.js';
import { assertReadable, loadMeeting } from '../../study/meeting-files.js';
import {
  choice,
  chooseCoders,
  loadCheckedStudy,
  saveKey,
  selectCodebooks,
  writeScannedResult,
} from '../study-session.js';

interface AgreeOptions {
  coder?: string[];
  codebook?: string;
  format: string;
  level: string;
  disagreements?: boolean;
  minAlpha?: string;
  minPositives: string;
  bootstrap: string;
  seed: string;
  excel?: boolean;
  against?: string;
}

function number(name: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max)
    throw new UsageError(`${name} must be a number from ${min} to ${max}; got "${value}"`);
  return n;
}

export function registerAgree(program: Command): void {
  program
    .command('agree')
    .description(
      "inter-coder agreement per label over the fragments two or more coders saw: percent agreement, Cohen's and Fleiss' kappa, Krippendorff's alpha with a bootstrap interval; or the disagreement list",
    )
    .argument('[study]', 'study folder (with qualkit.json) or config file', '.')
    .option('--coder <name...>', 'the coders to compare (default: all coders)')
    .option('--codebook <id>', 'only this codebook')
    .option('--level <level>', 'core, main or both (pooled rows always)', 'both')
    .option('--disagreements', 'print the fragments the coders labelled differently instead')
    .option(
      '--against <consensus>',
      'compare each coder of the meeting with this consensus coder instead (who drifted from the agreed reading)',
    )
    .option('--format <format>', 'md, csv or json', 'md')
    .option('--min-alpha <x>', 'exit 1 when a label that has enough positives has alpha below x (e.g. 0.667)')
    .option(
      '--min-positives <n>',
      'labels with fewer positive codings get the verdict "too few positives"',
      '5',
    )
    .option('--bootstrap <n>', 'bootstrap replicates for the alpha interval', '1000')
    .option('--seed <n>', 'seed of the bootstrap, so reruns are identical', '20201')
    .option('--excel', 'CSV for Dutch Excel: semicolons and a BOM')
    .addHelpText(
      'after',
      '\nExamples:\n  $ qualkit agree data-sample --codebook dv4 --level main\n  $ qualkit agree data-sample --disagreements --format csv > meeting.csv\n  $ qualkit agree data-sample --min-alpha 0.667   # exit 1 if a label is below\n  $ qualkit agree data-sample --against consensus # each coder against the coding meeting decisions\n\nExit code 0 whatever the agreement (it is information, not an error), unless --min-alpha is given and a label falls below it.',
    )
    .action(async (studyPath: string, opts: AgreeOptions) => {
      const format = choice('--format', opts.format, ['md', 'csv', 'json'] as const);
      const level = choice('--level', opts.level, ['core', 'main', 'both'] as const);
      const minAlpha = opts.minAlpha === undefined ? undefined : number('--min-alpha', opts.minAlpha, -1, 1);
      const options = {
        minPositives: number('--min-positives', opts.minPositives, 0, 1e9),
        replicates: number('--bootstrap', opts.bootstrap, 0, 1e6),
        seed: number('--seed', opts.seed, 0, 2 ** 32 - 1),
      };
      // The disagreement list and the JSON (which holds it) show fragment text; the agreement tables need codes only.
      const study = await loadCheckedStudy(studyPath, {
        transcripts: false,
        codesOnly: !opts.disagreements && format !== 'json',
      });
      if (opts.against !== undefined) {
        if (opts.disagreements || minAlpha !== undefined)
          throw new UsageError('--against goes without --disagreements and --min-alpha');
        const meeting = await loadMeeting(study, opts.against);
        assertReadable(meeting);
        const chosen = opts.coder ? chooseCoders(study, opts.coder) : meeting.input.coders;
        const report = compareWithConsensus(meeting.input, meeting.consensus, chosen, options);
        if (format === 'csv') writeResult(againstCsv(report, { excel: opts.excel }));
        else if (format === 'json') writeResult(`${JSON.stringify(report, null, 2)}\n`);
        else writeResult(`${againstMarkdown(report)}\n`);
        return;
      }
      const coders = chooseCoders(study, opts.coder);
      if (coders.length < 2)
        throw new UsageError(
          `agreement needs two or more coders; ${coders.length === 0 ? 'the study declares none' : `only ${coders[0]!.name} is selected`}`,
        );
      const report = computeAgreement(
        selectCodebooks(study, opts.codebook),
        study.groups,
        study.fragments,
        study.codings,
        coders,
        options,
      );
      if (opts.disagreements) await saveKey(study);
      if (opts.disagreements)
        writeScannedResult(
          study,
          format === 'csv'
            ? disagreementsCsv(report, { excel: opts.excel })
            : format === 'json'
              ? `${JSON.stringify({ coders: report.coders, disagreements: report.disagreements }, null, 2)}\n`
              : disagreementsMarkdown(report),
          `disagreements.${format}`,
        );
      else
        writeScannedResult(
          study,
          format === 'csv'
            ? agreementCsv(report, { excel: opts.excel, level })
            : format === 'json'
              ? agreementJson(report, level)
              : agreementMarkdown(report, level),
          `agreement.${format}`,
        );
      if (minAlpha !== undefined) {
        const below = report.rows.filter(
          (r) => r.verdict !== 'too few positives' && r.alpha !== null && r.alpha < minAlpha,
        );
        if (below.length > 0) {
          say(
            `${below.length} label(s) below α = ${minAlpha}: ${below.map((r) => `${r.codebook} ${r.id} (α = ${r.alpha!.toFixed(3)})`).join(', ')}`,
          );
          process.exitCode = 1;
        }
      }
    });
}
