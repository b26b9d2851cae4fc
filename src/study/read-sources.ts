import { resolve } from 'node:path';
import { error, type Diagnostic } from '../core/diagnostics.js';
import { append } from '../core/append.js';
import { compareRespondentIds } from '../core/fragment-code.js';
import type { RespondentConfig, StudyConfig } from '../config/study-config.js';
import type { ProgressReporter } from '../core/progress-reporter.js';
import type { Fragment, SourceTranscript } from '../fragments/fragment.js';
import { fragmentRespondent, type RespondentSource } from '../fragments/fragment-turns.js';
import { chatFormats, detectFormat, readers } from '../readers/registry.js';
import type { Turn } from '../readers/turn.js';
import { readDocxOrReport, readOrReport, toParagraphLines } from './read-or-report.js';
import { shown } from './shown-path.js';

/** Reports a problem at a place in the config (a JSON path), as a diagnostic of the config file. */
export type ConfigAt = (
  path: (string | number)[],
  rule: string,
  message: string,
  severity?: 'error' | 'warning',
) => void;

/**
 * Reads the sources one respondent at a time, in respondent order (literature files, which
 * hold several publications, first and whole), numbers the respondent's fragments and
 * hands them to `visit`; nothing of a respondent is kept after its visit unless `visit`
 * keeps it, so a study of a million chat messages need not be in memory at once.
 */
export async function visitSources(
  config: StudyConfig,
  root: string,
  diagnostics: Diagnostic[],
  configAt: ConfigAt,
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
  let yielded = performance.now();
  for (let r = 0; r < respondents.length; r++) {
    // Reading is synchronous at heart: every 20 ms others waiting on the event loop get a turn
    // (`qualkit code` serves the page's own files while the study is read).
    if (performance.now() - yielded > 20) {
      await new Promise((resolveTurn) => setImmediate(resolveTurn));
      yielded = performance.now();
    }
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
  configAt: ConfigAt,
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
