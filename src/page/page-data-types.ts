/*
 * What the coding page's server sends the page: the one declaration of these types, for
 * both sides (the page is compiled by tsconfig.page.json, the server imports these types
 * only). Types alone: this file holds nothing to run, in the browser or in Node.
 */

/** A codebook as the page shows it: main labels with their core labels and definitions. */
export interface PageCodebook {
  id: string;
  question: string;
  mains: {
    no: number;
    label: string;
    definition: string;
    cores: { id: string; label: string; definition: string }[];
  }[];
}

/**
 * A conversation in the page's list, without its text: its respondent, its source and
 * the codes of its fragments in the coder's scope, in order, as runs
 * [respondent, first number, last number] (`["C12", 1, 240]` is C12.1 to C12.240), so the
 * codes of 100,000 fragments are a few kilobytes.
 */
export interface PageConversationHead {
  respondent: string;
  source: string;
  runs: [string, number, number][];
}

/**
 * One conversation's text, sent when the page shows it: its speakers once, then its turns
 * in order as [fragment code or '' for a context turn, speaker index, text].
 */
export interface PageConversation {
  speakers: string[];
  turns: [string, number, string][];
  /** The coder's codings of its fragments: [fragment, label, memo, stance, type]. */
  codings: PageCodingRow[];
}

/** A coding in a conversation: [fragment, label, memo, stance, type]. */
export type PageCodingRow = [string, string, string, string, string];

export interface PageState {
  study: string;
  coder: string;
  file: string;
  codebooks: PageCodebook[];
  groups: { letter: string; name: string; codebook: string }[];
  respondents: { id: string; attributes: Record<string, string> }[];
  conversations: PageConversationHead[];
  /** Fragments in the coder's scope with a label of hers. */
  coded: number;
  /** Per codebook, the last nine distinct labels of the codings file, the last first (keys 1–9). */
  recent: Record<string, string[]>;
  /** The conversation the page opens on (that of the coder's first fragment without a label), sent along. */
  opening?: { n: number; conversation: PageConversation };
}

/**
 * All the coder's codings of fragments in her scope, fetched once the page is drawn (the
 * filters need them), flat and without a small array each (100,000 codings are then about
 * a MB): the place of the fragment in the conversations' runs taken in order, then the
 * label, for each coding in turn.
 */
export interface PageCodings {
  codings: (number | string)[];
  /** For the codings (by their number in `codings`) with a memo, stance or type: [number, memo, stance, type]. */
  details: [number, string, string, string][];
}

/** What the meeting page shows of one agenda fragment. */
export interface MeetingPageItem {
  fragment: string;
  codebook: string;
  /** decided: every label to decide has a decision; changed: a coder's codings changed since; else undecided. */
  status: 'undecided' | 'decided' | 'changed';
  speaker: string;
  text: string;
  /** Up to two turns before the fragment, as [speaker, text]. */
  context: [string, string][];
  /** Per coder: the labels given with their memos, or null when the coder did not see the fragment. */
  coders: ({ label: string; memo: string }[] | null)[];
  toDecide: string[];
  shared: string[];
  decisions: { label: string; decision: 'keep' | 'drop' | 'add' | ''; note: string }[];
}

/** The meeting page's state (`qualkit code --meeting a,b --into consensus`). */
export interface MeetingPageState {
  study: string;
  consensus: string;
  coders: string[];
  files: string[];
  status: string;
  decided: number;
  total: number;
  codebooks: PageCodebook[];
  items: MeetingPageItem[];
}
