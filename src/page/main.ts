import {
  checkFiles,
  getCodings,
  getConversation,
  getState,
  getSuggestions,
  getTexts,
  postChange,
  searchTexts,
  type Change,
  type PageCodebook,
  type PageCoding,
  type PageConversation,
  type PageState,
  type Suggestion,
} from './api.js';
import { byId, clear, el } from './dom.js';
import {
  isFiltering,
  matchesFilters,
  NO_FILTERS,
  parseAttributes,
  parseLabelList,
  type Filters,
} from './filters.js';
import { searchLabels, type LabelEntry } from './label-search.js';
import { VirtualList } from './virtual-list.js';

/**
 * A fragment in study order and its conversation. Its text, speaker and place among the
 * turns come with the conversation, fetched when it is shown (a large study is not sent
 * whole: 100,000 fragments would be 15 MB).
 */
interface Frag {
  code: string;
  conv: number;
  respondent: string;
  group: string;
}

const ROW = 52;
let S: PageState;
let frags: Frag[] = [];
/** Per respondent, its runs of fragments [first number, last number, place of the first in frags]. */
let runsOf = new Map<string, [number, number, number][]>();
/** The coder's codings per place in frags (an array: a study has 100,000 fragments). */
let mine: (PageCoding[] | undefined)[] = [];
/** Per conversation, the place in frags of its first fragment. */
let convStart: number[] = [];
let attributesOf = new Map<string, Record<string, string>>();
/** Conversations fetched so far (by number), those on their way, and where each fragment sits in its own. */
const convs: (PageConversation | undefined)[] = [];
const convLoading = new Map<number, Promise<void>>();
const turnOf = new Map<string, number>();
/** Fragment texts known: from fetched conversations and from the texts of search results. */
const textOf = new Map<string, string>();
let cur = 0;
let sel = 0;
let filters: Filters = NO_FILTERS;
let matches: number[] | null = null;
const recent = new Map<string, string[]>();
let suggestions: { code: string; list: Suggestion[] } = { code: '', list: [] };
let keyAt: number | undefined;
let saves = 0;
let modal: 'picker' | 'editor' | 'newlabel' | 'help' | undefined;

const list = new VirtualList(byId('list'), ROW, renderRow);

// ---- data ---------------------------------------------------------------------------------

function load(state: PageState): void {
  S = state;
  frags = [];
  runsOf = new Map();
  convStart = [];
  state.conversations.forEach((c, conv) => {
    convStart.push(frags.length);
    for (const [respondent, first, last] of c.runs) {
      let runs = runsOf.get(respondent);
      if (!runs) runsOf.set(respondent, (runs = []));
      runs.push([first, last, frags.length]);
      const group = respondent[0]!;
      for (let n = first; n <= last; n++) frags.push({ code: `${respondent}.${n}`, conv, respondent, group });
    }
  });
  // The codings come with each conversation, and all of them once the page is drawn (allCodings).
  // Filled, not holey: reading a hole looks up the prototype chain, which is slow over 100,000 places.
  mine = new Array<PageCoding[] | undefined>(frags.length).fill(undefined);
  allLoaded = false;
  coded = state.coded;
  // Recent labels start as the file's last ones; a re-read keeps the session's own.
  if (recent.size === 0) for (const [cb, labels] of Object.entries(state.recent)) recent.set(cb, labels);
  attributesOf = new Map(state.respondents.map((r) => [r.id, r.attributes]));
  byId('title').textContent = `${state.study} — ${state.coder}`;
  byId('file').textContent = state.file;
  const group = byId<HTMLSelectElement>('f-group');
  clear(group);
  group.append(el('option', { text: 'all groups', attrs: { value: '' } }));
  for (const g of state.groups)
    group.append(el('option', { text: `${g.letter} ${g.name}`, attrs: { value: g.letter } }));
  group.value = filters.group;
  const types = new Set<string>();
  for (const r of state.respondents) if (r.attributes.type) types.add(r.attributes.type);
  byId('types').replaceChildren(...[...types].sort().map((t) => el('option', { attrs: { value: t } })));
}

/** Conversation `n` when it has been fetched; otherwise undefined, and it is fetched (the page is drawn again then). */
function conversation(n: number): PageConversation | undefined {
  const c = convs[n];
  if (c === undefined) void fetchConversation(n);
  return c;
}

/** Keeps a conversation's text, where each of its fragments sits, and the coder's codings of them. */
function keepConversation(n: number, c: PageConversation, asked: number): void {
  convs[n] = c;
  c.turns.forEach(([code, , text], turn) => {
    if (code === '') return;
    turnOf.set(code, turn);
    textOf.set(code, text);
  });
  if (allLoaded) return;
  const byCode = new Map<string, PageCoding[]>();
  for (const [fragment, label, memo, stance, type] of c.codings)
    byCode.set(fragment, [...(byCode.get(fragment) ?? []), coding(fragment, label, memo, stance, type)]);
  for (const [code] of c.turns) {
    const at = code === '' ? undefined : indexOf(code);
    if (at !== undefined && !changedSince(at, asked)) mine[at] = byCode.get(code);
  }
}

