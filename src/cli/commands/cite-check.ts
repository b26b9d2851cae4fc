import type { Command } from 'commander';
import { resolve } from 'node:path';
import { checkCitations } from '../../citations/check-citations.js';
import { parseCitations } from '../../citations/parse-citations.js';
import { hasErrors } from '../../core/diagnostics.js';
import { citationsCsv, citationsJson, citationsMarkdown } from '../../format/format-citations.js';
import { readDraft } from '../../io/read-draft.js';
import { shown } from '../../study/load-study.js';
import { say, summarise } from '../console.js';
import { choice, loadCheckedStudy, selectCodings, writeScannedResult } from '../study-session.js';

export function registerCiteCheck(program: Command): void {
  program
    .command('cite-check')
    .description(
      'check the fragment citations in a thesis draft ([B2.23, B3.7]): malformed codes, fragments that do not exist or were never coded, the labels behind each citation, and what is never cited',
    )
    .argument('<draft>', 'the draft: .md, .txt or .docx')
    .option('-s, --study <study>', 'study folder (with qualkit.json) or config file', '.')
    .option('--format <format>', 'md, csv or json', 'md')
    .option('--coder <name...>', 'labels from these coders only (default: all coders)')
    .option('--excel', 'CSV for Dutch Excel: semicolons and a BOM')
    .addHelpText(
      'after',
      '\nExample:\n  $ qualkit cite-check thesis.docx --study data-sample\n  thesis.docx:12: error Malformed citation [Al.2, A3.9]: "Al.2": a letter where a digit belongs (did you mean A1.2?) [cite/ocr-letter]\n\nExit code 1 when it finds errors (malformed codes, fragments that do not exist), so it can run in CI.\nRepeated codes and fragments nobody coded are warnings.',
    )
    .action(
      async (draft: string, opts: { study: string; format: string; coder?: string[]; excel?: boolean }) => {
        const format = choice('--format', opts.format, ['md', 'csv', 'json'] as const);
        const study = await loadCheckedStudy(opts.study);
        const { labels } = selectCodings(study, opts.coder);
        const file = shown(resolve(draft));
        const text = await readDraft(resolve(draft), file);
        const describe = (fragment: string, label: string) => {
          const cb = study.codebookOfGroup.get(fragment[0]!);
          const core = cb?.mains.flatMap((m) => m.cores).find((c) => c.id === label);
          return core ? `${label} ${core.label}` : label;
        };
        const check = checkCitations(parseCitations(text), file, study.fragmentIndex, labels, describe);
        writeScannedResult(
          study,
          format === 'csv'
            ? citationsCsv(check, { excel: opts.excel })
            : format === 'json'
              ? citationsJson(check)
              : citationsMarkdown(check, file),
          `citations.${format}`,
        );
        say(`${check.groups.length} citation groups in ${file}: ${summarise(check.diagnostics)}`);
        if (hasErrors(check.diagnostics)) process.exitCode = 1;
      },
    );
}
