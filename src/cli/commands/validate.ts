import type { Command } from 'commander';
import { hasErrors } from '../../core/diagnostics.js';
import { resolve } from 'node:path';
import { checkCoderConsistency } from '../../agreement/coder-consistency.js';
import { coderSaw } from '../../agreement/compute-agreement.js';
import type { Study } from '../../study/study.js';
import { coderCountsMarkdown } from '../../format/format-coder-counts.js';
import { loadStudy, shown } from '../../study/load-study.js';
import { choice } from '../study-session.js';
import { meetingDiagnostics } from '../../study/meeting-files.js';
import { say, summarise, writeResult } from '../console.js';
import { progress } from '../progress.js';
import { formatDiagnostic } from '../../core/diagnostics.js';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Says over which fragments each coder's counts are, and warns when the coders' scopes differ. */
function countsHeading(study: Study): string {
  const seen = study.config.coders.map((c) => study.fragments.filter((f) => coderSaw(c, f)).length);
  const same = study.config.coders.every((c, i) =>
    study.fragments.every((f) => coderSaw(c, f) === coderSaw(study.config.coders[0]!, f) || i === 0),
  );
  const each = study.config.coders.map((c, i) => `${c.name} ${seen[i]}`).join(', ');
  return same
    ? `Label counts per coder (all over the same ${plural(seen[0] ?? 0, 'fragment')}):`
    : `Label counts per coder. The coders' scopes differ, so each count is over the fragments that coder saw (${each}); compare them with care, or use qualkit agree, which compares coders over the fragments they both saw:`;
}

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description(
      'check the config, codebooks, sources and every codings file; list every problem with file and line',
    )
    .argument('[study]', 'study folder (with qualkit.json) or config file', '.')
    .option('--format <format>', 'text or json', 'text')
    .option(
      '--coders',
      'also compare coders: labels only one coder uses, fragments nobody coded, label counts per coder side by side',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  $ qualkit validate data-sample --coders\n  codings/bram.csv:14: error Unknown label 4.Z in codebook dv4 ... [codings/unknown-label]\n\nExit code 0 when there are no errors (warnings allowed), 1 when there are.',
    )
    .action(async (studyPath: string, opts: { format: string; coders?: boolean }) => {
      const format = choice('--format', opts.format, ['text', 'json'] as const);
      // Without --coders, only fragment codes are needed (the uncoded-fragment warnings name source and line).
      const study = await loadStudy(studyPath, {
        transcripts: false,
        codesOnly: !opts.coders,
        progress: progress(),
      });
      if (opts.coders) progress().stage('comparing coders');
      const consistency = opts.coders
        ? checkCoderConsistency(
            study.codebooks,
            study.groups,
            study.fragments,
            study.codings,
            study.config.coders.filter((c) => !c.consensus),
            (source) => shown(resolve(study.root, source)),
          )
        : undefined;
      const d = [
        ...study.diagnostics,
        ...(consistency?.diagnostics ?? []),
        ...(hasErrors(study.diagnostics) ? [] : await meetingDiagnostics(study)),
      ];
      if (format === 'json')
        writeResult(
          `${JSON.stringify({ ok: !hasErrors(d), fragments: study.fragments.length, codings: study.codings.length, diagnostics: d, ...(consistency ? { coders: consistency.coders, labelCounts: consistency.counts } : {}) }, null, 2)}\n`,
        );
      else {
        for (const x of d) writeResult(`${formatDiagnostic(x)}\n`);
        if (consistency) writeResult(`\n${countsHeading(study)}\n\n${coderCountsMarkdown(consistency)}`);
        say(
          `${plural(study.fragments.length, 'fragment')} in ${plural(study.config.sources.length, 'source')}, ${plural(study.codings.length, 'valid coding')} by ${plural(study.config.coders.length, 'coder')}: ${summarise(d)}`,
        );
      }
      if (hasErrors(d)) process.exitCode = 1;
    });
}