function coding(fragment: string, label: string, memo = '', stance = '', type = ''): PageCoding {
  return {
    fragment,
    label,
    memo,
    stance: stance === 'contradicts' || stance === 'supports' ? stance : '',
    type,
  };
}

/** Changes made on this page, numbered, and per fragment the number of its last one. */
let changes = 0;
const lastChange = new Map<number, number>();
/** Whether the fragment was changed here after the request answered now was made (its answer is older). */
function changedSince(at: number, asked: number): boolean {
  return (lastChange.get(at) ?? 0) > asked;
}

let allLoaded = false;
let allCodings: Promise<void> | undefined;
/**
 * Fetches all the coder's codings, which the filters need (the page is drawn before,
 * with the codings of the conversation shown): fragments changed here meanwhile keep
 * what this page knows.
 */
function loadAllCodings(): Promise<void> {
  const asked = changes;
  return (allCodings ??= getCodings()
    .then(({ codings: flat, details }) => {
      const list: PageCoding[] = [];
      const fresh = new Array<PageCoding[] | undefined>(frags.length).fill(undefined);
      for (let k = 0; k + 1 < flat.length; k += 2) {
        const at = flat[k] as number;
        const f = frags[at];
        if (f === undefined) continue;
        const c = coding(f.code, flat[k + 1] as string);
        list[k / 2] = c;
        (fresh[at] ??= []).push(c);
      }
      for (const [k, memo, stance, type] of details) {
        const c = list[k];
        if (c) Object.assign(c, coding(c.fragment, c.label, memo, stance, type));
      }
      for (let at = 0; at < frags.length; at++) if (!changedSince(at, asked)) mine[at] = fresh[at];
      coded = mine.reduce((n, l) => n + (l && l.length > 0 ? 1 : 0), 0);
      allLoaded = true;
      if (matches || isFiltering(filters)) applyFilters();
      else refresh();
    })
    .catch((e: Error) => {
      allCodings = undefined;
      say(`Could not fetch the codings: ${e.message}`, 'error');
    }));
}

function fetchConversation(n: number): Promise<void> {
  let pending = convLoading.get(n);
  if (pending) return pending;
  const asked = changes;
  pending = getConversation(n)
    .then((c) => {
      keepConversation(n, c, asked);
      convLoading.delete(n);
      if (frags[cur]?.conv === n) refresh();
      else if (matches) list.render();
    })
    .catch((e: Error) => {
      convLoading.delete(n);
      say(`Could not fetch conversation ${n + 1}: ${e.message}`, 'error');
    });
  convLoading.set(n, pending);
  return pending;
}

/** Fetches the next conversation while the coder reads this one, so moving on does not wait. */
function prefetchNext(): void {
  const next = (frags[cur]?.conv ?? -1) + 1;
  if (next < S.conversations.length && convs[next] === undefined)
    window.setTimeout(() => void fetchConversation(next), 50);
}

let wanted = new Set<string>();
/** The texts of search results in view that are not known yet, fetched together. */
function wantText(code: string): void {
  if (wanted.size === 0)
    window.setTimeout(() => {
      const codes = [...wanted].slice(0, 500);
      wanted = new Set();
      getTexts(codes)
        .then((texts) => {
          for (const [code, text] of Object.entries(texts)) textOf.set(code, text);
          if (matches) list.render();
        })
        .catch((e: Error) => say(`Could not fetch fragment texts: ${e.message}`, 'error'));
    }, 0);
  wanted.add(code);
}

function codebookOf(code: string): PageCodebook | undefined {
  const g = S.groups.find((x) => x.letter === code[0]);
  return S.codebooks.find((c) => c.id === g?.codebook);
}

function labelEntries(cb: PageCodebook): LabelEntry[] {
  return cb.mains.flatMap((m) =>
    m.cores.map((c) => ({ id: c.id, label: c.label, definition: c.definition, main: `${m.no} ${m.label}` })),
  );
}

function labelName(cb: PageCodebook | undefined, id: string): string {
  for (const m of cb?.mains ?? []) for (const c of m.cores) if (c.id === id) return c.label;
  return '';
}

/** Puts a label first among the recent labels of its codebook (keys 1–9). */
function remember(label: string, code: string): void {
  const cb = codebookOf(code);
  if (!cb) return;
  const l = (recent.get(cb.id) ?? []).filter((x) => x !== label);
  l.unshift(label);
  recent.set(cb.id, l.slice(0, 9));
}

/** The place of a fragment in frags, found through its respondent's runs; undefined when not in scope. */
function indexOf(code: string): number | undefined {
  const dot = code.lastIndexOf('.');
  const n = Number(code.slice(dot + 1));
  for (const [first, last, at] of runsOf.get(code.slice(0, dot)) ?? [])
    if (n >= first && n <= last && Number.isInteger(n)) return at + n - first;
  return undefined;
}

function labelsOf(code: string): PageCoding[] {
  const at = indexOf(code);
  return (at === undefined ? undefined : mine[at]) ?? [];
}

let coded = 0;
/** Fragments carrying a label of mine: counted on loading, then kept up to date per change. */
function codedCount(): number {
  return coded;
}

