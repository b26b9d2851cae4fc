import type { Command } from 'commander';
import { hasErrors } from '../../core/diagnostics.js';
import { resolve } from 'node:path';
import { checkCoderConsistency } from '../../agreement/coder-consistency.js';
import { coderCountsMarkdown } from '../../format/format-coder-counts.js';
import { loadStudy, shown } from '../../study/load-study.js';
import { choice } from '../study-session.js';
import { meetingDiagnostics } from '../../study/meeting-files.js';
import { say, summarise, writeResult } from '../console.js';
import { formatDiagnostic } from '../../core/diagnostics.js';

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
      const study = await loadStudy(studyPath, { transcripts: false, codesOnly: !opts.coders });
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
        if (consistency) writeResult(`\nLabel counts per coder:\n\n${coderCountsMarkdown(consistency)}`);
        say(
          `${study.fragments.length} fragments in ${study.config.sources.length} sources, ${study.codings.length} valid codings by ${study.config.coders.length} coders: ${summarise(d)}`,
        );
      }
      if (hasErrors(d)) process.exitCode = 1;
    });
}
