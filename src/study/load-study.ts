import { stat } from 'node:fs/promises';
import { readRegularFile, type InputKind } from '../io/read-regular-file.js';
import { append } from '../core/append.js';
import { docxToText, type DocxText } from '../io/docx-to-text.js';
import { dirname, join, relative, resolve } from 'node:path';
import type { Codebook } from '../codebook/codebook.js';
import { parseCodebook } from '../codebook/parse-codebook.js';
import type { Coding } from '../codings/coding.js';
import { parseCodings } from '../codings/parse-codings.js';
import { checkExclusiveLabels, validateCodings } from '../codings/validate-codings.js';
import { inScope, scopeNamesSources } from '../config/coder-scope.js';
import { locateJsonPath } from '../config/locate-json-path.js';
import type { RespondentConfig, StudyConfig } from '../config/study-config.js';
import type { ReadResult, Turn } from '../readers/turn.js';
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
import { fragmentRespondent, type RespondentSource } from '../fragments/fragment-turns.js';
import { readTextFile, readTextFileReporting } from '../io/read-text-file.js';
import { chatFormats, detectFormat, readers } from '../readers/registry.js';
import type { Study } from './study.js';
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

/** Paths in messages are relative to the working folder, so editors and terminals can open them. */
export function shown(abs: string): string {
  const rel = relative(process.cwd(), abs);
  return rel === '' ? '.' : rel.startsWith('..') ? abs : rel;
}

/** The result of `read`, or undefined with its InputError's diagnostics added: one bad file never stops the others. */
async function orReport<T>(read: () => Promise<T>, diagnostics: Diagnostic[]): Promise<T | undefined> {
  try {
    return await read();
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    append(diagnostics, e.diagnostics);
    return undefined;
  }
}

function readDocxOrReport(
  abs: string,
  declared: readonly string[],
  diagnostics: Diagnostic[],
): Promise<DocxText | undefined> {
  return orReport(async () => {
    const bytes = readRegularFile(abs, shown(abs), 'source');
    const read = await docxToText(bytes, shown(abs), declared);
    append(diagnostics, read.diagnostics);
    return read;
  }, diagnostics);
}

/** Lines of text converted from Word become Word paragraph numbers. */
function toParagraphLines(read: ReadResult, lineParagraph: readonly number[]): ReadResult {
  const paragraphOfLine = (line: number) => lineParagraph[line - 1] ?? line;
  return {
    turns: read.turns.map((t) => ({
      ...t,
      line: paragraphOfLine(t.line),
      paragraphs: t.paragraphs.map((p) => ({ ...p, line: paragraphOfLine(p.line) })),
    })),
    diagnostics: read.diagnostics.map((d) =>
      d.line === undefined ? d : { ...d, line: paragraphOfLine(d.line) },
    ),
  };
}