function setCodings(code: string, list: PageCoding[]): void {
  const at = indexOf(code);
  if (at === undefined) return;
  coded += (list.length > 0 ? 1 : 0) - ((mine[at]?.length ?? 0) > 0 ? 1 : 0);
  mine[at] = list.length > 0 ? list : undefined;
  lastChange.set(at, ++changes);
}

// ---- filters and the list -------------------------------------------------------------------

function readFilters(): Filters {
  const v = (id: string) => byId<HTMLInputElement>(id).value;
  return {
    uncoded: byId<HTMLInputElement>('f-uncoded').checked,
    labels: parseLabelList(v('f-labels')),
    all: byId<HTMLInputElement>('f-all').checked,
    not: parseLabelList(v('f-not')),
    group: v('f-group'),
    respondent: v('f-respondent').trim(),
    attributes: parseAttributes(v('f-attributes')),
    text: v('f-text'),
  };
}

let filterRound = 0;
let lastSearch: { text: string; hits: Set<string> } | undefined;

/**
 * Reads the filters and lists what meets them. Text is searched by the server, which
 * has the texts (as `qualkit retrieve --text`); the other filters here, on what the page has.
 */
function applyFilters(): void {
  filters = readFilters();
  const round = ++filterRound;
  if (isFiltering(filters) && !allLoaded) {
    byId('list-info').textContent = 'Reading your codings …';
    void loadAllCodings().then(() => round === filterRound && allLoaded && applyFilters());
    return;
  }
  const text = filters.text.trim();
  if (text === '' || lastSearch?.text === text)
    return showMatches(text === '' ? undefined : lastSearch!.hits);
  byId('list-info').textContent = 'Searching …';
  searchTexts(text)
    .then((codes) => {
      lastSearch = { text, hits: new Set(codes) };
      if (round === filterRound) showMatches(lastSearch.hits);
    })
    .catch((e: Error) => say(`Could not search: ${e.message}`, 'error'));
}

function showMatches(textHits: Set<string> | undefined): void {
  if (!isFiltering(filters)) matches = null;
  else {
    const rest = { ...filters, text: '' };
    matches = [];
    for (let i = 0; i < frags.length; i++) {
      const f = frags[i]!;
      if (textHits && !textHits.has(f.code)) continue;
      const ok = matchesFilters(
        {
          code: f.code,
          group: f.group,
          respondent: f.respondent,
          attributes: attributesOf.get(f.respondent) ?? {},
          labels: (mine[i] ?? []).map((c) => c.label),
          folded: () => '',
        },
        rest,
      );
      if (ok) matches.push(i);
    }
    if (matches.length > 0 && !matches.includes(cur)) cur = matches.find((m) => m >= cur) ?? matches[0]!;
  }
  sel = 0;
  refresh();
}

function clearFilters(): void {
  for (const id of ['f-labels', 'f-not', 'f-respondent', 'f-attributes', 'f-text'])
    byId<HTMLInputElement>(id).value = '';
  byId<HTMLInputElement>('f-uncoded').checked = false;
  byId<HTMLInputElement>('f-all').checked = false;
  byId<HTMLSelectElement>('f-group').value = '';
  applyFilters();
}

/** The rows of the list: the matching fragments, or the current conversation's turns. */
function rowCount(): number {
  if (matches) return matches.length;
  return frags.length === 0 ? 0 : (conversation(frags[cur]!.conv)?.turns.length ?? 0);
}

function renderRow(i: number): HTMLElement {
  if (matches) {
    const f = frags[matches[i]!]!;
    const labels = labelsOf(f.code)
      .map((c) => c.label)
      .join(' ');
    const text = textOf.get(f.code);
    if (text === undefined) wantText(f.code);
    return el(
      'div',
      { class: `row fragment${matches[i] === cur ? ' current' : ''}`, attrs: { 'data-code': f.code } },
      [
        el('span', { class: 'code', text: f.code }),
        el('span', { class: 'labels', text: labels }),
        el('span', { class: `text${text === undefined ? ' loading' : ''}`, text: text ?? '…' }),
      ],
    );
  }
  const conv = convs[frags[cur]!.conv]!;
  const [code, speaker, text] = conv.turns[i]!;
  if (code === '')
    return el('div', { class: 'row context' }, [
      el('span', { class: 'speaker', text: conv.speakers[speaker] ?? '' }),
      el('span', { class: 'text', text }),
    ]);
  const labels = labelsOf(code)
    .map((c) => c.label)
    .join(' ');
  return el(
    'div',
    { class: `row fragment${code === frags[cur]!.code ? ' current' : ''}`, attrs: { 'data-code': code } },
    [
      el('span', { class: 'code', text: code }),
      el('span', { class: 'labels', text: labels }),
      el('span', { class: 'text', text }),
    ],
  );
}

function currentRow(): number {
  if (matches) return Math.max(0, matches.indexOf(cur));
  return turnOf.get(frags[cur]?.code ?? '') ?? 0;
}

