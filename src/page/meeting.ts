/**
 * The coding page in meeting mode (`qualkit code --meeting anna,bram --into consensus`): steps
 * through the disagreements in agenda order and records, per label, keep / drop / add and a
 * note. Every decision is a POST that the server saves before it answers. All text through
 * textContent (see dom.ts).
 */
import type { MeetingPageItem, MeetingPageState, PageCodebook } from './page-data-types.js';
import { byId, el } from './dom.js';
import { searchLabels, type LabelEntry } from './label-search.js';

type Decision = 'keep' | 'drop' | 'add';
type Item = MeetingPageItem;
type MeetingState = MeetingPageState;

let state: MeetingState | undefined;
let cur = 0;
let sel = 0;
let modal: 'picker' | 'editor' | 'help' | undefined;
let editorSubmit: ((value: string) => void) | undefined;
let pickerItems: LabelEntry[] = [];
let pickerActive = 0;
let busy: Promise<unknown> = Promise.resolve();

function say(message: string, kind: 'ok' | 'error' = 'ok'): void {
  const s = byId('status');
  s.textContent = message;
  s.className = kind === 'ok' ? '' : kind;
}

const item = (): Item | undefined => state?.items[cur];
const codebookOf = (i: Item) => state?.codebooks.find((c) => c.id === i.codebook);

function coreOf(cb: PageCodebook | undefined, id: string) {
  for (const m of cb?.mains ?? []) for (const c of m.cores) if (c.id === id) return { main: m, core: c };
  return undefined;
}

/** The labels of a fragment the meeting looks at: those to decide, the shared ones, and added ones. */
function labelsOf(i: Item): string[] {
  const out = [...i.toDecide, ...i.shared];
  for (const d of i.decisions) if (!out.includes(d.label)) out.push(d.label);
  return out.sort((a, b) => {
    const [ma, la] = a.split('.') as [string, string];
    const [mb, lb] = b.split('.') as [string, string];
    return Number(ma) - Number(mb) || la.length - lb.length || (la < lb ? -1 : la > lb ? 1 : 0);
  });
}

function render(): void {
  if (!state) return;
  byId('title').textContent = `${state.study} — meeting of ${state.coders.join(' and ')}`;
  byId('progress').textContent = state.status;
  byId('file').textContent = state.files.join(', ');
  byId('list-info').textContent =
    `${state.total} fragments where the coders differ, in the order of agree --disagreements`;
  byId('agenda').replaceChildren(
    ...state.items.map((i, k) => {
      const li = el('li', {
        class: `${i.status}${k === cur ? ' current' : ''}`,
        text: `${i.fragment} — ${i.status === 'changed' ? 'look again' : i.status}`,
        attrs: { 'data-fragment': i.fragment },
      });
      li.addEventListener('click', () => go(k));
      return li;
    }),
  );
  byId('agenda').querySelector('li.current')?.scrollIntoView({ block: 'nearest' });
  const i = item();
  const head = byId('decide-head');
  const rows = byId('decide-rows');
  if (!i) {
    byId('frag-code').textContent = 'No disagreements';
    byId('frag-text').textContent = '';
    rows.replaceChildren();
    head.replaceChildren();
    return;
  }
  const cb = codebookOf(i);
  byId('frag-code').textContent = i.fragment;
  byId('frag-meta').textContent =
    `${cur + 1} of ${state.total} · ${i.speaker} · ${i.status === 'changed' ? "to look at again: a coder's codings changed" : i.status}`;
  byId('frag-context').replaceChildren(
    ...i.context.map(([speaker, text]) => el('p', {}, [el('b', { text: `${speaker}: ` }), text])),
  );
  byId('frag-text').textContent = i.text;
  head.replaceChildren(
    el('tr', {}, [
      el('th', { text: 'label' }),
      ...state.coders.map((c) => el('th', { text: c })),
      el('th', { text: 'decision' }),
      el('th', { text: 'note' }),
    ]),
  );
  const labels = labelsOf(i);
  sel = Math.min(sel, Math.max(0, labels.length - 1));
  rows.replaceChildren(
    ...labels.map((label, k) => {
      const found = coreOf(cb, label);
      const d = i.decisions.find((x) => x.label === label);
      const shown = d?.decision || (i.shared.includes(label) ? '(both: kept)' : 'to decide');
      const tr = el('tr', { class: k === sel ? 'selected' : '', attrs: { 'data-label': label } }, [
        el('td', {}, [el('span', { class: 'label-id', text: label }), ` ${found?.core.label ?? ''}`]),
        ...i.coders.map((given) => {
          if (given === null) return el('td', { text: 'not seen' });
          const g = given.find((x) => x.label === label);
          return el(
            'td',
            {},
            g ? ['✓', ...(g.memo ? [' ', el('span', { class: 'memo', text: g.memo })] : [])] : ['–'],
          );
        }),
        el('td', { class: d?.decision ? `decision-${d.decision}` : '', text: shown }),
        el('td', { class: 'memo', text: d?.note ?? '' }),
      ]);
      tr.addEventListener('click', () => ((sel = k), render()));
      return tr;
    }),
  );
  const chosen = labels[sel] ? coreOf(cb, labels[sel]!) : undefined;
  byId('definition').replaceChildren(
    ...(chosen
      ? [
          el('b', { text: `${chosen.core.id} ${chosen.core.label}` }),
          el('p', { text: chosen.core.definition || '(no definition)' }),
          el('p', {
            class: 'memo',
            text: `${chosen.main.no}. ${chosen.main.label}: ${chosen.main.definition}`,
          }),
        ]
      : []),
  );
}