function readOrReport(abs: string, diagnostics: Diagnostic[], kind: InputKind): Promise<string | undefined> {
  return orReport(async () => {
    const read = await readTextFileReporting(abs, shown(abs), kind);
    append(diagnostics, read.diagnostics);
    return read.text;
  }, diagnostics);
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
    const abs = resolve(root, coder.file);
    // A consensus coder's file is made by the meeting's first decision (`qualkit consensus`).
    if (coder.consensus && !(await stat(abs).catch(() => undefined))) continue;
    const text = await readOrReport(abs, diagnostics, 'codings');
    if (text === undefined) continue;
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

/**
 * Reads the sources one respondent at a time, in respondent order (literature files, which
 * hold several publications, first and whole), numbers the respondent's fragments and
 * hands them to `visit`; nothing of a respondent is kept after its visit unless `visit`
 * keeps it, so a study of a million chat messages need not be in memory at once.
 */
async function visitSources(
  config: StudyConfig,
  root: string,
  diagnostics: Diagnostic[],
  configAt: (
    path: (string | number)[],
    rule: string,
    message: string,
    severity?: 'error' | 'warning',
  ) => void,
  withTranscripts: boolean,
  progress: ProgressReporter,
  visit: (fragments: Fragment[], transcripts: SourceTranscript[]) => void | Promise<void>,
): Promise<{ discovered: RespondentConfig[] }> {
  progress.stage('reading sources');
  const literature = new Map<string, RespondentSource[]>();
  const discovered: RespondentConfig[] = [];
  // Publications bound to declared respondents without a reference, across literature files.
  const bound = new Map<string, string>();
  const withOwnSources = new Set(config.sources.flatMap((s) => (s.respondent ? [s.respondent] : [])));
  const pending = new Map<string, number[]>();
  for (const [i, source] of config.sources.entries()) {
    if (source.group === undefined) {
      pending.set(source.respondent!, [...(pending.get(source.respondent!) ?? []), i]);
      continue;
    }
    const abs = resolve(root, source.file);
    const text = await readOrReport(abs, diagnostics, 'source');
    if (text === undefined) continue;
    const format = source.format ?? 'literature';
    const read = readers[format](text, shown(abs), {});
    append(diagnostics, read.diagnostics);
    for (const [respondent, turns] of publicationsOf(
      read.turns,
      source.group,
      config.respondents,
      discovered,
      bound,
      withOwnSources,
    )) {
      const list = literature.get(respondent) ?? [];
      list.push({
        source: source.file,
        format,
        turns,
        speakers: [turns[0]!.speaker],
        split: 'turn',
        mergeMessages: false,
      });
      literature.set(respondent, list);
    }
  }
  const order = config.groups.map((g) => g.letter);
  const respondents = [...new Set([...literature.keys(), ...pending.keys()])].sort((a, b) =>
    compareRespondentIds(a, b, order),
  );
  const seen = new Set<string>();
  const sourcesOf = async (respondent: string): Promise<RespondentSource[]> => {
    const sources = [...(literature.get(respondent) ?? [])];
    for (const i of pending.get(respondent) ?? []) {
      const read = await readSource(config, root, i, diagnostics, configAt);
      if (read) sources.push(read);
    }
    literature.delete(respondent);
    return sources;
  };
  progress.stage('reading and numbering sources', respondents.length, 'respondents');
  // The next respondent's files are read while this one is numbered and visited.
  let next = respondents.length > 0 ? sourcesOf(respondents[0]!) : undefined;
  for (let r = 0; r < respondents.length; r++) {
    const respondent = respondents[r]!;
    const sources = await next!;
    next = r + 1 < respondents.length ? sourcesOf(respondents[r + 1]!) : undefined;
    // Handled when awaited; this only keeps a failure while the current visit runs from counting as unhandled.
    next?.catch(() => undefined);
    if (sources.length === 0) {
      progress.step();
      continue;
    }
    seen.add(respondent);
    const result = fragmentRespondent(respondent, sources, withTranscripts);
    await visit(result.fragments, result.transcripts);
    progress.step();
  }
  for (const [i, r] of config.respondents.entries()) {
    if (!seen.has(r.id) && !config.sources.some((s) => s.respondent === r.id))
      configAt(
        ['respondents', i, 'id'],
        'config/respondent-without-source',
        `Respondent ${r.id} has no source`,
        'warning',
      );
  }
  return { discovered };
}

/** One source of a respondent (not literature) read through the reader for its format. */
async function readSource(
  config: StudyConfig,
  root: string,
  i: number,
  diagnostics: Diagnostic[],
  configAt: (
    path: (string | number)[],
    rule: string,
    message: string,
    severity?: 'error' | 'warning',
  ) => void,
): Promise<RespondentSource | undefined> {
  const source = config.sources[i]!;
  const abs = resolve(root, source.file);
  const isDocx =
    (source.format ?? (source.file.toLowerCase().endsWith('.docx') ? 'docx' : undefined)) === 'docx';
  const speakerNames = source.speaker ?? [];
  const docx = isDocx ? await readDocxOrReport(abs, speakerNames, diagnostics) : undefined;
  const text = isDocx ? docx?.text : await readOrReport(abs, diagnostics, 'source');
  if (text === undefined) return undefined;
  const format = source.format ?? detectFormat(source.file, text);
  if (!format) {
    configAt(
      ['sources', i, 'file'],
      'source/unknown-format',
      `Cannot tell the format of "${source.file}" from its extension; set "format" to one of ${Object.keys(readers).join(', ')}`,
    );
    return undefined;
  }
  const raw = readers[format](text, shown(abs), {
    knownSpeakers: docx ? [...speakerNames, ...docx.speakers] : speakerNames,
    ...(source.columns ? { columns: source.columns } : {}),
  });
  const read = docx ? toParagraphLines(raw, docx.lineParagraph) : raw;
  append(diagnostics, read.diagnostics);
  const speakers = new Set(speakerNames.map((s) => s.toLowerCase()));
  if (read.turns.length > 0 && !read.turns.some((t) => speakers.has(t.speaker.toLowerCase()))) {
    const found = [...new Set(read.turns.map((t) => t.speaker))].slice(0, 8);
    configAt(
      ['sources', i, 'speaker'],
      'source/speaker-not-found',
      `No turn in "${source.file}" is by ${speakerNames.map((s) => `"${s}"`).join(' or ')}; speakers found: ${found.map((s) => `"${s}"`).join(', ')}`,
    );
  } else if (read.turns.length === 0 && !read.diagnostics.some((d) => d.severity === 'error')) {
    diagnostics.push(
      error(
        shown(abs),
        undefined,
        'source/no-turns',
        format === 'docx'
          ? 'No speaker turns found (read as docx); expected paragraphs like "Naam: tekst", a name (bold, or with a time) above its text, or a table speaker | text'
          : `No speaker turns found (read as ${format}); expected lines like "Naam: tekst"`,
      ),
    );
  }
  return {
    source: source.file,
    format,
    turns: read.turns,
    speakers: speakerNames,
    split: source.split ?? config.fragments.split,
    mergeMessages: chatFormats.has(format) && config.fragments.mergeMessages,
  };
}

/**
 * Splits a literature file's excerpts by publication. Each publication is a respondent of
 * the group: the one declared in the config with that `reference` attribute; else the next
 * respondent of the group declared without a `reference` (and without sources of its own),
 * in the order the config lists them, publications in order of first appearance (`bound`
 * remembers these across files); else the next free number (L1, L2, …), added to
 * `discovered`.
 */
function publicationsOf(
  turns: Turn[],
  group: string,
  declared: readonly RespondentConfig[],
  discovered: RespondentConfig[],
  bound: Map<string, string>,
  withOwnSources: ReadonlySet<string>,
): Map<string, Turn[]> {
  const out = new Map<string, Turn[]>();
  const idOf = new Map<string, string>();
  const taken = new Set([...declared, ...discovered].filter((r) => r.id[0] === group).map((r) => r.id));
  const boundIds = new Set(bound.values());
  const unbound = declared.filter(
    (r) =>
      r.id[0] === group &&
      r.attributes.reference === undefined &&
      !withOwnSources.has(r.id) &&
      !boundIds.has(r.id),
  );
  for (const turn of turns) {
    let id =
      idOf.get(turn.speaker) ??
      bound.get(`${group}\u0000${turn.speaker}`) ??
      [...declared, ...discovered].find(
        (r) =>
          r.id[0] === group &&
          Object.hasOwn(r.attributes, 'reference') &&
          r.attributes.reference === turn.speaker,
      )?.id;
    if (id === undefined && unbound.length > 0) {
      id = unbound.shift()!.id;
      bound.set(`${group}\u0000${turn.speaker}`, id);
    }
    if (id === undefined) {
      let n = 1;
      while (taken.has(`${group}${n}`)) n++;
      id = `${group}${n}`;
      taken.add(id);
      const attributes = Object.create(null) as RespondentConfig['attributes'];
      attributes.reference = turn.speaker;
      discovered.push({ id, attributes });
    }
    idOf.set(turn.speaker, id);
    const list = out.get(id);
    if (list) list.push(turn);
    else out.set(id, [turn]);
  }
  return out;
}