function refresh(): void {
  const total = frags.length;
  byId('progress').textContent = `${codedCount()} of ${total} fragments coded`;
  if (total === 0) {
    byId('list-info').textContent = 'No fragments in your scope.';
    list.setCount(0);
    return;
  }
  const f = frags[cur]!;
  const head = S.conversations[f.conv]!;
  byId('list-info').textContent = matches
    ? `${matches.length} fragment${matches.length === 1 ? '' : 's'} match the filters`
    : `Conversation ${f.conv + 1} of ${S.conversations.length}: ${head.respondent} (${head.source})${convs[f.conv] ? '' : ' — loading …'}`;
  list.setCount(rowCount());
  list.reveal(currentRow());
  renderDetail();
  if (!matches && convs[f.conv]) prefetchNext();
}

// ---- the current fragment -------------------------------------------------------------------

function renderDetail(): void {
  const f = frags[cur];
  const detail = byId('detail');
  if (!f || (matches && matches.length === 0)) {
    detail.hidden = true;
    return;
  }
  detail.hidden = false;
  const cb = codebookOf(f.code);
  byId('frag-code').textContent = f.code;
  const attrs = Object.entries(attributesOf.get(f.respondent) ?? {}).map(([k, v]) => `${k}: ${v}`);
  const group = S.groups.find((g) => g.letter === f.group);
  // The text and the turns before it come with the conversation; until then the labels are shown alone.
  const conv = conversation(f.conv);
  const turn = turnOf.get(f.code);
  const shownTurn = conv && turn !== undefined ? conv.turns[turn] : undefined;
  document.body.toggleAttribute('data-loading', shownTurn === undefined);
  const speaker = shownTurn ? (conv!.speakers[shownTurn[1]] ?? '') : '';
  byId('frag-meta').textContent = [`${f.respondent} (${group?.name ?? f.group})`, ...attrs, speaker]
    .filter((x) => x !== '')
    .join(' · ');
  const context: HTMLElement[] = [];
  for (let t = (turn ?? 0) - 1; conv && t >= 0 && conv.turns[t]![0] === ''; t--) {
    const [, sp, text] = conv.turns[t]!;
    context.unshift(
      el('p', {}, [el('span', { class: 'speaker', text: `${conv.speakers[sp] ?? ''}: ` }), text]),
    );
  }
  byId('frag-context').replaceChildren(...context);
  byId('frag-text').textContent = shownTurn ? shownTurn[2] : 'Loading the conversation …';
  const own = labelsOf(f.code);
  if (sel >= own.length) sel = Math.max(0, own.length - 1);
  byId('labels').replaceChildren(
    ...own.map((c, i) =>
      el('li', { class: i === sel ? 'selected' : '', attrs: { 'data-label': c.label } }, [
        el('span', { class: 'label-id', text: c.label }),
        el('span', { class: 'label-name', text: ` ${labelName(cb, c.label)}` }),
        el('span', { class: 'memo', text: c.memo === '' ? '' : ` — ${c.memo}` }),
        el('span', { class: 'stance', text: c.stance === 'contradicts' ? ' [contradicts]' : '' }),
        el('span', { class: 'type', text: c.type === '' ? '' : ` [type: ${c.type}]` }),
        button('memo', 'Memo', 'm', () => ((sel = i), editMemo())),
        button('stance', 'Stance', 's', () => ((sel = i), toggleStance())),
        button('type', 'Type', 't', () => ((sel = i), editType())),
        button('remove', 'Remove', 'x', () => ((sel = i), removeSelected())),
      ]),
    ),
  );
  if (own.length === 0)
    byId('labels').append(el('li', { class: 'none', text: 'No labels yet: press l to pick one.' }));
  renderRecent(cb);
  renderSuggestions(f.code, cb);
  renderCodebook(cb, new Set(own.map((c) => c.label)));
}

function button(cls: string, text: string, key: string, action: () => void): HTMLButtonElement {
  const b = el('button', {
    class: `small ${cls}`,
    text,
    title: `${text} (${key})`,
    attrs: { type: 'button' },
  });
  b.addEventListener('click', (e) => {
    e.stopPropagation();
    keyAt = performance.now();
    action();
  });
  return b;
}

function renderRecent(cb: PageCodebook | undefined): void {
  const ids = cb ? (recent.get(cb.id) ?? []) : [];
  byId('recent').replaceChildren(
    ...ids.map((id, i) => {
      const b = el('button', { class: 'recent', attrs: { type: 'button', 'data-key': String(i + 1) } }, [
        el('kbd', { text: String(i + 1) }),
        ` ${id} ${labelName(cb, id)}`,
      ]);
      b.addEventListener('click', () => ((keyAt = performance.now()), addLabel(id)));
      return b;
    }),
  );
}

