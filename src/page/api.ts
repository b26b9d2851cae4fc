/** The page's requests to its own server (same origin; the session cookie goes along). */
export interface PageCoding {
  fragment: string;
  label: string;
  memo: string;
  stance: '' | 'supports' | 'contradicts';
  type: string;
}

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

/** A conversation in the list: its fragments' codes as runs [respondent, first number, last number]. */
export interface PageConversationHead {
  respondent: string;
  source: string;
  runs: [string, number, number][];
}

/** A conversation's text, fetched when shown: [fragment code or '' for a context turn, speaker index, text]. */
export interface PageConversation {
  speakers: string[];
  turns: [string, number, string][];
  /** The coder's codings of its fragments: [fragment, label, memo, stance, type]. */
  codings: [string, string, string, string, string][];
}

export interface PageState {
  study: string;
  coder: string;
  file: string;
  codebooks: PageCodebook[];
  groups: { letter: string; name: string; codebook: string }[];
  respondents: { id: string; attributes: Record<string, string> }[];
  conversations: PageConversationHead[];
  /** Fragments in scope with a label of the coder's. */
  coded: number;
  /** Per codebook id, the recent labels (keys 1–9), the last first. */
  recent: Record<string, string[]>;
  /** The conversation the page opens on, sent along with the state. */
  opening?: { n: number; conversation: PageConversation };
}

/** All the coder's codings, fetched once the page is drawn. */
export interface PageCodings {
  /** Flat: for each coding, the place of its fragment in the conversations' runs, then its label. */
  codings: (number | string)[];
  /** [number of the coding, memo, stance, type] for the codings that have any. */
  details: [number, string, string, string][];
}

export interface ChangeResult {
  ok: boolean;
  message?: string;
  reread?: boolean;
  fragment?: string;
  codings?: PageCoding[];
  /** Fragments in scope with a label of the coder's, after the change. */
  coded?: number;
  codebook?: PageCodebook;
}

export type Change =
  | ({ op: 'add' | 'update'; fragment: string; label: string } & Omit<PageCoding, 'fragment' | 'label'>)
  | { op: 'remove'; fragment: string; label: string }
  | { op: 'new-label'; fragment: string; main: number; name: string; definition: string };

export interface Suggestion {
  label: string;
  score: number;
  reasons: string[];
}

async function json<T>(response: Response): Promise<T> {
  const type = response.headers.get('content-type') ?? '';
  if (!type.startsWith('application/json')) throw new Error(`${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

export async function getState(): Promise<PageState> {
  return json<PageState>(await fetch('/api/state', { credentials: 'same-origin' }));
}

/** A GET's JSON answer; a refusal (4xx, 5xx) is thrown with the server's message. */
async function answer<T>(response: Response): Promise<T> {
  const body = await json<T & { message?: string }>(response);
  if (!response.ok) throw new Error(body.message ?? `${response.status}`);
  return body;
}

export async function getCodings(): Promise<PageCodings> {
  return answer<PageCodings>(await fetch('/api/codings', { credentials: 'same-origin' }));
}

export async function getConversation(n: number): Promise<PageConversation> {
  return answer<PageConversation>(await fetch(`/api/conversation?n=${n}`, { credentials: 'same-origin' }));
}

/** The texts of these fragments (at most 500 at once). */
export async function getTexts(codes: readonly string[]): Promise<Record<string, string>> {
  const r = await answer<{ texts?: Record<string, string> }>(
    await fetch(`/api/texts?codes=${encodeURIComponent(codes.join(','))}`, { credentials: 'same-origin' }),
  );
  return r.texts ?? {};
}

/** The codes of the fragments whose text contains `text` (case, diacritics and spacing ignored). */
export async function searchTexts(text: string): Promise<string[]> {
  const r = await answer<{ codes?: string[] }>(
    await fetch(`/api/search?text=${encodeURIComponent(text)}`, { credentials: 'same-origin' }),
  );
  return r.codes ?? [];
}

export async function checkFiles(): Promise<{ changed: boolean; message?: string }> {
  return json(await fetch('/api/check', { credentials: 'same-origin' }));
}

export async function getSuggestions(code: string): Promise<Suggestion[]> {
  const r = await json<{ suggestions?: Suggestion[] }>(
    await fetch(`/api/suggest?fragment=${encodeURIComponent(code)}`, { credentials: 'same-origin' }),
  );
  return r.suggestions ?? [];
}

export async function postChange(change: Change): Promise<ChangeResult> {
  try {
    return await json<ChangeResult>(
      await fetch('/api/change', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(change),
      }),
    );
  } catch (e) {
    return { ok: false, message: `Not saved: ${(e as Error).message}` };
  }
}
