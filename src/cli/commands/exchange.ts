import type { Command } from 'commander';
import { mkdir, readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { error, InputError, UsageError } from '../../core/diagnostics.js';
import { VERSION } from '../../core/version.js';
import { writeFileAtomic } from '../../io/write-file-atomic.js';
import { readTextFile } from '../../io/read-text-file.js';
import { shown } from '../../study/load-study.js';
import { say } from '../console.js';
import { choice, loadCheckedStudy, outputDir, saveKey } from '../study-session.js';
import { leakError, scanFileText } from '../../privacy/scan-text.js';

/**
 * REFI-QDA exchange (QDA-XML 1.0) with ATLAS.ti, NVivo, MAXQDA and QualCoder. The XML
 * and ZIP modules are loaded only by these commands.
 */
export function registerExchange(program: Command): void {
  const exp = program
    .command('export')
    .description(
      'export to REFI-QDA for ATLAS.ti, NVivo, MAXQDA and QualCoder: codebooks (.qdc) or the whole project (.qdpx)',
    );
  exp
    .command('qdc')
    .description(
      'write each codebook as a REFI-QDA codebook: main labels as non-codable parents, core labels as codable children, stable GUIDs',
    )
    .argument('[study]', 'study folder (with qualkit.json) or config file', '.')
    .option('-o, --out <dir>', 'folder for <codebook>.qdc (default: config "output", else ./reports)')
    .addHelpText(
      'after',
      '\nExample:\n  $ qualkit export qdc data-sample -o exchange/   # exchange/dv2.qdc, dv3.qdc, dv4.qdc',
    )
    .action(async (studyPath: string, opts: { out?: string }) => {
      const { exportCodebookQdc } = await import('../../refi-qda/export-codebook.js');
      const study = await loadCheckedStudy(studyPath);
      const dir = outputDir(study, opts.out);
      const files = study.codebooks.map((cb) => ({
        path: join(dir, `${cb.id}.qdc`),
        content: exportCodebookQdc(study.config.study, cb, `qualkit ${VERSION}`),
      }));
      // The same scan as `run`: study name, labels and definitions.
      const leaks = files.flatMap((f) => scanFileText(f.content, shown(f.path), study.privacy.names));
      if (leaks.length > 0) throw leakError(leaks, shown(dir), 'the export');
      for (const f of files) await writeFileAtomic(f.path, f.content);
      say(
        `${study.codebooks.length} codebook(s) → ${study.codebooks.map((cb) => shown(join(dir, `${cb.id}.qdc`))).join(', ')}`,
      );
    });
  exp
    .command('qdpx')
    .description(
      'write the study as a REFI-QDA project: sources as plain text, fragments as selections (code-point offsets), coders as users, codings, respondents as cases with variables',
    )
    .argument('[study]', 'study folder (with qualkit.json) or config file', '.')
    .option('-o, --out <file>', 'the .qdpx to write (default: <output>/<study folder>.qdpx)')
    .option(
      '--share <level>',
      'quotes (with source text) or counts (codebook, coders and cases only); default: config "privacy.share"',
    )
    .addHelpText(
      'after',
      '\nExample:\n  $ qualkit export qdpx data-sample -o stille-signalen.qdpx\n\nOnly pseudonymised text is exported; the export is scanned for identifiers first.',
    )
    .action(async (studyPath: string, opts: { out?: string; share?: string }) => {
      const { exportProject } = await import('../../refi-qda/export-project.js');
      const JSZip = (await import('jszip')).default;
      const study = await loadCheckedStudy(studyPath);
      const share =
        opts.share === undefined
          ? study.config.privacy.share
          : choice('--share', opts.share, ['quotes', 'counts'] as const);
      const target = opts.out
        ? resolve(opts.out)
        : join(outputDir(study, undefined), `${basename(study.root)}.qdpx`);
      const project = exportProject(
        study,
        { coders: study.config.coders.map((c) => c.name) },
        `qualkit ${VERSION}`,
        { quotes: share === 'quotes' },
      );
      // The same scan as `run`, over the final text of every entry: the project XML (study
      // name, memos, respondent attributes, source names) and every source.
      const leaks = [
        ...scanFileText(project.qde, `${shown(target)}:project.qde`, study.privacy.names),
        ...[...project.sources].flatMap(([name, text]) =>
          scanFileText(text, `${shown(target)}:sources/${name}`, study.privacy.names),
        ),
      ];
      if (leaks.length > 0) throw leakError(leaks, shown(target), 'the export');
      const zip = new JSZip();
      const date = new Date(Date.UTC(2000, 0, 1));
      zip.file('project.qde', project.qde, { date, createFolders: false });
      for (const [name, text] of project.sources)
        zip.file(`sources/${name}`, text, { date, createFolders: false });
      const bytes = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', platform: 'UNIX' });
      await saveKey(study);
      await writeFileAtomic(target, bytes);
      for (const n of project.notes) say(`note: ${n}`);
      say(
        `${study.fragments.length} fragments in ${project.sources.size} sources, ${study.codings.length} codings → ${shown(target)}`,
      );
    });

  const imp = program
    .command('import')
    .description(
      'import from REFI-QDA: a codebook (.qdc) or a project (.qdpx) from ATLAS.ti, NVivo, MAXQDA or QualCoder',
    );
  imp
    .command('qdc')
    .description(
      'turn a REFI-QDA codebook into a qualkit codebook CSV (nesting deeper than two levels is flattened, with a note)',
    )
    .argument('<file>', 'the .qdc')
    .option('-o, --out <file>', 'the codebook CSV to write (default: <file name>.csv beside it)')
    .option(
      '--subquestion <n>',
      'the sub-question the codebook belongs to (default: the digits in its file name)',
    )
    .addHelpText('after', '\nExample:\n  $ qualkit import qdc export/dv3.qdc -o codebooks/dv3.csv')
    .action(async (file: string, opts: { out?: string; subquestion?: string }) => {
      const { parseXml, childElement, childElements } = await import('../../refi-qda/parse-xml.js');
      const { readCodeTree, codesToCodebooks } = await import('../../refi-qda/import-codes.js');
      const { codebookCsv } = await import('../../refi-qda/codebook-csv.js');
      const path = resolve(file);
      const doc = parseXml(await readTextFile(path, shown(path)), shown(path));
      const root = doc.documentElement!;
      if (root.localName !== 'CodeBook')
        throw new InputError([
          error(
            shown(path),
            undefined,
            'refi/not-codebook',
            `Unexpected root element <${root.localName}>, expected <CodeBook> (a .qdc file)`,
          ),
        ]);
      const id = basename(path)
        .replace(/\.qdc$/i, '')
        .replace(/[^A-Za-z0-9_-]+/g, '-');
      const { codebooks, notes } = codesToCodebooks(
        readCodeTree(childElements(childElement(root, 'Codes') ?? root, 'Code')),
        id,
      );
      const codebook = codebooks[0]!;
      codebook.subquestion = opts.subquestion ?? /\d+/.exec(id)?.[0] ?? '';
      const out = opts.out ? resolve(opts.out) : path.replace(/\.qdc$/i, '') + '.csv';
      await writeFileAtomic(out, codebookCsv(codebook));
      for (const n of notes) say(`note: ${n}`);
      say(
        `${codebook.mains.length} main labels, ${codebook.mains.reduce((n, m) => n + m.cores.length, 0)} core labels → ${shown(out)}`,
      );
    });
  imp
    .command('qdpx')
    .description(
      'turn a REFI-QDA project into a qualkit study folder: codebooks, sources, coded selections as fragments, users as coders, cases as respondents; what cannot be mapped is listed',
    )
    .argument('<file>', 'the .qdpx')
    .requiredOption('-o, --out <folder>', 'the study folder to create (must not exist or be empty)')
    .addHelpText(
      'after',
      '\nExample:\n  $ qualkit import qdpx nvivo-export.qdpx -o imported-study\n  $ qualkit validate imported-study',
    )
    .action(async (file: string, opts: { out: string }) => {
      const { parseXml } = await import('../../refi-qda/parse-xml.js');
      const { importProject } = await import('../../refi-qda/import-project.js');
      const JSZip = (await import('jszip')).default;
      const path = resolve(file);
      const bytes = await readFile(path).catch(() => {
        throw new InputError([error(shown(path), undefined, 'io/unreadable', 'file not found')]);
      });
      const zip = await JSZip.loadAsync(bytes).catch(() => {
        throw new InputError([error(shown(path), undefined, 'refi/not-qdpx', 'not a .qdpx (ZIP) file')]);
      });
      const entries = Object.values(zip.files).filter((f) => !f.dir);
      const qde =
        entries.find((f) => f.name.toLowerCase() === 'project.qde') ??
        entries.find((f) => /^[^/]+\.qde$/i.test(f.name));
      if (!qde)
        throw new InputError([
          error(shown(path), undefined, 'refi/no-project', 'no project.qde in the .qdpx'),
        ]);
      const sources = new Map<string, string>();
      for (const f of entries)
        if (/^sources\/[^/]+\.txt$/i.test(f.name))
          sources.set(
            f.name.slice(f.name.indexOf('/') + 1).toLowerCase(),
            (await f.async('string')).replace(/^\uFEFF/, ''),
          );
      const doc = parseXml(await qde.async('string'), `${shown(path)}:${qde.name}`);
      const id = basename(path)
        .replace(/\.qdpx$/i, '')
        .replace(/[^A-Za-z0-9_-]+/g, '-');
      const result = importProject(
        doc,
        (p) => sources.get(p.replace(/^internal:\/\//i, '').toLowerCase()),
        id,
      );
      const out = resolve(opts.out);
      await mkdir(out, { recursive: true });
      const { readdir } = await import('node:fs/promises');
      if ((await readdir(out)).length > 0)
        throw new UsageError(`${shown(out)} is not empty; import into a new folder`);
      for (const [name, content] of result.files) await writeFileAtomic(join(out, name), content);
      const notes =
        result.notes.length > 0
          ? result.notes.map((n) => `- ${n}`).join('\n')
          : '- nothing: everything was mapped';
      await writeFileAtomic(
        join(out, 'IMPORT-NOTES.md'),
        `# Imported from ${basename(path)}\n\nWhat could not be mapped as it was:\n\n${notes}\n`,
      );
      for (const n of result.notes) say(`note: ${n}`);
      const c = result.counts;
      say(
        `${result.codebooks.length} codebook(s), ${c.respondents} respondents, ${c.fragments} fragments in ${c.sources} sources, ${c.codings} codings by ${c.coders} coder(s) → ${shown(out)}/ (notes in IMPORT-NOTES.md)`,
      );
    });
}