function renderSuggestions(code: string, cb: PageCodebook | undefined): void {
  const box = byId('suggestions');
  if (suggestions.code !== code) {
    clear(box);
    box.append(el('li', { class: 'none', text: 'Suggestions are being computed …' }));
    // Asked for once the page is drawn: the model is trained on first use, which takes a while.
    if (document.body.dataset.ready === undefined) return;
    getSuggestions(code)
      .then((list) => {
        suggestions = { code, list };
        if (frags[cur]?.code === code) renderSuggestions(code, cb);
      })
      .catch(() => undefined);
    return;
  }
  const given = new Set(labelsOf(code).map((c) => c.label));
  const shown = suggestions.list.filter((s) => !given.has(s.label));
  box.replaceChildren(
    ...shown.map((s, i) =>
      el('li', { attrs: { 'data-label': s.label } }, [
        el('span', { class: 'label-id', text: s.label }),
        ` ${labelName(cb, s.label)} `,
        el('span', { class: 'score', text: s.score.toFixed(2) }),
        el('span', { class: 'reason', text: ` because of: ${s.reasons.join(', ')}` }),
        button('accept', i === 0 ? 'Accept (a)' : 'Accept', 'a', () => addLabel(s.label)),
      ]),
    ),
  );
  if (shown.length === 0) box.append(el('li', { class: 'none', text: 'No suggestions.' }));
}

let treeFor = '';
function renderCodebook(cb: PageCodebook | undefined, given: Set<string>): void {
  const tree = byId('codebook');
  const key = cb ? `${cb.id}:${cb.mains.reduce((n, m) => n + m.cores.length, 0)}` : '';
  if (key !== treeFor) {
    treeFor = key;
    clear(tree);
    for (const m of cb?.mains ?? []) {
      const cores = el('ul');
      for (const c of m.cores) {
        const b = el(
          'button',
          { class: 'core', title: c.definition, attrs: { type: 'button', 'data-label': c.id } },
          [el('span', { class: 'label-id', text: c.id }), ` ${c.label}`],
        );
        b.addEventListener('click', () => ((keyAt = performance.now()), addLabel(c.id)));
        b.addEventListener('focus', () => showDefinition(`${c.id} ${c.label}`, c.definition));
        b.addEventListener('mouseenter', () => showDefinition(`${c.id} ${c.label}`, c.definition));
        cores.append(el('li', {}, [b]));
      }
      const head = el('span', {
        class: 'main',
        title: m.definition,
        text: `${m.no}. ${m.label}`,
        attrs: { tabindex: '0' },
      });
      head.addEventListener('focus', () => showDefinition(`${m.no}. ${m.label}`, m.definition));
      head.addEventListener('mouseenter', () => showDefinition(`${m.no}. ${m.label}`, m.definition));
      tree.append(el('li', {}, [head, cores]));
    }
  }
  for (const b of tree.querySelectorAll<HTMLButtonElement>('button.core'))
    b.classList.toggle('given', given.has(b.dataset.label ?? ''));
}

function showDefinition(title: string, definition: string): void {
  byId('definition').replaceChildren(
    el('strong', { text: title }),
    el('p', { text: definition || '(no definition)' }),
  );
}

// ---- changes --------------------------------------------------------------------------------

function say(message: string, kind: 'ok' | 'error' | 'notice' = 'ok'): void {
  const s = byId('status');
  s.textContent = message;
  s.className = kind;
}

async function send(change: Change): Promise<boolean> {
  const started = keyAt ?? performance.now();
  keyAt = undefined;
  const r = await postChange(change);
  if (r.ok) {
    performance.measure('qualkit-save', { start: started, end: performance.now() });
    saves++;
    document.body.dataset.saves = String(saves);
  }
  if (r.reread) {
    await reload();
    say(r.message ?? 'The codings file changed on disk and was read again.', 'notice');
    if (!r.ok) return false;
  }
  if (!r.ok) {
    say(r.message ?? 'Refused; nothing was written.', 'error');
    return false;
  }
  if (r.codebook) {
    const i = S.codebooks.findIndex((c) => c.id === r.codebook!.id);
    if (i >= 0) S.codebooks[i] = r.codebook;
  }
  if (r.fragment && r.codings) setCodings(r.fragment, r.codings);
  if (r.coded !== undefined) coded = r.coded;
  if (!r.reread) say(`Saved to ${S.file}.`);
  refresh();
  return true;
}

async function addLabel(label: string): Promise<void> {
  const f = frags[cur];
  if (!f) return;
  if (await send({ op: 'add', fragment: f.code, label, memo: '', stance: '', type: '' })) {
    remember(label, f.code);
    sel = labelsOf(f.code).findIndex((c) => c.label === label);
    refresh();
  }
}

function selected(): PageCoding | undefined {
  const f = frags[cur];
  return f ? labelsOf(f.code)[sel] : undefined;
}

async function update(c: PageCoding, fields: Partial<PageCoding>): Promise<void> {
  const n = { ...c, ...fields };
  await send({
    op: 'update',
    fragment: n.fragment,
    label: n.label,
    memo: n.memo,
    stance: n.stance,
    type: n.type,
  });
}

async function removeSelected(): Promise<void> {
  const c = selected();
  if (!c) return say('No label to remove.', 'error');
  await send({ op: 'remove', fragment: c.fragment, label: c.label });
}

function toggleStance(): void {
  const c = selected();
  if (!c) return say('No label selected.', 'error');
  void update(c, { stance: c.stance === 'contradicts' ? '' : 'contradicts' });
}

