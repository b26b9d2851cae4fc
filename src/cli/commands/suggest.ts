import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseCodings } from '../../codings/parse-codings.js';
import { validateCodings } from '../../codings/validate-codings.js';
import { error, InputError, UsageError, type Diagnostic } from '../../core/diagnostics.js';
import { suggestionsCsv, suggestionsMarkdown } from '../../format/format-suggestions.js';
import { stringifyCsv } from '../../io/csv.js';
import { readTextFile } from '../../io/read-text-file.js';
import { writeFileAtomic } from '../../io/write-file-atomic.js';
import { writeFiles } from '../../io/write-files.js';
import { appendCodings, readAccepted } from '../../suggest/accept-suggestions.js';
import { shown } from '../../study/load-study.js';
import type { Study } from '../../study/study.js';
import { say } from '../console.js';
import { progress } from '../progress.js';
import {
  chooseCoders,
  loadCheckedStudy,
  outputDir,
  refuseOverwritingInputs,
  saveKey,
} from '../study-session.js';
import { leakError, scanFileText } from '../../privacy/scan-text.js';

interface SuggestOptions {
  for?: string;
  coder?: string[];
  top: string;
  out?: string;
  accept?: string;
  excel?: boolean;
}

function targetCoder(study: Study, name: string | undefined) {
  const coders = study.config.coders;
  if (coders.length === 0)
    throw new UsageError('the study declares no coders; add one under "coders" in the config');
  if (name === undefined) {
    if (coders.length > 1)
      throw new UsageError(
        `say whose codings to extend with --for (one of ${coders.map((c) => c.name).join(', ')})`,
      );
    return coders[0]!;
  }
  const coder = coders.find((c) => c.name === name);
  if (!coder)
    throw new UsageError(
      `unknown coder "${name}"; the study declares ${coders.map((c) => c.name).join(', ')}`,
    );
  return coder;
}

export function registerSuggest(program: Command): void {
  program
    .command('suggest')
    .description(
      "suggest core labels for fragments a coder has not coded yet, learned offline from the coded fragments and the label definitions; with --accept, add the reviewed rows to that coder's codings",
    )
    .argument('[study]', 'study folder (with qualkit.json) or config file', '.')
    .option(
      '--for <coder>',
      'the coder whose uncoded fragments get suggestions (and whose codings file --accept extends)',
    )
    .option('--coder <name...>', "learn from these coders' codings (default: all coders)")
    .option('--top <k>', 'suggestions per fragment', '3')
    .option(
      '-o, --out <dir>',
      'folder for suggestions-<coder>.csv and .md (default: config "output", else ./reports)',
    )
    .option(
      '--excel',
      'suggestions CSV for Dutch Excel: semicolons and a BOM (--accept reads it back as it is)',
    )
    .option(
      '--accept <reviewed.csv>',
      "append the rows marked in the accept column of a reviewed suggestions file to the coder's codings file",
    )
    .addHelpText(
      'after',
      '\nExamples:\n  $ qualkit suggest data-sample --for bram            # writes reports/suggestions-bram.csv and .md\n  (open the CSV, put an x in the accept column of the rows you agree with)\n  $ qualkit suggest data-sample --for bram --accept reports/suggestions-bram.csv\n\nNothing is ever coded without --accept; the codings file is rewritten atomically, after validation.\nThe method: TF-IDF centroids over Dutch stems (natural\'s Porter stemmer), scored by cosine; "reason" lists the stems that weighed most.',
    )
    .action(async (studyPath: string, opts: SuggestOptions) => {
      const study = await loadCheckedStudy(studyPath);
      const target = targetCoder(study, opts.for);
      if (opts.accept !== undefined)
        return acceptReviewed(study, target.name, target.file, resolve(opts.accept));
      const k = Number(opts.top);
      if (!Number.isInteger(k) || k < 1 || k > 20)
        throw new UsageError(`--top must be a whole number from 1 to 20; got "${opts.top}"`);
      const training = chooseCoders(study, opts.coder).map((c) => c.name);
      // natural (the stemmer) is loaded only by the commands that need it.
      const { suggestForCoder } = await import('../../suggest/suggest-for-study.js');
      const { textLanguageOf, textTools } = await import('../../suggest/text-tools.js');
      const language = textLanguageOf(study.config.language);
      if (language === undefined)
        throw new UsageError(
          `suggest knows Dutch (nl) and English (en); this study's language is "${study.config.language}"`,
        );
      progress().stage('learning from the coded fragments and suggesting');
      const rows = suggestForCoder(
        study.codebooks,
        study.groups,
        study.fragments,
        study.codings,
        target,
        training,
        k,
        textTools(language),
      );
      const dir = outputDir(study, opts.out);
      const files = [
        { name: `suggestions-${target.name}.csv`, content: suggestionsCsv(rows, { excel: opts.excel }) },
        { name: `suggestions-${target.name}.md`, content: suggestionsMarkdown(rows, target.name) },
      ];
      progress().stage('scanning for identifiers');
      const leaks = files.flatMap((f) =>
        scanFileText(f.content, shown(join(dir, f.name)), study.privacy.names),
      );
      if (leaks.length > 0) throw leakError(leaks, shown(dir), 'the suggestions');
      refuseOverwritingInputs(
        study,
        files.map((f) => join(dir, f.name)),
      );
      progress().stage('writing suggestions');
      await saveKey(study, dir);
      await writeFiles(files.map((f) => ({ path: join(dir, f.name), content: f.content })));
      say(
        `${new Set(rows.map((r) => r.fragment)).size} fragments not yet coded by ${target.name}: ${rows.length} suggestions → ${shown(join(dir, files[0]!.name))} (mark rows in its accept column, then --accept it)`,
      );
    });
}

