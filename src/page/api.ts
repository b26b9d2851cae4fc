import type { PageCodebook, PageCodings, PageConversation, PageState } from './page-data-types.js';

export type {
  PageCodebook,
  PageCodings,
  PageConversation,
  PageConversationHead,
  PageState,
} from './page-data-types.js';

/** The page's requests to its own server (same origin; the session cookie goes along). */
export interface PageCoding {
  fragment: string;
  label: string;
  memo: string;
  stance: '' | 'supports' | 'contradicts';
  type: string;
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