function editMemo(): void {
  const c = selected();
  if (!c) return say('Give the fragment a label first; a memo belongs to a label.', 'error');
  openEditor(`Memo for ${c.fragment} ${c.label}`, c.memo, false, (memo) => update(c, { memo }));
}

function editType(): void {
  const c = selected();
  if (!c) return say('No label selected.', 'error');
  openEditor(`Respondent type ${c.fragment} ${c.label} speaks about`, c.type, true, (type) =>
    update(c, { type }),
  );
}

function acceptSuggestion(): void {
  const f = frags[cur];
  if (!f || suggestions.code !== f.code) return say('No suggestions yet.', 'error');
  const given = new Set(labelsOf(f.code).map((c) => c.label));
  const s = suggestions.list.find((x) => !given.has(x.label));
  if (!s) return say('No suggestion left to accept.', 'error');
  void addLabel(s.label);
}

async function reload(): Promise<void> {
  const code = frags[cur]?.code;
  load(await getState());
  cur = code !== undefined ? (indexOf(code) ?? 0) : 0;
  treeFor = '';
  suggestions = { code: '', list: [] };
  allCodings = undefined;
  await loadAllCodings();
  applyFilters();
}

// ---- moving ---------------------------------------------------------------------------------

function move(step: number): void {
  if (matches) {
    const at = matches.indexOf(cur);
    const next = matches[Math.min(matches.length - 1, Math.max(0, at + step))];
    if (next !== undefined) cur = next;
  } else cur = Math.min(frags.length - 1, Math.max(0, cur + step));
  sel = 0;
  refresh();
}

function moveConversation(step: number): void {
  const conv = frags[cur]?.conv ?? 0;
  const target = conv + step;
  const pool = matches ?? frags.map((_, i) => i);
  const found =
    step > 0
      ? pool.find((i) => frags[i]!.conv >= target)
      : [...pool].reverse().find((i) => frags[i]!.conv <= target);
  if (found === undefined) return;
  const first = pool.find((i) => frags[i]!.conv === frags[found]!.conv);
  cur = first ?? found;
  sel = 0;
  refresh();
}

function jumpTo(code: string): void {
  const at = indexOf(code.trim().toUpperCase());
  if (at === undefined) return say(`No fragment ${code} in your scope.`, 'error');
  cur = at;
  if (matches && !matches.includes(at)) clearFilters();
  sel = 0;
  refresh();
  byId('list').focus();
}

// ---- dialogs --------------------------------------------------------------------------------

function openModal(name: NonNullable<typeof modal>): void {
  modal = name;
  byId(name).hidden = false;
}

function closeModal(): void {
  if (modal) byId(modal).hidden = true;
  modal = undefined;
  byId('list').focus();
}

let pickerItems: LabelEntry[] = [];
let pickerActive = 0;

function openPicker(): void {
  const f = frags[cur];
  if (!f) return;
  openModal('picker');
  const input = byId<HTMLInputElement>('picker-input');
  input.value = '';
  renderPicker();
  input.focus();
}

function renderPicker(): void {
  const f = frags[cur]!;
  const cb = codebookOf(f.code);
  const query = byId<HTMLInputElement>('picker-input').value;
  pickerItems = cb ? searchLabels(labelEntries(cb), query).slice(0, 60) : [];
  pickerActive = Math.min(pickerActive, Math.max(0, pickerItems.length - 1));
  if (query === '') pickerActive = 0;
  const given = new Set(labelsOf(f.code).map((c) => c.label));
  const items = pickerItems.map((e, i) =>
    el(
      'li',
      {
        class: `${i === pickerActive ? 'active' : ''}${given.has(e.id) ? ' given' : ''}`,
        attrs: { role: 'option', 'data-label': e.id, 'aria-selected': String(i === pickerActive) },
      },
      [
        el('span', { class: 'label-id', text: e.id }),
        el('span', { class: 'label-name', text: ` ${e.label}` }),
        el('span', { class: 'main-name', text: ` — ${e.main}` }),
        el('div', { class: 'definition', text: e.definition }),
      ],
    ),
  );
  items.forEach((li, i) => li.addEventListener('click', () => ((pickerActive = i), pickerChoose())));
  const create = el('li', {
    class: `create${pickerItems.length === 0 ? ' active' : ''}`,
    text: `+ New core label${query.trim() ? ` “${query.trim()}”` : ''} (Ctrl+Enter)`,
  });
  create.addEventListener('click', () => openNewLabel(query.trim()));
  byId('picker-list').replaceChildren(...items, create);
  byId('picker-list').querySelector('li.active')?.scrollIntoView({ block: 'nearest' });
}

function pickerChoose(): void {
  const chosen = pickerItems[pickerActive];
  const query = byId<HTMLInputElement>('picker-input').value.trim();
  closeModal();
  if (chosen) void addLabel(chosen.id);
  else openNewLabel(query);
}

function pickerKey(e: KeyboardEvent): void {
  if (e.key === 'ArrowDown') pickerActive = Math.min(pickerItems.length - 1, pickerActive + 1);
  else if (e.key === 'ArrowUp') pickerActive = Math.max(0, pickerActive - 1);
  else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
    const q = byId<HTMLInputElement>('picker-input').value.trim();
    closeModal();
    openNewLabel(q);
    e.preventDefault();
    return;
  } else if (e.key === 'Enter') {
    e.preventDefault();
    pickerChoose();
    return;
  } else return;
  e.preventDefault();
  renderPicker();
}