async function acceptReviewed(
  study: Study,
  coder: string,
  codingsFile: string,
  reviewed: string,
): Promise<void> {
  const shownReviewed = shown(reviewed);
  const { rows, diagnostics } = readAccepted(
    await readTextFile(reviewed, shownReviewed, 'reviewed suggestions file'),
    shownReviewed,
  );
  if (diagnostics.length > 0) throw new InputError(diagnostics);
  const target = resolve(study.root, codingsFile);
  // Check every accepted row where the researcher can fix it: at its line in the reviewed file.
  const asCsv = stringifyCsv(
    ['fragment', 'label', 'memo'],
    rows.map((r) => [r.fragment, r.label, r.memo]),
  );
  const parsed = parseCodings(asCsv, shownReviewed, coder);
  const lineOf = (csvLine: number) => rows[csvLine - 2]?.line ?? csvLine;
  const checked = validateCodings(parsed.codings, study.fragmentIndex, study.codebookOfGroup);
  const existing = new Map(
    study.codings.filter((c) => c.coder === coder).map((c) => [`${c.fragment}\t${c.label}`, c]),
  );
  const problems: Diagnostic[] = [...parsed.diagnostics, ...checked.diagnostics].map((d) => ({
    ...d,
    line: d.line === undefined ? undefined : lineOf(d.line),
  }));
  for (const c of checked.valid) {
    const already = existing.get(`${c.fragment}\t${c.label}`);
    if (already)
      problems.push(
        error(
          shownReviewed,
          lineOf(c.line),
          'suggest/already-coded',
          `${c.fragment} ${c.label} is already in ${already.file}:${already.line}`,
        ),
      );
  }
  if (problems.length > 0)
    throw new InputError([
      ...problems,
      error(
        shownReviewed,
        undefined,
        'suggest/not-accepted',
        `nothing was added to ${shown(target)}: fix or unmark the rows above`,
      ),
    ]);
  if (rows.length === 0) {
    say(`no rows are marked in the accept column of ${shownReviewed}; ${shown(target)} is unchanged`);
    return;
  }
  const current = await readFile(target, 'utf8').catch(() => '');
  await writeFileAtomic(target, appendCodings(current, rows));
  say(`${rows.length} accepted coding(s) added to ${shown(target)}`);
}
