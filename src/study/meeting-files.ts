import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { CoderConfig } from '../config/study-config.js';
import { InputError, UsageError, warning, type Diagnostic } from '../core/diagnostics.js';
import { decisionsFileOf, parseDecisions } from '../consensus/decisions-file.js';
import { computeMeeting, type MeetingInput, type MeetingState } from '../consensus/compute-consensus.js';
import { writeFileAtomic } from '../io/write-file-atomic.js';
import { shown } from './load-study.js';
import type { Study } from './study.js';

/** A coding meeting as read from a study: its input, and where its two files live. */
export interface MeetingFiles {
  consensus: CoderConfig & { consensus: string[] };
  input: MeetingInput;
  /** Absolute paths of the consensus codings file and the decisions file. */
  codingsFile: string;
  decisionsFile: string;
  diagnostics: Diagnostic[];
}

/** The coders the study declares as consensus coders. */
export function consensusCoders(study: Pick<Study, 'config'>): (CoderConfig & { consensus: string[] })[] {
  return study.config.coders.filter(
    (c): c is CoderConfig & { consensus: string[] } => c.consensus !== undefined,
  );
}

/** The lines to add to the config for a consensus coder, for a message when none is declared. */
export function consensusConfigHint(study: Pick<Study, 'config'>, name: string): string {
  const coders = study.config.coders.filter((c) => !c.consensus).map((c) => c.name);
  return `add to "coders" in the config: { "name": "${name}", "file": "codings/${name}.csv", "consensus": ${JSON.stringify(coders.slice(0, 2))} }`;
}

/**
 * Reads the meeting of consensus coder `name` (default: the only one declared): the study's
 * codings of its coders and the decisions file (none yet: no decisions). Problems in the
 * decisions file are in `diagnostics`.
 */
export async function loadMeeting(study: Study, name: string | undefined): Promise<MeetingFiles> {
  const declared = consensusCoders(study);
  const consensus =
    name === undefined
      ? declared.length === 1
        ? declared[0]
        : undefined
      : declared.find((c) => c.name === name);
  if (!consensus)
    throw new UsageError(
      declared.length === 0
        ? `the study declares no consensus coder; ${consensusConfigHint(study, name ?? 'consensus')}`
        : name === undefined
          ? `the study declares ${declared.length} consensus coders (${declared.map((c) => c.name).join(', ')}); choose one with --into`
          : `"${name}" is not a consensus coder; the study declares ${declared.map((c) => c.name).join(', ')}`,
    );
  const codingsFile = resolve(study.root, consensus.file);
  const decisionsFile = resolve(study.root, decisionsFileOf(consensus.file));
  const text = await readFile(decisionsFile, 'utf8').catch(() => undefined);
  const parsed =
    text === undefined
      ? { rows: [], diagnostics: [] }
      : parseDecisions(text, shown(decisionsFile), consensus.consensus);
  const coders = consensus.consensus.map((n) => study.config.coders.find((c) => c.name === n)!);
  return {
    consensus,
    codingsFile,
    decisionsFile,
    diagnostics: parsed.diagnostics,
    input: {
      coders,
      codebooks: study.codebooks,
      groups: study.groups,
      fragments: study.fragments,
      codings: study.codings,
      decisions: parsed.rows,
    },
  };
}

/** Stops with the decisions file's errors: a meeting must not overwrite a file it could not read whole. */
export function assertReadable(meeting: MeetingFiles): void {
  if (meeting.diagnostics.some((d) => d.severity === 'error')) throw new InputError(meeting.diagnostics);
}

/**
 * Writes the meeting's two files whole, each atomically: the decisions (the audit trail,
 * from which the consensus can always be made again) first, then the consensus codings.
 */
export async function saveMeeting(
  meeting: Pick<MeetingFiles, 'codingsFile' | 'decisionsFile'>,
  state: MeetingState,
): Promise<void> {
  await writeFileAtomic(meeting.decisionsFile, state.decisionsCsv);
  await writeFileAtomic(meeting.codingsFile, state.consensusCsv);
}

/**
 * What `validate` (and the commands that report from a consensus coder) say about each
 * consensus coder's meeting: problems in its decisions file; one warning with the count and
 * list of undecided agenda fragments; one for fragments to look at again because a coder's
 * codings changed since they were decided; one when the consensus file is not what the
 * decisions give (a coder changed an agreed fragment: `qualkit consensus` writes it again).
 */
export async function meetingDiagnostics(study: Study, only?: readonly string[]): Promise<Diagnostic[]> {
  const out: Diagnostic[] = [];
  for (const c of consensusCoders(study)) {
    if (only && !only.includes(c.name)) continue;
    const meeting = await loadMeeting(study, c.name);
    out.push(...meeting.diagnostics);
    if (meeting.diagnostics.some((d) => d.severity === 'error')) continue;
    const state = computeMeeting(meeting.input);
    const file = shown(meeting.decisionsFile);
    const of = `the meeting of ${state.coders.join(' and ')} (consensus coder ${c.name})`;
    if (state.undecided.length > 0)
      out.push(
        warning(
          file,
          undefined,
          'consensus/undecided',
          `${state.undecided.length} of ${state.items.length} disagreement fragments undecided in ${of}: ${state.undecided.join(', ')}`,
        ),
      );
    if (state.changed.length > 0)
      out.push(
        warning(
          file,
          undefined,
          'consensus/changed',
          `${state.changed.length} decided fragment(s) to look at again in ${of}, a coder's codings of them changed since the decision: ${state.changed.join(', ')}`,
        ),
      );
    const current = await readFile(meeting.codingsFile, 'utf8').catch(() => undefined);
    if (current !== undefined && current !== state.consensusCsv)
      out.push(
        warning(
          shown(meeting.codingsFile),
          undefined,
          'consensus/out-of-date',
          `not what the coders' codings and the decisions give (a coder's file changed, or this one was edited); \`qualkit consensus\` writes it again`,
        ),
      );
  }
  return out;
}
