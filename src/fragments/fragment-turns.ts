import { mergeConsecutive, turnText, type Turn } from '../readers/turn.js';
import type { Fragment, SourceEntry, SourceTranscript } from './fragment.js';

export interface RespondentSource {
  source: string;
  format: string;
  turns: Turn[];
  speakers: readonly string[];
  split: 'turn' | 'paragraph';
  mergeMessages: boolean;
}

/**
 * Numbers the fragments of one respondent (`B3` → B3.1, B3.2, …) across its sources in
 * the order given. Every turn by one of the respondent's speakers becomes a fragment, or
 * one fragment per paragraph with `split: 'paragraph'`; other speakers' turns are context.
 * Deterministic: the same turns always give the same codes. Speaker names match
 * case-insensitively. `withTranscripts: false` leaves the transcripts empty (for commands
 * that need only the fragments).
 */
export function fragmentRespondent(
  respondent: string,
  sources: readonly RespondentSource[],
  withTranscripts = true,
): { fragments: Fragment[]; transcripts: SourceTranscript[] } {
  const group = respondent[0]!;
  const interview = Number(respondent.slice(1));
  const fragments: Fragment[] = [];
  const transcripts: SourceTranscript[] = [];
  let n = 0;
  for (const src of sources) {
    const speakers = new Set(src.speakers.map((s) => s.toLowerCase()));
    // Chats alternate between a few names: remember the answer per spelling instead of lower-casing every turn.
    const isRespondent = new Map<string, boolean>();
    const byRespondent = (speaker: string) => {
      let yes = isRespondent.get(speaker);
      if (yes === undefined) isRespondent.set(speaker, (yes = speakers.has(speaker.toLowerCase())));
      return yes;
    };
    const turns = src.mergeMessages ? mergeConsecutive(src.turns, true) : src.turns;
    const transcript: SourceTranscript = { source: src.source, respondent, format: src.format, entries: [] };
    let context: string | undefined;
    for (const turn of turns) {
      const text = turnText(turn);
      if (!byRespondent(turn.speaker)) {
        context = text;
        if (withTranscripts) {
          const entry: SourceEntry = {
            kind: 'context',
            speaker: turn.speaker,
            text,
            line: turn.line,
            paragraphs: turn.paragraphs,
          };
          if (turn.start) entry.start = turn.start;
          transcript.entries.push(entry);
        }
        continue;
      }
      const pieces = src.split === 'paragraph' ? turn.paragraphs : [{ text, line: turn.line }];
      for (const piece of pieces) {
        n++;
        const code = `${respondent}.${n}`;
        const fragment: Fragment = {
          code,
          group,
          interview,
          respondent,
          speaker: turn.speaker,
          text: piece.text,
          source: src.source,
          line: piece.line,
        };
        if (turn.start) fragment.start = turn.start;
        if (context !== undefined) fragment.context = context;
        fragments.push(fragment);
        if (!withTranscripts) continue;
        const entry: SourceEntry = {
          kind: 'fragment',
          speaker: turn.speaker,
          text: piece.text,
          line: piece.line,
          paragraphs: src.split === 'paragraph' ? [piece] : turn.paragraphs,
          code,
        };
        if (turn.start) entry.start = turn.start;
        transcript.entries.push(entry);
      }
      context = undefined;
    }
    if (withTranscripts) transcripts.push(transcript);
  }
  return { fragments, transcripts };
}
