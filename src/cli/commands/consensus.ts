import type { Command } from 'commander';
import { applyDecision, computeMeeting, meetingStatusLine } from '../../consensus/compute-consensus.js';
import { decisions, type Decision } from '../../consensus/decisions-file.js';
import { UsageError } from '../../core/diagnostics.js';
import { shown } from '../../study/load-study.js';
import { assertReadable, loadMeeting, saveMeeting } from '../../study/meeting-files.js';
import { say, sayDiagnostics, writeResult } from '../console.js';
import { choice, loadCheckedStudy } from '../study-session.js';

interface ConsensusOptions {
  into?: string;
  decide?: string[];
  undo?: string[];
  note?: string;
  status?: boolean;
  format: string;
}

const DECIDE = /^([A-Z][1-9]\d*\.[1-9]\d*):([1-9]\d*\.[A-Z]{1,2})=([a-z]+)$/;
const UNDO = /^([A-Z][1-9]\d*\.[1-9]\d*):([1-9]\d*\.[A-Z]{1,2})$/;

function parseDecide(text: string): { fragment: string; label: string; decision: Decision } {
  const m = DECIDE.exec(text.trim());
  if (!m || !(decisions as readonly string[]).includes(m[3]!))
    throw new UsageError(`--decide expects fragment:label=keep|drop|add, e.g. B3.7:3.J=keep; got "${text}"`);
  return { fragment: m[1]!, label: m[2]!, decision: m[3] as Decision };
}

export function registerConsensus(program: Command): void {
  program
    .command('consensus')
    .description(
      "the coding meeting without the page: record decisions on the disagreement list (keep, drop or add a label) into the consensus coder's codings and decisions files, or show how far the meeting is",
    )
    .argument('[study]', 'study folder (with qualkit.json) or config file', '.')
    .option('--into <coder>', 'the consensus coder (default: the only one the config declares)')
    .option(
      '--decide <fragment:label=decision...>',
      'record decisions, e.g. B3.7:3.J=keep B3.7:5.A=drop B3.7:6.C=add',
    )
    .option('--undo <fragment:label...>', 'take decisions back, e.g. B3.7:3.J')
    .option('--note <text>', "the meeting's note for the decisions given with --decide")
    .option('--status', 'only show the progress and what is left; write nothing')
    .option('--format <format>', 'with --status: text or json', 'text')
    .addHelpText(
      'after',
      '\nExamples:\n  $ qualkit consensus data-sample --decide B1.4:3.G=keep B1.4:3.H=drop --note "G fits: the question was about school"\n  $ qualkit consensus data-sample --status\n  14 of 37 decided, 23 undecided\n  $ qualkit consensus data-sample        # write both files again from the decisions (after a coder changed theirs)\n\nThe agenda is the list of `qualkit agree --disagreements` over the consensus coder\'s coders, in its order.',
    )
    .action(async (studyPath: string, opts: ConsensusOptions) => {
      const format = choice('--format', opts.format, ['text', 'json'] as const);
      const changes = [
        ...(opts.decide ?? []).map((t) => ({ ...parseDecide(t), note: opts.note })),
        ...(opts.undo ?? []).map((t) => {
          const m = UNDO.exec(t.trim());
          if (!m) throw new UsageError(`--undo expects fragment:label, e.g. B3.7:3.J; got "${t}"`);
          return { fragment: m[1]!, label: m[2]!, decision: null };
        }),
      ];
      if (opts.status && changes.length > 0)
        throw new UsageError('--status writes nothing; leave out --decide and --undo');
      if (opts.note !== undefined && !opts.decide) throw new UsageError('--note goes with --decide');
      const study = await loadCheckedStudy(studyPath, { transcripts: false, codesOnly: true });
      const meeting = await loadMeeting(study, opts.into);
      if (meeting.diagnostics.length > 0) sayDiagnostics(meeting.diagnostics);
      assertReadable(meeting);
      let input = meeting.input;
      let state = computeMeeting(input);
      for (const change of changes) {
        state = applyDecision(input, change);
        input = { ...input, decisions: state.decisions };
      }
      if (opts.status) {
        if (format === 'json')
          writeResult(
            `${JSON.stringify(
              {
                consensus: meeting.consensus.name,
                coders: state.coders,
                fragments: state.items.length,
                decided: state.decided,
                undecided: state.undecided,
                changed: state.changed,
                items: state.items.map(({ codebook, fragment, labels, toDecide, shared, status }) => ({
                  codebook,
                  fragment,
                  labels,
                  toDecide,
                  shared,
                  status,
                })),
              },
              null,
              2,
            )}\n`,
          );
        else {
          writeResult(`${meetingStatusLine(state)}\n`);
          if (state.undecided.length > 0) writeResult(`undecided: ${state.undecided.join(', ')}\n`);
          if (state.changed.length > 0) writeResult(`to look at again: ${state.changed.join(', ')}\n`);
        }
        return;
      }
      await saveMeeting(meeting, state);
      say(
        `${changes.length > 0 ? `${changes.length} decision(s) recorded; ` : ''}${meetingStatusLine(state)} → ${shown(meeting.codingsFile)}, ${shown(meeting.decisionsFile)}`,
      );
    });
}
