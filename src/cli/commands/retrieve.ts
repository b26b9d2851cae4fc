import type { Command } from 'commander';
import { UsageError } from '../../core/diagnostics.js';
import { retrieveCsv, retrieveJson, retrieveMarkdown } from '../../format/format-retrieve.js';
import { labelsByFragment } from '../../analysis/labels-by-fragment.js';
import { describeFragments } from '../../retrieve/describe-fragments.js';
import {
  describeFilter,
  filterProblems,
  parseWhere,
  seenByCoders,
  selectFragments,
  type AttributeCondition,
  type FragmentFilter,
} from '../../retrieve/select-fragments.js';
import { writeResult } from '../console.js';
import { choice, chooseCoders, loadCheckedStudy, saveKey } from '../study-session.js';

interface RetrieveOptions {
  label: string[];
  all?: boolean;
  any?: boolean;
  not: string[];
  group: string[];
  respondent: string[];
  where: string[];
  coder?: string[];
  text?: string;
  uncoded?: boolean;
  codebook?: string;
  context?: boolean;
  format: string;
  excel?: boolean;
  share?: string;
}

const collect = (value: string, previous: string[]) => [...previous, value];

export function registerRetrieve(program: Command): void {
  program
    .command('retrieve')
    .description(
      'the fragments that carry a label or a combination of labels, for a group, respondent or respondent type, with their text, labels and memos',
    )
    .argument('[study]', 'study folder (with qualkit.json) or config file', '.')
    .option(
      '--label <id>',
      'core label (3.J) or main label (3: any of its core labels); repeatable',
      collect,
      [],
    )
    .option('--all', 'fragments carrying every --label')
    .option('--any', 'fragments carrying any --label (the default)')
    .option('--not <id>', 'leave out fragments carrying this label; repeatable', collect, [])
    .option('--group <letter>', 'only this respondent group; repeatable (any of them)', collect, [])
    .option('--respondent <id>', 'only this respondent (B3); repeatable (any of them)', collect, [])
    .option(
      '--where <attribute=value>',
      'respondent attribute, e.g. type=bijverdieners; repeatable (every attribute, any of the values given for one)',
      collect,
      [],
    )
    .option('--coder <name...>', "only these coders' codings (default: all coders, merged)")
    .option('--text <words>', 'fragments containing this text (ignoring case and diacritics)')
    .option('--uncoded', "fragments in the coders' scope without any label")
    .option('--codebook <id>', 'only the groups coded with this codebook')
    .option('--context', 'show the turn before each fragment (the question)')
    .option('--format <format>', 'md (a quote list), csv or json', 'md')
    .option('--excel', 'CSV for Dutch Excel: semicolons and a BOM')
    .option(
      '--share <level>',
      'quotes or counts (no text, context or memos); default: config "privacy.share"',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  $ qualkit retrieve data-sample --codebook dv4 --label 4 --where type=bijverdieners\n  > een vriend zei dat jullie niks doorvertellen … [C1.3]\n  $ qualkit retrieve data-sample --codebook dv3 --label 3.Y --label 4.B --all   # a co-occurrence cell\n  $ qualkit retrieve data-sample --coder bram --uncoded --format csv > todo.csv\n  $ qualkit retrieve data-sample --text schaam --not 3.G --context',
    )
    .action(async (studyPath: string, opts: RetrieveOptions) => {
      const format = choice('--format', opts.format, ['md', 'csv', 'json'] as const);
      if (opts.all && opts.any) throw new UsageError('give --all or --any, not both');
      const where: AttributeCondition[] = opts.where.map((w) => {
        const parsed = parseWhere(w);
        if (typeof parsed === 'string') throw new UsageError(parsed);
        return parsed;
      });
      const filter: FragmentFilter = {
        labels: opts.label,
        match: opts.all ? 'all' : 'any',
        not: opts.not,
        groups: opts.group,
        respondents: opts.respondent,
        where,
        ...(opts.text !== undefined ? { text: opts.text } : {}),
        ...(opts.uncoded ? { uncoded: true } : {}),
        ...(opts.codebook !== undefined ? { codebook: opts.codebook } : {}),
      };
      const study = await loadCheckedStudy(studyPath, { transcripts: false });
      const share =
        opts.share === undefined
          ? study.config.privacy.share
          : choice('--share', opts.share, ['quotes', 'counts'] as const);
      const problems = filterProblems(filter, study);
      if (problems.length > 0) throw new UsageError(problems.join('\n  '));
      const coders = chooseCoders(study, opts.coder);
      const names = coders.map((c) => c.name);
      const selected = selectFragments(
        {
          fragments: study.fragments,
          groups: study.groups,
          respondents: study.respondents,
          labels: labelsByFragment(study.codings, names, study.fragmentIndex),
          seen: seenByCoders(coders),
        },
        filter,
      );
      const result = {
        study: study.config.study,
        description: describeFilter(filter),
        coders: names,
        fragments: describeFragments(selected, study, coders),
      };
      const options = { share, ...(opts.context ? { context: true } : {}), excel: opts.excel };
      if (share === 'quotes') await saveKey(study);
      writeResult(
        format === 'csv'
          ? retrieveCsv(result, options)
          : format === 'json'
            ? retrieveJson(result, options)
            : retrieveMarkdown(result, options),
      );
    });
}
