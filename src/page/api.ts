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

export interface PageState {
  study: string;
  coder: string;
  file: string;
  codebooks: PageCodebook[];
  groups: { letter: string; name: string; codebook: string }[];
  respondents: { id: string; attributes: Record<string, string> }[];
  conversations: {
    respondent: string;
    source: string;
    speakers: string[];
    turns: [string, number, string][];
  }[];
  /** [fragment, label, memo, stance, type], empty cells at the end left off. */
  codings: string[][];
}

export interface ChangeResult {
  ok: boolean;
  message?: string;
  reread?: boolean;
  fragment?: string;
  codings?: PageCoding[];
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
