import { stat } from 'node:fs/promises';
import { readRegularFile } from '../io/read-regular-file.js';
import { append } from '../core/append.js';
import { dirname, join, resolve } from 'node:path';
import type { Codebook } from '../codebook/codebook.js';
import { parseCodebook } from '../codebook/parse-codebook.js';
import type { Coding } from '../codings/coding.js';
import { parseCodings } from '../codings/parse-codings.js';
import { checkExclusiveLabels, validateCodings } from '../codings/validate-codings.js';
import { inScope, scopeNamesSources } from '../config/coder-scope.js';
import { locateJsonPath } from '../config/locate-json-path.js';
import type { RespondentConfig, StudyConfig } from '../config/study-config.js';
import { silentProgress, type ProgressReporter } from '../core/progress-reporter.js';
import { error, InputError, warning, type Diagnostic } from '../core/diagnostics.js';
import { compareRespondentIds } from '../core/fragment-code.js';
import type { Fragment, SourceTranscript } from '../fragments/fragment.js';
import { FragmentIndex } from '../fragments/fragment-index.js';
import {
  countFragments,
  fragmentsFromCounts,
  readFragmentCache,
  sourcesFingerprint,
  writeFragmentCache,
} from './fragment-cache.js';
import { readTextFile } from '../io/read-text-file.js';
import type { Study } from './study.js';
import { readOrReport } from './read-or-report.js';
import { visitSources } from './read-sources.js';
import { shown } from './shown-path.js';

export { shown };
import { decodeKeyBytes, parseKeyCsv, parseNamesCsv } from '../privacy/key-file.js';
import { nameMatcher } from '../privacy/detect-identifiers.js';
import { Pseudonymiser, type KeyEntry, type NameEntry } from '../privacy/pseudonymise.js';
import { pseudonymiseStudyText } from '../privacy/pseudonymise-study.js';

export const CONFIG_NAMES = ['qualkit.json'];

/** Finds the config: the path itself if it is a file, else `qualkit.json` inside the folder. */
export async function resolveConfigPath(studyPath: string): Promise<string> {
  const abs = resolve(studyPath);
  const info = await stat(abs).catch(() => undefined);
  if (!info)
    throw new InputError([
      error(shown(abs), undefined, 'study/not-found', 'No such study folder or config file'),
    ]);
  if (info.isFile()) return abs;
  for (const name of CONFIG_NAMES) {
    const candidate = join(abs, name);
    if (await stat(candidate).catch(() => undefined)) return candidate;
  }
  throw new InputError([
    error(
      shown(abs),
      undefined,
      'study/no-config',
      `No ${CONFIG_NAMES.join(' or ')} in this folder; a study folder needs one (see README, "Study folder")`,
    ),
  ]);
}

/**
 * Reads a study folder: config, codebooks, every source (each through the reader for its
 * format), fragments, and every coder's codings. Never stops at the first problem: all
 * diagnostics are collected in `study.diagnostics`. Throws InputError only when the
 * config itself cannot be read or is invalid, since nothing else can be checked then.
 * `codings: false` skips the codings files (the source book does not need them).
 * `stream` receives each respondent's (pseudonymised) fragments and transcripts in turn
 * instead of the study keeping them: the study then has no fragments, and codings are not
 * checked against them (use it with `codings: false`).
 */
