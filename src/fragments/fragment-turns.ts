import { mergeConsecutive, turnText, type Turn } from '../readers/turn.js';
import type { Fragment, SourceTranscript } from './fragment.js';

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
 * case-insensitively.
 */
export function fragmentRespondent(respondent: string, sources: readonly RespondentSource[]): { fragments: Fragment[]; transcripts: SourceTranscript[] } {
  const group = respondent[0]!;
  const interview = Number(respondent.slice(1));
  const fragments: Fragment[] = [];
  const transcripts: SourceTranscript[] = [];
  let n = 0;
  for (const src of sources) {
    const speakers = new Set(src.speakers.map((s) => s.toLowerCase()));
    const turns = src.mergeMessages ? mergeConsecutive(src.turns, true) : src.turns;
    const transcript: SourceTranscript = { source: src.source, respondent, format: src.format, entries: [] };
    let context: string | undefined;
    for (const turn of turns) {
      if (!speakers.has(turn.speaker.toLowerCase())) {
        context = turnText(turn);
        transcript.entries.push({ kind: 'context', speaker: turn.speaker, text: context, line: turn.line, paragraphs: turn.paragraphs.map((p) => ({ ...p })), ...(turn.start ? { start: turn.start } : {}) });
        continue;
      }
      const pieces = src.split === 'paragraph' ? turn.paragraphs.map((p) => ({ text: p.text, line: p.line })) : [{ text: turnText(turn), line: turn.line }];
      for (const piece of pieces) {
        n++;
        const code = `${respondent}.${n}`;
        fragments.push({
          code,
          group,
          interview,
          respondent,
          speaker: turn.speaker,
          text: piece.text,
          source: src.source,
          line: piece.line,
          ...(turn.start ? { start: turn.start } : {}),
          ...(context !== undefined ? { context } : {}),
        });
        const paragraphs = src.split === 'paragraph' ? [{ text: piece.text, line: piece.line }] : turn.paragraphs.map((p) => ({ ...p }));
        transcript.entries.push({ kind: 'fragment', speaker: turn.speaker, text: piece.text, line: piece.line, paragraphs, code, ...(turn.start ? { start: turn.start } : {}) });
      }
      context = undefined;
    }
    transcripts.push(transcript);
  }
  return { fragments, transcripts };
}
