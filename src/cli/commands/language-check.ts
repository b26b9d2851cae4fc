import type { Command } from 'commander';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { perspectiveOf } from '../../config/perspective.js';
import { error, formatDiagnostic, InputError, warning, type Diagnostic } from '../../core/diagnostics.js';
import { parseCsv, stringifyCsv } from '../../io/csv.js';
import { readTextFile } from '../../io/read-text-file.js';
import type { WordRule } from '../../suggest/language-check.js';
import { shown } from '../../study/load-study.js';
import { say, summarise, writeResult } from '../console.js';
import { choice, loadCheckedStudy } from '../study-session.js';

const DEFAULT_WORDS = fileURLToPath(new URL('../../../wordlists/attitude-nl.csv', import.meta.url));

async function loadRules(path: string): Promise<WordRule[]> {
  const file = shown(path);
  const table = parseCsv(await readTextFile(path, file, 'word list'), file);
  const problems: Diagnostic[] = [...table.diagnostics];
  if (!table.header.includes('word'))
    problems.push(
      error(
        file,
        1,
        'language/missing-column',
        'Missing column "word"; expected header word,category,advice',
      ),
    );
  if (problems.length > 0) throw new InputError(problems);
  return table.rows
    .filter((r) => (r.cells.word ?? '') !== '')
    .map((r) => ({ word: r.cells.word!, category: r.cells.category ?? '', advice: r.cells.advice ?? '' }));
}

export function registerLanguageCheck(program: Command): void {
  program
    .command('language-check')
    .description(
      'flag normative and weakness words (erg, zorgelijk, gevaarlijk, verdrietig, eenzaam, in de steek gelaten), stem-aware, in what the professional says in chats and interviews with young people, with the attitude-profile advice',
    )
    .argument('[study]', 'study folder (with qualkit.json) or config file', '.')
    .option(
      '--words <file>',
      'your own word list (CSV word,category,advice); default: wordlists/attitude-nl.csv',
    )
    .option(
      '--groups <letters...>',
      'check these groups (default: the groups with perspective self: young people and experts by experience)',
    )
    .option('--format <format>', 'text, csv or json', 'text')
    .addHelpText(
      'after',
      '\nExample:\n  $ qualkit language-check data-sample\n  data-sample/sources/C1-whatsapp.txt:14: warning Outreach De Haven: "gevaarlijke" (normatief). Normatieve term. … [language/normatief]\n\nOnly the turns of the professional (interviewer, outreach worker) are checked, never the respondent\'s.\nExit code 1 when something is flagged.',
    )
    .action(async (studyPath: string, opts: { words?: string; groups?: string[]; format: string }) => {
      const format = choice('--format', opts.format, ['text', 'csv', 'json'] as const);
      const study = await loadCheckedStudy(studyPath);
      const { checkLanguage } = await import('../../suggest/language-check.js');
      const { textLanguageOf, textTools } = await import('../../suggest/text-tools.js');
      const rules = await loadRules(opts.words ? resolve(opts.words) : DEFAULT_WORDS);
      // The shipped word list is Dutch and is matched with Dutch stems; a list of one's own is
      // matched with the stems of the study's language (Dutch when qualkit has none for it).
      const language = opts.words ? (textLanguageOf(study.config.language) ?? 'nl') : 'nl';
      if (!opts.words && textLanguageOf(study.config.language) !== 'nl')
        say(
          `The word list (wordlists/attitude-nl.csv) is Dutch, but this study's language is "${study.config.language}": only Dutch words are found. Give a word list in the study's language with --words.`,
        );
      const tools = textTools(language);
      const groups = new Set(
        opts.groups ?? study.groups.filter((g) => perspectiveOf(g) === 'self').map((g) => g.letter),
      );
      const findings: (Diagnostic & { speaker: string; found: string; category: string; advice: string })[] =
        [];
      for (const t of study.transcripts) {
        if (!groups.has(t.respondent[0]!)) continue;
        const file = shown(resolve(study.root, t.source));
        for (const e of t.entries) {
          if (e.kind !== 'context') continue;
          for (const paragraph of e.paragraphs)
            for (const hit of checkLanguage(paragraph.text, rules, tools)) {
              findings.push({
                ...warning(
                  file,
                  paragraph.line,
                  `language/${hit.rule.category || 'word'}`,
                  `${e.speaker}: "${hit.found}"${hit.rule.category ? ` (${hit.rule.category})` : ''}. ${hit.rule.advice}`,
                ),
                speaker: e.speaker,
                found: hit.found,
                category: hit.rule.category,
                advice: hit.rule.advice,
              });
            }
        }
      }
      if (format === 'json') writeResult(`${JSON.stringify(findings, null, 2)}\n`);
      else if (format === 'csv')
        writeResult(
          stringifyCsv(
            ['file', 'line', 'speaker', 'found', 'category', 'advice'],
            findings.map((f) => [f.file, f.line ?? '', f.speaker, f.found, f.category, f.advice]),
          ),
        );
      else for (const f of findings) writeResult(`${formatDiagnostic(f)}\n`);
      say(
        `${study.transcripts.filter((t) => groups.has(t.respondent[0]!)).length} source(s) of group(s) ${[...groups].join(', ')} checked against ${rules.length} words: ${summarise(findings).replace(/^0 errors, /, '')}`,
      );
      if (findings.length > 0) process.exitCode = 1;
    });
}
