import type { Command } from 'commander';
import { readTextFile } from '../../io/read-text-file.js';
import { resolve } from 'node:path';
import { loadThemeSet } from '../../themes/load-theme-set.js';
import { sayDiagnostics } from '../console.js';
import { choice, chooseCoders, loadCheckedStudy, saveKey, writeScannedResult } from '../study-session.js';

interface TriangulateOptions {
  themes: string;
  format?: string;
  template?: string;
  coder?: string[];
  share?: string;
  byType?: boolean;
  needs?: boolean;
  signalMap?: boolean;
  title?: string;
  typeAttribute: string;
}

export function registerTriangulate(program: Command): void {
  program
    .command('triangulate')
    .description(
      'set the source groups side by side per theme: convergence matrix with verdicts (agreement, partial agreement, silence, dissonance), quotes, a signal map, and needs per respondent type',
    )
    .argument('[study]', 'study folder (with qualkit.json) or config file', '.')
    .requiredOption('--themes <set>', 'barriers, signals, needs (shipped in themes/) or a theme-set CSV')
    .option('--format <format>', "md, html or json (default: md, or the --template's kind)")
    .option(
      '--template <file>',
      'your own Handlebars template (.md.hbs or .html.hbs) over the documented data model',
    )
    .option('--coder <name...>', "only these coders' codings (default: all coders, merged)")
    .option('--share <level>', 'quotes or counts (no fragment text); default: config "privacy.share"')
    .option('--needs', 'add needs × respondent type (default only for the shipped needs set)')
    .option('--no-needs', 'leave needs × respondent type out')
    .option('--by-type', 'the same as --needs')
    .option('--signal-map', 'add the signal map (default only for the shipped signals set)')
    .option('--no-signal-map', 'leave the signal map out')
    .option(
      '--title <text>',
      'the report\'s title (default: the shipped set\'s, else "Triangulation: <file name>")',
    )
    .option('--type-attribute <name>', 'respondent attribute holding the respondent type', 'type')
    .addHelpText(
      'after',
      '\nExamples:\n  $ qualkit triangulate data-sample --themes barriers\n  $ qualkit triangulate data-sample --themes signals --format html > signalenkaart.html\n  $ qualkit triangulate data-sample --themes needs --template my-needs.md.hbs\n  $ qualkit triangulate my-study --themes my-needs.csv --needs',
    )
    .action(async (studyPath: string, opts: TriangulateOptions) => {
      const study = await loadCheckedStudy(studyPath);
      const format =
        opts.format !== undefined
          ? choice('--format', opts.format, ['md', 'html', 'json'] as const)
          : opts.template?.toLowerCase().endsWith('.html.hbs')
            ? 'html'
            : 'md';
      const share =
        opts.share === undefined
          ? study.config.privacy.share
          : choice('--share', opts.share, ['quotes', 'counts'] as const);
      const chosen = new Set(chooseCoders(study, opts.coder).map((c) => c.name));
      const codings = study.codings.filter((c) => chosen.has(c.coder));
      const { loadTemplate, renderTemplate } = await import('../../report/render-report.js');
      const { triangulationData } = await import('../../report/triangulation-files.js');
      const set = await loadThemeSet(opts.themes, process.cwd(), study.codebooks);
      sayDiagnostics(set.warnings);
      const data = triangulationData(study, set, {
        codings,
        quotes: share === 'quotes',
        byType: opts.byType ? true : opts.needs,
        signalMap: opts.signalMap,
        typeAttribute: opts.typeAttribute,
        title: opts.title,
      });
      if (share === 'quotes') await saveKey(study);
      if (format === 'json')
        return writeScannedResult(study, `${JSON.stringify(data, null, 2)}\n`, 'triangulation.json');
      const template =
        opts.template !== undefined
          ? await readTextFile(resolve(opts.template), opts.template, 'template')
          : await loadTemplate(`triangulation.${format}.hbs`);
      writeScannedResult(study, renderTemplate(template, data, format), `triangulation.${format}`);
    });
}