async function post(body: {
  fragment: string;
  label: string;
  decision: Decision | null;
  note?: string;
}): Promise<void> {
  const run = busy.then(async () => {
    try {
      const response = await fetch('/api/decide', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      const type = response.headers.get('content-type') ?? '';
      if (!type.startsWith('application/json'))
        throw new Error(`${response.status} ${await response.text()}`);
      const r = (await response.json()) as { ok: boolean; message?: string; state?: MeetingState };
      if (!r.ok || !r.state) return say(`Not saved: ${r.message ?? response.status}`, 'error');
      state = r.state;
      say(`Saved ${body.fragment} ${body.label}: ${body.decision ?? 'undone'}`);
      document.body.dataset.saves = String(Number(document.body.dataset.saves ?? '0') + 1);
      render();
    } catch (e) {
      say(`Not saved: ${(e as Error).message}`, 'error');
    }
  });
  busy = run;
  await run;
}

function selectedLabel(): string | undefined {
  const i = item();
  return i ? labelsOf(i)[sel] : undefined;
}

function decide(decision: Decision | null): void {
  const i = item();
  const label = selectedLabel();
  if (!i || !label) return say('No label selected.', 'error');
  void post({ fragment: i.fragment, label, decision });
}

function go(k: number): void {
  if (!state || state.items.length === 0) return;
  cur = Math.max(0, Math.min(state.items.length - 1, k));
  sel = 0;
  render();
}

function openModal(name: NonNullable<typeof modal>): void {
  modal = name;
  byId(name).hidden = false;
}

function closeModal(): void {
  if (modal) byId(modal).hidden = true;
  modal = undefined;
  editorSubmit = undefined;
}

function editNote(): void {
  const i = item();
  const label = selectedLabel();
  if (!i || !label) return say('No label selected.', 'error');
  const d = i.decisions.find((x) => x.label === label);
  if (!d?.decision) return say('Decide the label first (k, d or a), then write its note.', 'error');
  byId('editor-title').textContent = `Note on ${i.fragment} ${label} (${d.decision})`;
  const input = byId<HTMLInputElement>('editor-input');
  input.value = d.note;
  editorSubmit = (note) => void post({ fragment: i.fragment, label, decision: d.decision as Decision, note });
  openModal('editor');
  input.focus();
}

function openPicker(): void {
  if (!item()) return;
  pickerActive = 0;
  byId<HTMLInputElement>('picker-input').value = '';
  openModal('picker');
  renderPicker();
  byId('picker-input').focus();
}

function renderPicker(): void {
  const i = item();
  const cb = i && codebookOf(i);
  const entries: LabelEntry[] = (cb?.mains ?? []).flatMap((m) =>
    m.cores.map((c) => ({ id: c.id, label: c.label, definition: c.definition, main: m.label })),
  );
  pickerItems = searchLabels(entries, byId<HTMLInputElement>('picker-input').value).slice(0, 60);
  pickerActive = Math.min(pickerActive, Math.max(0, pickerItems.length - 1));
  byId('picker-list').replaceChildren(
    ...pickerItems.map((e, k) => {
      const li = el(
        'li',
        {
          class: k === pickerActive ? 'active' : '',
          attrs: { role: 'option', 'data-label': e.id, 'aria-selected': String(k === pickerActive) },
        },
        [el('span', { class: 'label-id', text: e.id }), ` ${e.label}`],
      );
      li.addEventListener('click', () => ((pickerActive = k), pickerChoose()));
      return li;
    }),
  );
  byId('picker-list').querySelector('li.active')?.scrollIntoView({ block: 'nearest' });
}

function pickerChoose(): void {
  const i = item();
  const chosen = pickerItems[pickerActive];
  closeModal();
  if (!i || !chosen) return;
  const given = i.coders.some((c) => c?.some((x) => x.label === chosen.id));
  void post({ fragment: i.fragment, label: chosen.id, decision: given ? 'keep' : 'add' }).then(() => {
    const k = item() ? labelsOf(item()!).indexOf(chosen.id) : -1;
    if (k >= 0) {
      sel = k;
      render();
    }
  });
}

const KEYS: [string, string][] = [
  ['↑ / ↓', 'select the previous / next label of the fragment'],
  ['k', 'keep the selected label in the consensus'],
  ['d', 'drop the selected label'],
  ['a', 'add a label (type to search, ↑↓, Enter); one a coder gave is kept'],
  ['n', 'note on the selected label’s decision'],
  ['u', 'undo the selected label’s decision'],
  ['Enter / j', 'next fragment'],
  ['p', 'previous fragment'],
  ['?', 'this help'],
  ['Esc', 'close a dialog'],
];

function onKey(e: KeyboardEvent): void {
  if (e.altKey || e.ctrlKey || e.metaKey) return;
  if (modal === 'picker') {
    if (e.key === 'Escape') closeModal();
    else if (e.key === 'ArrowDown') {
      pickerActive = Math.min(pickerItems.length - 1, pickerActive + 1);
      renderPicker();
    } else if (e.key === 'ArrowUp') {
      pickerActive = Math.max(0, pickerActive - 1);
      renderPicker();
    } else if (e.key === 'Enter') pickerChoose();
    else return;
    e.preventDefault();
    return;
  }
  if (modal === 'editor' || modal === 'help') {
    if (e.key === 'Escape') closeModal();
    else if (e.key === 'Enter' && modal === 'editor') {
      const submit = editorSubmit;
      const value = byId<HTMLInputElement>('editor-input').value;
      closeModal();
      submit?.(value);
    } else if (e.key === 'Enter') closeModal();
    else return;
    e.preventDefault();
    return;
  }
  const i = item();
  const k = e.key;
  let handled = true;
  if (k === 'ArrowDown') {
    sel = Math.min((i ? labelsOf(i).length : 1) - 1, sel + 1);
    render();
  } else if (k === 'ArrowUp') {
    sel = Math.max(0, sel - 1);
    render();
  } else if (k === 'k') decide('keep');
  else if (k === 'd') decide('drop');
  else if (k === 'u') decide(null);
  else if (k === 'a') openPicker();
  else if (k === 'n') editNote();
  else if (k === 'Enter' || k === 'j') go(cur + 1);
  else if (k === 'p') go(cur - 1);
  else if (k === '?') openModal('help');
  else handled = false;
  if (handled) e.preventDefault();
}

async function start(): Promise<void> {
  document.addEventListener('keydown', onKey);
  byId('picker-input').addEventListener('input', () => ((pickerActive = 0), renderPicker()));
  for (const [id, action] of [
    ['btn-keep', () => decide('keep')],
    ['btn-drop', () => decide('drop')],
    ['btn-undo', () => decide(null)],
    ['btn-add', openPicker],
    ['btn-note', editNote],
    ['btn-next', () => go(cur + 1)],
    ['btn-prev', () => go(cur - 1)],
    ['btn-help', () => openModal('help')],
  ] as [string, () => void][])
    byId(id).addEventListener('click', action);
  for (const b of document.querySelectorAll('.dialog .close')) b.addEventListener('click', closeModal);
  byId('help-keys').replaceChildren(
    ...KEYS.map(([key, what]) =>
      el('tr', {}, [el('td', {}, [el('kbd', { text: key })]), el('td', { text: what })]),
    ),
  );
  try {
    const response = await fetch('/api/meeting', { credentials: 'same-origin' });
    if (!(response.headers.get('content-type') ?? '').startsWith('application/json'))
      throw new Error(`${response.status} ${await response.text()}`);
    state = (await response.json()) as MeetingState;
  } catch (e) {
    say(`Could not load the meeting: ${(e as Error).message}`, 'error');
    return;
  }
  // Resume: start at the first fragment still to decide (or to look at again).
  const first = state.items.findIndex((i) => i.status !== 'decided');
  cur = first < 0 ? 0 : first;
  render();
  document.body.dataset.ready = '1';
}

void start();
