import type { Diagnostic } from '../core/diagnostics.js';

/** One paragraph of a turn, with the line it starts on in the source file. */
export interface Paragraph {
  text: string;
  line: number;
}

/**
 * A speaker turn as read from a source: who spoke, what they said (one or more
 * paragraphs; in chats each merged message is a paragraph), where it starts in the file,
 * and the time stamp the source gives for its start, if any.
 */
export interface Turn {
  speaker: string;
  paragraphs: Paragraph[];
  line: number;
  start?: string;
}

export interface ReadResult {
  turns: Turn[];
  diagnostics: Diagnostic[];
}

export interface ReaderOptions {
  /** Speaker names the config declares; a reader may use them to recognise turns. */
  knownSpeakers?: readonly string[];
  /** For CSV chat exports: which header holds which field. */
  columns?: { timestamp: string; sender: string; message: string };
}

/** A reader turns the decoded text of one source file into speaker turns. Pure. */
export type Reader = (text: string, file: string, options: ReaderOptions) => ReadResult;

export function turnText(turn: Turn): string {
  if (turn.paragraphs.length === 1) return turn.paragraphs[0]!.text;
  return turn.paragraphs.map((p) => p.text).join('\n\n');
}

/**
 * Merges runs of consecutive turns by one speaker into one turn (cues of a subtitle file,
 * messages of a chat). The merged turn keeps the first turn's line and start time.
 * `asParagraphs` keeps each merged part as its own paragraph; otherwise they are joined
 * with a space into one paragraph (subtitle cues cut sentences anywhere). Takes the turns
 * over: they are changed in place rather than copied (a chat log can have a million).
 */
export function mergeConsecutive(turns: Turn[], asParagraphs: boolean): Turn[] {
  const out: Turn[] = [];
  let last: Turn | undefined;
  for (const turn of turns) {
    if (last && last.speaker === turn.speaker) {
      if (asParagraphs) for (const p of turn.paragraphs) last.paragraphs.push(p);
      else {
        const tail = last.paragraphs[last.paragraphs.length - 1]!;
        tail.text = `${tail.text} ${turn.paragraphs.map((p) => p.text).join(' ')}`;
      }
    } else {
      out.push(turn);
      last = turn;
    }
  }
  return out;
}
