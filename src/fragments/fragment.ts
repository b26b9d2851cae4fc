/**
 * A numbered fragment of the source book: one respondent turn (or one paragraph of it,
 * when turns are split). `context` is the turn of the interviewer or outreach worker just
 * before it: kept so a coder sees the question, never numbered.
 */
export interface Fragment {
  code: string;
  group: string;
  interview: number;
  respondent: string;
  speaker: string;
  text: string;
  source: string;
  line: number;
  start?: string;
  context?: string;
}

/** One line of a source as the source book shows it: a fragment or a context turn. */
export interface SourceEntry {
  kind: 'fragment' | 'context';
  speaker: string;
  text: string;
  line: number;
  /** The turn's paragraphs (in chats: its messages) with their own lines. */
  paragraphs: { text: string; line: number }[];
  start?: string;
  code?: string;
}

/** A source with its turns in order, for the readable (Markdown) source book. */
export interface SourceTranscript {
  source: string;
  respondent: string;
  format: string;
  entries: SourceEntry[];
}
