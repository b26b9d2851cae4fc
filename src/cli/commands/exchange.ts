import type { Command } from 'commander';
import { mkdir, realpath, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { error, InputError, UsageError } from '../../core/diagnostics.js';
import { VERSION } from '../../core/version.js';
import { writeFileAtomic } from '../../io/write-file-atomic.js';
import { writeFiles } from '../../io/write-files.js';
import { readTextFile } from '../../io/read-text-file.js';
import { readRegularFile } from '../../io/read-regular-file.js';
import { shown } from '../../study/load-study.js';
import { say } from '../console.js';
import { progress } from '../progress.js';
import { choice, loadCheckedStudy, outputDir, refuseOverwritingInputs, saveKey } from '../study-session.js';
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
      refuseOverwritingInputs(
        study,
        files.map((f) => f.path),
      );
      progress().stage('writing codebooks', files.length, 'codebooks');
      await writeFiles(files, (path, content) =>
        writeFileAtomic(path, content).then(() => progress().step()),
      );
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
      progress().stage('building the project');
      const project = exportProject(
        study,
        { coders: study.config.coders.map((c) => c.name) },
        `qualkit ${VERSION}`,
        { quotes: share === 'quotes' },
      );
      // The same scan as `run`, over the final text of every entry: the project XML (study
      // name, memos, respondent attributes, source names) and every source.
      progress().stage('scanning for identifiers', project.sources.size + 1, 'entries');
      const leaks = [
        ...scanFileText(project.qde, `${shown(target)}:project.qde`, study.privacy.names),
        ...[...project.sources].flatMap(([name, text]) => {
          progress().step();
          return scanFileText(text, `${shown(target)}:sources/${name}`, study.privacy.names);
        }),
      ];
      if (leaks.length > 0) throw leakError(leaks, shown(target), 'the export');
      refuseOverwritingInputs(study, [target]);
      progress().stage('compressing', 100, '%');
      const zip = new JSZip();
      const date = new Date(Date.UTC(2000, 0, 1));
      zip.file('project.qde', project.qde, { date, createFolders: false });
      for (const [name, text] of project.sources)
        zip.file(`sources/${name}`, text, { date, createFolders: false });
      let percent = 0;
      const bytes = await zip.generateAsync(
        { type: 'nodebuffer', compression: 'DEFLATE', platform: 'UNIX' },
        (m) => {
          progress().step(Math.floor(m.percent) - percent);
          percent = Math.floor(m.percent);
        },
      );
      progress().stage('writing the project');
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
    .option('--force', 'overwrite the codebook CSV if it exists')
    .option(
      '--subquestion <n>',
      'the sub-question the codebook belongs to (default: the digits in its file name)',
    )
    .addHelpText(
      'after',
      '\nExample:\n  $ qualkit import qdc export/dv3.qdc -o codebooks/dv3.csv\n\nAn existing codebook CSV is not overwritten without --force.',
    )
    .action(async (file: string, opts: { out?: string; subquestion?: string; force?: boolean }) => {
      const { parseXml, childElement, childElements } = await import('../../refi-qda/parse-xml.js');
      const { readCodeTree, codesToCodebooks, checkCodeTree } =
        await import('../../refi-qda/import-codes.js');
      const { codebookCsv } = await import('../../refi-qda/codebook-csv.js');
      const path = resolve(file);
      progress().stage('reading the codebook');
      const doc = parseXml(await readTextFile(path, shown(path), 'REFI-QDA file'), shown(path));
      const root = doc.documentElement;
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
      const codes = childElements(childElement(root, 'Codes') ?? root, 'Code');
      checkCodeTree(codes, shown(path));
      const { codebooks, notes } = codesToCodebooks(readCodeTree(codes), id);
      const codebook = codebooks[0]!;
      codebook.subquestion = opts.subquestion ?? /\d+/.exec(id)?.[0] ?? '';
      const out = opts.out ? resolve(opts.out) : path.replace(/\.qdc$/i, '') + '.csv';
      const existing = await stat(out).catch(() => undefined);
      if (existing?.isFile() && (await realpath(out)) === (await realpath(path)))
        throw new UsageError(`${shown(out)} is the .qdc being imported; give another -o`);
      // Like import qdpx, which refuses a folder that is not empty: an existing codebook is kept.
      if (existing?.isFile() && !opts.force)
        throw new UsageError(`${shown(out)} exists; give --force to overwrite it, or another file with -o`);
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
      const { readQdpx } = await import('../../refi-qda/read-qdpx.js');
      const { importNotesMarkdown } = await import('../../refi-qda/import-notes.js');
      const JSZip = (await import('jszip')).default;
      const path = resolve(file);
      const bytes = readRegularFile(path, shown(path), 'REFI-QDA file');
      progress().stage('opening the project');
      const zip = await JSZip.loadAsync(bytes).catch(() => {
        throw new InputError([error(shown(path), undefined, 'refi/not-qdpx', 'not a .qdpx (ZIP) file')]);
      });
      progress().stage('reading sources');
      const contents = await readQdpx(zip, shown(path));
      const where = `${shown(path)}:${contents.qdeName}`;
      progress().stage('mapping codes, cases and codings');
      const doc = parseXml(contents.qde, where);
      const id = basename(path)
        .replace(/\.qdpx$/i, '')
        .replace(/[^A-Za-z0-9_-]+/g, '-');
      const result = importProject(
        doc,
        (p) => contents.sources.get(p.replace(/^internal:\/\//i, '').toLowerCase()),
        id,
        where,
      );
      result.notes.unshift(...contents.notes);
      const out = resolve(opts.out);
      await mkdir(out, { recursive: true });
      const { readdir } = await import('node:fs/promises');
      if ((await readdir(out)).length > 0)
        throw new UsageError(`${shown(out)} is not empty; import into a new folder`);
      progress().stage('writing the study', result.files.size + 1, 'files');
      await writeFiles(
        [
          ...[...result.files].map(([name, content]) => ({ path: join(out, name), content })),
          {
            path: join(out, 'IMPORT-NOTES.md'),
            content: importNotesMarkdown(basename(path), result.notes, result.texts),
          },
        ],
        (p, content) => writeFileAtomic(p, content).then(() => progress().step()),
      );
      for (const n of result.notes) say(n.startsWith('  ') ? `note:   ${n.trim()}` : `note: ${n}`);
      const c = result.counts;
      say(
        `${result.codebooks.length} codebook(s), ${c.respondents} respondents, ${c.fragments} fragments in ${c.sources} sources, ${c.codings} codings by ${c.coders} coder(s) → ${shown(out)}/ (notes in IMPORT-NOTES.md)`,
      );
    });
}