let editorSubmit: ((value: string) => void) | undefined;
function openEditor(title: string, value: string, types: boolean, submit: (value: string) => void): void {
  byId('editor-title').textContent = title;
  const input = byId<HTMLInputElement>('editor-input');
  input.value = value;
  if (types) input.setAttribute('list', 'types');
  else input.removeAttribute('list');
  editorSubmit = submit;
  openModal('editor');
  input.focus();
  input.select();
}

function openNewLabel(name: string): void {
  const f = frags[cur];
  const cb = f && codebookOf(f.code);
  if (!cb) return;
  const main = byId<HTMLSelectElement>('new-main');
  main.replaceChildren(
    ...cb.mains.map((m) => el('option', { text: `${m.no}. ${m.label}`, attrs: { value: String(m.no) } })),
  );
  byId<HTMLInputElement>('new-name').value = name;
  byId<HTMLTextAreaElement>('new-definition').value = '';
  byId('new-for').textContent = `in codebook ${cb.id}, coded on ${f.code} at once`;
  openModal('newlabel');
  main.focus();
}

async function saveNewLabel(): Promise<void> {
  const f = frags[cur];
  if (!f) return;
  const name = byId<HTMLInputElement>('new-name').value.trim();
  if (name === '') return say('A new label needs a name.', 'error');
  const main = Number(byId<HTMLSelectElement>('new-main').value);
  const definition = byId<HTMLTextAreaElement>('new-definition').value.trim();
  closeModal();
  keyAt = performance.now();
  const before = new Set(labelsOf(f.code).map((c) => c.label));
  if (await send({ op: 'new-label', fragment: f.code, main, name, definition })) {
    const added = labelsOf(f.code).find((c) => !before.has(c.label));
    if (added) {
      remember(added.label, f.code);
      say(`New label ${added.label} “${name}” written to the codebook and given to ${f.code}.`);
    }
    refresh();
  }
}

// ---- keys -----------------------------------------------------------------------------------

const KEYS: [string, string, () => void][] = [
  ['j / ↓', 'next fragment', () => move(1)],
  ['k / ↑', 'previous fragment', () => move(-1)],
  ['n', 'next conversation', () => moveConversation(1)],
  ['p', 'previous conversation', () => moveConversation(-1)],
  ['l', 'pick a label (type to search, ↑↓, Enter)', openPicker],
  ['1–9', 'give a recent label', () => undefined],
  ['[ / ]', 'select the previous / next label of the fragment', () => undefined],
  ['m', 'memo for the selected label', editMemo],
  ['s', 'stance of the selected label: supports ↔ contradicts', toggleStance],
  ['t', 'respondent type the selected label speaks about', editType],
  ['x / Delete', 'remove the selected label', () => void removeSelected()],
  ['a', 'accept the first suggestion', acceptSuggestion],
  ['+', 'new core label under a main label', () => openNewLabel('')],
  ['g', 'jump to a fragment code', () => byId('jump-input').focus()],
  ['f', 'search the text (filters)', () => byId('f-text').focus()],
  [
    'u',
    'only fragments I have not coded (on/off)',
    () => (
      (byId<HTMLInputElement>('f-uncoded').checked = !byId<HTMLInputElement>('f-uncoded').checked),
      applyFilters()
    ),
  ],
  ['o', 'open the fragment in its conversation (clear filters)', clearFilters],
  ['?', 'this help', () => openModal('help')],
  ['Esc', 'close a dialog, leave a field', closeModal],
];

function onKey(e: KeyboardEvent): void {
  if (e.altKey || ((e.ctrlKey || e.metaKey) && e.key !== 'Enter')) return;
  if (modal === 'picker') {
    if (e.key === 'Escape') closeModal();
    else pickerKey(e);
    return;
  }
  if (modal === 'editor' || modal === 'newlabel' || modal === 'help') {
    if (e.key === 'Escape') {
      e.preventDefault();
      closeModal();
    } else if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      if (modal === 'editor') {
        const value = byId<HTMLInputElement>('editor-input').value;
        const submit = editorSubmit;
        closeModal();
        keyAt = performance.now();
        submit?.(value);
      } else if (modal === 'newlabel') void saveNewLabel();
      else closeModal();
    }
    return;
  }
  const target = e.target as HTMLElement;
  if (target.matches('input, textarea, select')) {
    if (e.key === 'Escape') byId('list').focus();
    if (e.key === 'Enter' && target.id === 'jump-input') {
      jumpTo((target as HTMLInputElement).value);
      (target as HTMLInputElement).value = '';
    }
    return;
  }
  keyAt = performance.now();
  const k = e.key;
  const own = frags[cur] ? labelsOf(frags[cur]!.code) : [];
  let handled = true;
  if (k === 'j' || k === 'ArrowDown') move(1);
  else if (k === 'k' || k === 'ArrowUp') move(-1);
  else if (k === 'n') moveConversation(1);
  else if (k === 'p') moveConversation(-1);
  else if (k === 'l') openPicker();
  else if (/^[1-9]$/.test(k)) {
    const cb = frags[cur] && codebookOf(frags[cur]!.code);
    const id = cb ? recent.get(cb.id)?.[Number(k) - 1] : undefined;
    if (id) void addLabel(id);
    else say(`No recent label ${k} yet.`, 'error');
  } else if (k === '[') {
    sel = Math.max(0, sel - 1);
    renderDetail();
  } else if (k === ']') {
    sel = Math.min(own.length - 1, sel + 1);
    renderDetail();
  } else if (k === 'm') editMemo();
  else if (k === 's') toggleStance();
  else if (k === 't') editType();
  else if (k === 'x' || k === 'Delete') void removeSelected();
  else if (k === 'a') acceptSuggestion();
  else if (k === '+') openNewLabel('');
  else if (k === 'g') byId('jump-input').focus();
  else if (k === 'f') byId('f-text').focus();
  else if (k === 'u') KEYS.find(([key]) => key === 'u')![2]();
  else if (k === 'o') clearFilters();
  else if (k === '?') openModal('help');
  else handled = false;
  if (handled) e.preventDefault();
  else keyAt = undefined;
}