export async function loadStudy(
  studyPath: string,
  options: {
    codings?: boolean;
    /** false: do not keep the transcripts (only the source book and the language check need them). */
    transcripts?: boolean;
    stream?: (fragments: Fragment[], transcripts: SourceTranscript[]) => void | Promise<void>;
    /** Called once the config and names file are read, before any source is; `names` matches the names file's names. */
    onConfig?: (config: StudyConfig, root: string, names: RegExp | undefined) => void | Promise<void>;
    /**
     * The caller uses only fragment codes, groups and respondents, never text, speaker,
     * source or line: the fragments may then come from the fragment cache (see
     * fragment-cache.ts) with those fields empty, instead of reading every source.
     */
    codesOnly?: boolean;
    /** Told the stages (reading and numbering sources, checking codings) and how far they are. */
    progress?: ProgressReporter;
    /** Only these coders' codings files are read (the coding page edits one coder's). */
    coders?: readonly string[];
    /** Given each coder's codings file as read (the coding page then need not read it again). */
    onCodingsText?: (coder: string, text: string) => void;
  } = {},
): Promise<Study> {
  const progress = options.progress ?? silentProgress;
  const configFile = await resolveConfigPath(studyPath);
  const root = dirname(configFile);
  const configText = await readTextFile(configFile, shown(configFile), 'config');
  // zod (the config schema) is loaded when a study is read, not at start-up.
  const { formatJsonPath, parseConfig } = await import('../config/parse-config.js');
  const parsed = parseConfig(configText, shown(configFile));
  if (!parsed.config) throw new InputError(parsed.diagnostics);
  const config = parsed.config;
  const diagnostics: Diagnostic[] = [...parsed.diagnostics];
  if (parsed.diagnostics.some((d) => d.severity === 'error')) throw new InputError(diagnostics);
  const configAt = (
    path: (string | number)[],
    rule: string,
    message: string,
    severity: 'error' | 'warning' = 'error',
  ) =>
    diagnostics.push(
      (severity === 'error' ? error : warning)(
        shown(configFile),
        locateJsonPath(configText, path),
        rule,
        `${formatJsonPath(path)}: ${message}`,
      ),
    );

  const codebooks: Codebook[] = [];
  for (const ref of config.codebooks) {
    const abs = resolve(root, ref.file);
    const text = await readOrReport(abs, diagnostics, 'codebook');
    if (text === undefined) continue;
    const result = parseCodebook(text, shown(abs), ref.id);
    if (ref.question !== undefined) result.codebook.question = ref.question;
    codebooks.push(result.codebook);
    append(diagnostics, result.diagnostics);
  }
  const codebookOfGroup = new Map<string, Codebook>();
  for (const g of config.groups) {
    const cb = codebooks.find((c) => c.id === g.codebook);
    if (cb) codebookOfGroup.set(g.letter, cb);
  }

  const keyFile = resolve(root, config.privacy.key);
  let pseudonymiser: Pseudonymiser | undefined;
  // The names file is read even with pseudonymisation off: every output is scanned for its names.
  let names: NameEntry[] = [];
  if (config.privacy.names !== undefined) {
    const abs = resolve(root, config.privacy.names);
    const text = await readOrReport(abs, diagnostics, 'names file');
    if (text !== undefined) {
      const parsedNames = parseNamesCsv(text, shown(abs));
      append(diagnostics, parsedNames.diagnostics);
      names = parsedNames.names;
    }
  }
  if (config.privacy.pseudonymise) {
    let existing: KeyEntry[] = [];
    // A missing key is a first run; a damaged one is an error (never read short and overwritten),
    // and so is a key that is there but cannot be read (a pipe, too large).
    let keyBytes: Buffer | undefined;
    try {
      keyBytes = readRegularFile(keyFile, shown(keyFile), 'key file');
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      if (e.diagnostics.some((d) => d.rule !== 'io/unreadable' || d.message !== 'file not found'))
        append(diagnostics, e.diagnostics);
    }
    const decoded = keyBytes === undefined ? { diagnostics: [] } : decodeKeyBytes(keyBytes, shown(keyFile));
    append(diagnostics, decoded.diagnostics);
    if (decoded.text !== undefined) {
      const parsedKey = parseKeyCsv(decoded.text, shown(keyFile));
      append(diagnostics, parsedKey.diagnostics);
      existing = parsedKey.entries;
    }
    pseudonymiser = new Pseudonymiser(names, existing);
  }
  const namePattern = pseudonymiser?.namePattern() ?? nameMatcher(names);
  await options.onConfig?.(config, root, namePattern);
  let fragments: Fragment[] = [];
  const transcripts: SourceTranscript[] = [];
  // Scopes naming source files need each fragment's source, which the cache does not keep.
  const fingerprint =
    options.codesOnly &&
    !options.stream &&
    !scopeNamesSources(
      config.coders.map((c) => c.scope),
      new Set(config.sources.map((s) => s.file)),
    )
      ? sourcesFingerprint(configText, config, root)
      : undefined;
  const cached = fingerprint === undefined ? undefined : await readFragmentCache(root, fingerprint);
  let read: { discovered: RespondentConfig[] };
  if (cached) {
    fragments = fragmentsFromCounts(cached.respondents);
    read = { discovered: cached.discovered };
  } else {
    const before = diagnostics.length;
    // Transcripts are made only when kept, streamed or needed to number placeholders in conversation order.
    const withTranscripts =
      options.stream !== undefined ||
      (options.transcripts !== false && !options.codesOnly) ||
      pseudonymiser !== undefined;
    read = await visitSources(
      config,
      root,
      diagnostics,
      configAt,
      withTranscripts,
      progress,
      async (f, t) => {
        // Pseudonymised before anything else sees the text; the same values keep their placeholders study-wide.
        const safe = pseudonymiser
          ? pseudonymiseStudyText(pseudonymiser, t, f)
          : { fragments: f, transcripts: t };
        if (options.stream) await options.stream(safe.fragments, safe.transcripts);
        else {
          append(fragments, safe.fragments);
          if (options.transcripts !== false && !options.codesOnly) append(transcripts, safe.transcripts);
        }
      },
    );
    // Remembered only when reading the sources found nothing to report, so a cached run says the same.
    if (fingerprint !== undefined && diagnostics.length === before)
      await writeFragmentCache(root, fingerprint, {
        respondents: countFragments(fragments),
        discovered: read.discovered,
      });
  }
  const fragmentIndex = new FragmentIndex(fragments);

  const codings: Coding[] = [];
  if (options.codings !== false && config.coders.length > 0)
    progress.stage('checking codings', config.coders.length, 'files');
  for (const [i, coder] of options.codings === false ? [] : config.coders.entries()) {
    if (i > 0) progress.step();
    if (options.coders && !options.coders.includes(coder.name)) continue;
    const abs = resolve(root, coder.file);
    // A consensus coder's file is made by the meeting's first decision (`qualkit consensus`).
    if (coder.consensus && !(await stat(abs).catch(() => undefined))) continue;
    const text = await readOrReport(abs, diagnostics, 'codings');
    if (text === undefined) continue;
    options.onCodingsText?.(coder.name, text);
    const parsedCodings = parseCodings(text, shown(abs), coder.name, (code) => fragmentIndex.get(code)?.code);
    append(diagnostics, parsedCodings.diagnostics);
    const checked = validateCodings(parsedCodings.codings, fragmentIndex, codebookOfGroup);
    append(diagnostics, checked.diagnostics);
    append(diagnostics, checkExclusiveLabels(checked.valid, codebookOfGroup));
    if (coder.scope) {
      for (const c of checked.valid) {
        const fragment = fragmentIndex.get(c.fragment);
        if (fragment && !inScope(coder.scope, fragment))
          diagnostics.push(
            warning(
              c.file,
              c.line,
              'codings/out-of-scope',
              `Fragment ${c.fragment} is outside coder ${coder.name}'s scope (${coder.scope.join(', ')}) declared at coders[${i}].scope`,
            ),
          );
      }
    }
    append(codings, checked.valid);
  }

  return {
    root,
    configFile,
    config,
    codebooks,
    codebookOfGroup,
    groups: config.groups,
    // Groups in the config's order everywhere (overview, source book, frequencies, report).
    respondents: [...config.respondents, ...read.discovered].sort((a, b) =>
      compareRespondentIds(
        a.id,
        b.id,
        config.groups.map((g) => g.letter),
      ),
    ),
    fragments,
    fragmentIndex,
    transcripts,
    codings,
    privacy: {
      keyFile,
      key: pseudonymiser?.key() ?? [],
      names: namePattern,
    },
    diagnostics: sortDiagnostics(diagnostics),
  };
}

/** Groups diagnostics by file (in the order files were read), then by line, like a linter. */
function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  const fileOrder = new Map<string, number>();
  for (const d of diagnostics) if (!fileOrder.has(d.file)) fileOrder.set(d.file, fileOrder.size);
  return diagnostics
    .map((d, i) => ({ d, i }))
    .sort(
      (a, b) =>
        fileOrder.get(a.d.file)! - fileOrder.get(b.d.file)! || (a.d.line ?? 0) - (b.d.line ?? 0) || a.i - b.i,
    )
    .map(({ d }) => d);
}
