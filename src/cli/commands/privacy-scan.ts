import type { Command } from 'commander';
import { append } from '../../core/append.js';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { error, InputError, warning, type Diagnostic } from '../../core/diagnostics.js';
import { readDraft } from '../../io/read-draft.js';
import { readTextFile } from '../../io/read-text-file.js';
import { parseNamesCsv } from '../../privacy/key-file.js';
import type { NameEntry } from '../../privacy/pseudonymise.js';
import { nameMatcher } from '../../privacy/detect-identifiers.js';
import { scanFileText } from '../../privacy/scan-text.js';
import { loadStudy, resolveConfigPath, shown } from '../../study/load-study.js';
import { formatDiagnostic } from '../../core/diagnostics.js';
import { say, summarise, writeResult } from '../console.js';
import { choice } from '../study-session.js';

const SCANNED = new Set([
  '.txt',
  '.md',
  '.markdown',
  '.csv',
  '.tsv',
  '.json',
  '.html',
  '.htm',
  '.vtt',
  '.srt',
  '.xml',
  '.qdc',
  '.docx',
  '.qdpx',
]);

async function listFiles(path: string, out: string[]): Promise<void> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new InputError([error(shown(path), undefined, 'io/unreadable', 'file not found')]);
  // Anything named that is not a folder is read as a file: a pipe or a device is then refused with its reason.
  if (!info.isDirectory()) {
    out.push(path);
    return;
  }
  for (const entry of (await readdir(path, { withFileTypes: true })).sort((a, b) =>
    a.name < b.name ? -1 : 1,
  )) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const child = join(path, entry.name);
    if (entry.isDirectory()) await listFiles(child, out);
    else if (SCANNED.has(extname(entry.name).toLowerCase())) out.push(child);
  }
}

/** The text entries of a REFI-QDA project (project.qde, sources/*.txt), or why they cannot be read. */
async function qdpxEntries(file: string): Promise<Map<string, string> | string> {
  const JSZip = (await import('jszip')).default;
  const zip = await JSZip.loadAsync(await readFile(file)).catch(() => undefined);
  if (!zip) return 'not a .qdpx (ZIP) file';
  const out = new Map<string, string>();
  for (const entry of Object.values(zip.files))
    if (!entry.dir && /\.(?:qde|txt|xml)$/i.test(entry.name))
      out.set(entry.name, await entry.async('string'));
  return out;
}

export function registerPrivacyScan(program: Command): void {
  program
    .command('privacy-scan')
    .description(
      'scan sources, the source book, reports or exports for names, phone numbers, e-mail addresses, URLs, @handles, postcodes, IBANs, BSNs and dates of birth; exit 1 if any is found',
    )
    .argument(
      '<path...>',
      'files or folders to scan (.txt .md .csv .json .html .vtt .srt .xml .qdc .qdpx .docx)',
    )
    .option(
      '-s, --study <study>',
      "take the names file from this study's config (default: the study in the working folder, if any)",
    )
    .option('--names <file>', 'a names file (name,pseudonym) to look for')
    .option('--format <format>', 'text or json', 'text')
    .addHelpText(
      'after',
      '\nExamples:\n  $ qualkit privacy-scan reports/\n  reports/source-book.csv:14:22: error phone "06••••••78" [privacy/phone]\n  $ qualkit privacy-scan export/ --study data-sample\n\nValues are shown masked; every finding in every file is listed. Markdown, HTML, XML and JSON escapes are undone first.\nThe study\'s key file and names file are never scanned (they hold the originals by design); a file that is not text is reported and skipped.\nExit code 1 when something is found.',
    )
    .action(async (paths: string[], opts: { study?: string; names?: string; format: string }) => {
      const format = choice('--format', opts.format, ['text', 'json'] as const);
      const diagnostics: Diagnostic[] = [];
      const nameList: NameEntry[] = [];
      let keyFile: string | undefined;
      const namesFiles = new Set<string>();
      const studyPath =
        opts.study ??
        (await resolveConfigPath('.').then(
          () => '.',
          () => undefined,
        ));
      if (studyPath !== undefined) {
        const study = await loadStudy(studyPath, { codings: false });
        keyFile = study.privacy.keyFile;
        if (study.config.privacy.names) {
          const abs = resolve(study.root, study.config.privacy.names);
          namesFiles.add(abs);
          append(nameList, parseNamesCsv(await readTextFile(abs, shown(abs)), shown(abs)).names);
        }
      }
      if (opts.names) {
        const parsed = parseNamesCsv(await readTextFile(resolve(opts.names), opts.names), opts.names);
        if (parsed.diagnostics.length > 0) throw new InputError(parsed.diagnostics);
        namesFiles.add(resolve(opts.names));
        append(nameList, parsed.names);
      }
      const names = nameMatcher(nameList);
      const files: string[] = [];
      for (const p of paths) await listFiles(resolve(p), files);
      // A file named on the command line that cannot be scanned fails the scan (it was asked
      // for by name); one found in a folder is a warning and the scan goes on.
      const named = new Set(files.filter((f) => paths.some((p) => resolve(p) === f)));
      const notScanned = (file: string, line: number | undefined, message: string) =>
        (named.has(file) ? error : warning)(shown(file), line, 'privacy/not-scanned', message);
      let scanned = 0;
      for (const file of files) {
        if (file === keyFile || basename(file) === 'qualkit-key.csv') {
          diagnostics.push(
            warning(
              shown(file),
              undefined,
              'privacy/key-file-skipped',
              'the key file holds the originals by design; keep it out of anything you share',
            ),
          );
          continue;
        }
        if (namesFiles.has(file)) {
          diagnostics.push(
            warning(
              shown(file),
              undefined,
              'privacy/names-file-skipped',
              'the names file holds the real names by design; keep it out of anything you share',
            ),
          );
          continue;
        }
        if (file.toLowerCase().endsWith('.qdpx')) {
          const entries = await qdpxEntries(file);
          if (typeof entries === 'string')
            diagnostics.push(notScanned(file, undefined, `not scanned: ${entries}`));
          else {
            for (const [name, text] of entries)
              append(diagnostics, scanFileText(text, `${shown(file)}:${name}`, names));
            scanned++;
          }
          continue;
        }
        // A file that cannot be read as text (binary, damaged) is reported and the scan goes on.
        const text = await (
          file.toLowerCase().endsWith('.docx')
            ? readDraft(file, shown(file))
            : readTextFile(file, shown(file))
        ).catch((e: unknown) => {
          if (!(e instanceof InputError)) throw e;
          for (const d of e.diagnostics)
            diagnostics.push(notScanned(file, d.line, `not scanned: ${d.message}; check it by hand`));
          return undefined;
        });
        if (text === undefined) continue;
        // Every finding is listed, in every file, however often the same value occurs.
        append(diagnostics, scanFileText(text, shown(file), names));
        scanned++;
      }
      if (format === 'json')
        writeResult(`${JSON.stringify({ files: scanned, findings: diagnostics }, null, 2)}\n`);
      else for (const d of diagnostics) writeResult(`${formatDiagnostic(d)}\n`);
      say(
        `${scanned} file(s) scanned${nameList.length > 0 ? ` (names file: ${nameList.length} name(s))` : ' (no names file)'}: ${summarise(diagnostics).replace(/errors?/, (w) => (w === 'error' ? 'finding' : 'findings'))}`,
      );
      if (diagnostics.some((d) => d.severity === 'error')) process.exitCode = 1;
    });
}