// ---- start ----------------------------------------------------------------------------------

function wire(): void {
  document.addEventListener('keydown', onKey);
  let timer = 0;
  byId('filters').addEventListener('input', () => {
    clearTimeout(timer);
    timer = window.setTimeout(applyFilters, 120);
  });
  byId('filters').addEventListener('submit', (e) => e.preventDefault());
  byId('clear-filters').addEventListener('click', clearFilters);
  byId('list').addEventListener('click', (e) => {
    const row = (e.target as HTMLElement).closest<HTMLElement>('.row.fragment');
    if (row?.dataset.code) {
      cur = indexOf(row.dataset.code) ?? cur;
      sel = 0;
      refresh();
    }
  });
  const actions: [string, () => void][] = [
    ['btn-prev', () => move(-1)],
    ['btn-next', () => move(1)],
    ['btn-prev-conv', () => moveConversation(-1)],
    ['btn-next-conv', () => moveConversation(1)],
    ['btn-pick', openPicker],
    ['btn-memo', editMemo],
    ['btn-stance', toggleStance],
    ['btn-type', editType],
    ['btn-remove', () => void removeSelected()],
    ['btn-accept', acceptSuggestion],
    ['btn-new', () => openNewLabel('')],
    ['btn-help', () => openModal('help')],
    ['btn-jump', () => jumpTo(byId<HTMLInputElement>('jump-input').value)],
    ['btn-conversation', clearFilters],
  ];
  for (const [id, action] of actions)
    byId(id).addEventListener('click', () => ((keyAt = performance.now()), action()));
  byId('picker-input').addEventListener('input', () => ((pickerActive = 0), renderPicker()));
  byId('new-save').addEventListener('click', () => void saveNewLabel());
  byId('editor-save').addEventListener('click', () => {
    const submit = editorSubmit;
    const value = byId<HTMLInputElement>('editor-input').value;
    closeModal();
    submit?.(value);
  });
  for (const b of document.querySelectorAll<HTMLButtonElement>('button.close'))
    b.addEventListener('click', closeModal);
  byId('help-keys').replaceChildren(
    ...KEYS.map(([k, what]) =>
      el('tr', {}, [el('td', {}, [el('kbd', { text: k })]), el('td', { text: what })]),
    ),
  );
  // Someone else may save the codings file (Excel, git pull): look every few seconds and on focus.
  const look = () => {
    if (modal) return;
    checkFiles()
      .then(async (r) => {
        if (!r.changed) return;
        await reload();
        say(r.message ?? 'The codings file changed on disk and was read again.', 'notice');
      })
      .catch(() =>
        say('The qualkit server does not answer (stopped?). Changes are not being saved.', 'error'),
      );
  };
  window.setInterval(look, 3000);
  window.addEventListener('focus', look);
}

async function start(): Promise<void> {
  wire();
  try {
    const state = await getState();
    load(state);
    if (state.opening) keepConversation(state.opening.n, state.opening.conversation, changes);
  } catch (e) {
    say(`Could not load the study: ${(e as Error).message}`, 'error');
    return;
  }
  // The server opens on the conversation of the first fragment without a label; here, on that fragment.
  const n = S.opening?.n ?? 0;
  const from = convStart[n] ?? 0;
  const to = convStart[n + 1] ?? frags.length;
  cur = from;
  while (cur < to && mine[cur] !== undefined) cur++;
  if (cur >= to) cur = Math.min(from, Math.max(0, frags.length - 1));
  if (frags.length > 0 && convs[frags[cur]!.conv] === undefined) await fetchConversation(frags[cur]!.conv);
  refresh();
  byId('list').focus();
  requestAnimationFrame(() => {
    document.body.dataset.ready = '1';
    performance.mark('qualkit-ready');
    void loadAllCodings();
    const f = frags[cur];
    if (f) renderSuggestions(f.code, codebookOf(f.code));
  });
}

void start();
