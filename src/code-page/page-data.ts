import { coderSaw } from '../agreement/compute-agreement.js';
import type { Codebook } from '../codebook/codebook.js';
import type { CoderConfig } from '../config/study-config.js';
import { foldText } from '../retrieve/select-fragments.js';
import type { SourceTranscript } from '../fragments/fragment.js';
import type { Study } from '../study/study.js';

import type {
  PageCodebook,
  PageCodingRow,
  PageCodings,
  PageConversation,
  PageConversationHead,
  PageState,
} from '../page/page-data-types.js';

export type { PageCodebook, PageCodings, PageConversation, PageConversationHead, PageState };

/** A coding as the page needs it: the study's own (stance and type left out when empty) or the page's. */
export interface PageCodingFields {
  fragment: string;
  label: string;
  memo: string;
  stance?: string;
  type?: string;
}

/**
 * The place of fragment `code` (its respondent's part ending at `dot`) among `runs`, its
 * respondent's runs; undefined unless its number is written plainly (`C12.7`, not `C12.07`).
 */
function placeIn(
  runs: readonly [number, number, number][] | undefined,
  code: string,
  dot: number,
): number | undefined {
  if (
    runs === undefined ||
    dot + 1 >= code.length ||
    (code.charCodeAt(dot + 1) === 48 && dot + 2 < code.length)
  )
    return undefined;
  let n = 0;
  for (let k = dot + 1; k < code.length; k++) {
    const d = code.charCodeAt(k) - 48;
    if (d < 0 || d > 9) return undefined;
    n = n * 10 + d;
  }
  for (const [first, last, at] of runs) if (n >= first && n <= last) return at + n - first;
  return undefined;
}

/** The most fragment texts one request may ask for (a screenful of search results is a few dozen). */
export const MAX_TEXTS = 500;

export function pageCodebook(cb: Codebook): PageCodebook {
  return {
    id: cb.id,
    question: cb.question ?? '',
    mains: cb.mains.map((m) => ({
      no: m.no,
      label: m.label,
      definition: m.definition,
      cores: m.cores.map((c) => ({ id: c.id, label: c.label, definition: c.definition })),
    })),
  };
}

/**
 * What the page may see of the study, for the fragments in the coder's scope only: the
 * (pseudonymised) conversations they are part of, the codebooks of their groups and the
 * coder's codings. Nothing else of the study (no key, no names file) is sent. The list of
 * conversations goes to the page at once; a conversation's text when it is shown, the
 * texts of search results when they are in view, and text search is done here, so a
 * study of 100,000 fragments opens as fast as a small one.
 */
export class PageStudy {
  private readonly transcripts: SourceTranscript[] = [];
  readonly heads: PageConversationHead[] = [];
  /** The number of fragments in the coder's scope; their places run from 0 in study order (the page's order). */
  private places = 0;
  /** Per respondent, its runs [first number, last number, place of the first]. */
  private readonly runsOf = new Map<string, [number, number, number][]>();
  /** Per conversation, the place of its first fragment. */
  private readonly firstPlace: number[] = [];
  private searchable: { codes: string[]; folded: string[] } | undefined;
  private readonly letters = new Set<string>();
  private readonly respondentsSeen = new Set<string>();

  constructor(
    private readonly study: Study,
    private readonly coder: CoderConfig,
  ) {
    for (const t of study.transcripts) {
      const first = this.places;
      const runs: [string, number, number][] = [];
      let last: [string, number, number] | undefined;
      let lastOwn: [number, number, number] | undefined;
      for (const e of t.entries) {
        if (e.kind !== 'fragment' || e.code === undefined || !this.inScope(e.code)) continue;
        // A transcript's fragments are its respondent's, numbered C12.1, C12.2, … (made so by numbering).
        const dot = e.code.lastIndexOf('.');
        const n = Number(e.code.slice(dot + 1));
        if (last !== undefined && last[2] + 1 === n && e.code.startsWith(last[0]) && dot === last[0].length) {
          last[2] = n;
          lastOwn![1] = n;
        } else {
          const respondent = e.code.slice(0, dot);
          runs.push((last = [respondent, n, n]));
          let own = this.runsOf.get(respondent);
          if (!own) this.runsOf.set(respondent, (own = []));
          own.push((lastOwn = [n, n, this.places]));
        }
        this.places++;
      }
      if (runs.length === 0) continue;
      this.firstPlace.push(first);
      this.transcripts.push(t);
      this.respondentsSeen.add(t.respondent);
      this.letters.add(t.respondent[0]!);
      this.heads.push({ respondent: t.respondent, source: t.source, runs });
    }
  }

  /** The codes of the coder's fragments in conversation `n`. */
  codesOf(n: number): string[] {
    const codes: string[] = [];
    for (const [respondent, first, last] of this.heads[n]?.runs ?? [])
      for (let k = first; k <= last; k++) codes.push(`${respondent}.${k}`);
    return codes;
  }

  /** The place of a fragment in the coder's scope, or undefined. */
  placeOf(code: string): number | undefined {
    const dot = code.lastIndexOf('.');
    return dot > 0 ? placeIn(this.runsOf.get(code.slice(0, dot)), code, dot) : undefined;
  }

  private inScope(code: string): boolean {
    // A transcript's fragments are the study's: without a scope, every one is the coder's.
    if (this.coder.scope === undefined) return true;
    const f = this.study.fragmentIndex.get(code);
    return f !== undefined && coderSaw(this.coder, f);
  }

  /**
   * The page's state: the study's outline, how many fragments the coder has coded, her
   * recent labels and the conversation she goes on with; no other transcript text, and
   * her codings apart (`codings`). `codings` in file order, or by fragment.
   */
  state(codings: readonly PageCodingFields[], file: string): PageState {
    const study = this.study;
    const groups = study.groups.filter((g) => this.letters.has(g.letter));
    const codebookIds = new Set(groups.map((g) => g.codebook));
    const places = this.placesOf(codings);
    const coded = new Uint8Array(this.places);
    for (const at of places) if (at >= 0) coded[at] = 1;
    let count = 0;
    for (const x of coded) count += x;
    return {
      study: study.config.study,
      coder: this.coder.name,
      file,
      codebooks: study.codebooks.filter((c) => codebookIds.has(c.id)).map(pageCodebook),
      groups: groups.map((g) => ({ letter: g.letter, name: g.name, codebook: g.codebook })),
      respondents: study.respondents
        .filter((r) => this.respondentsSeen.has(r.id))
        .map((r) => ({
          id: r.id,
          attributes: Object.fromEntries(Object.entries(r.attributes).map(([k, v]) => [k, String(v)])),
        })),
      conversations: this.heads,
      coded: count,
      recent: this.recent(codings, places),
      ...this.opening(codings, places, coded),
    };
  }

  /** The place of each coding's fragment, -1 where it is not in the coder's scope. */
  private placesOf(codings: readonly PageCodingFields[]): Int32Array {
    const places = new Int32Array(codings.length);
    let code = '';
    let at: number | undefined;
    let respondent = '';
    let runs: [number, number, number][] | undefined;
    for (let i = 0; i < codings.length; i++) {
      const c = codings[i]!;
      // Codings come by fragment, or in file order, where one fragment's rows (and one respondent's) mostly stand together.
      if (c.fragment !== code) {
        code = c.fragment;
        const dot = code.lastIndexOf('.');
        if (dot !== respondent.length || !code.startsWith(respondent))
          runs = this.runsOf.get((respondent = code.slice(0, dot)));
        at = dot > 0 ? placeIn(runs, code, dot) : undefined;
      }
      places[i] = at ?? -1;
    }
    return places;
  }

  private recent(codings: readonly PageCodingFields[], places: Int32Array): Record<string, string[]> {
    const out = Object.create(null) as Record<string, string[]>;
    const codebooks = new Set([...this.letters].map((g) => this.study.codebookOfGroup.get(g)?.id));
    let full = 0;
    for (let i = codings.length - 1; i >= 0 && full < codebooks.size; i--) {
      if (places[i]! < 0) continue;
      const c = codings[i]!;
      const codebook = this.study.codebookOfGroup.get(c.fragment[0]!);
      if (!codebook) continue;
      const list = (out[codebook.id] ??= []);
      if (list.length < 9 && !list.includes(c.label) && list.push(c.label) === 9) full++;
    }
    return out;
  }

  /** The conversation of the first fragment without a label of the coder (the page opens there), with its codings. */
  private opening(
    codings: readonly PageCodingFields[],
    places: Int32Array,
    coded: Uint8Array,
  ): Pick<PageState, 'opening'> {
    if (this.places === 0) return {};
    let place = coded.indexOf(0);
    if (place < 0) place = 0;
    let n = 0;
    while (n + 1 < this.firstPlace.length && this.firstPlace[n + 1]! <= place) n++;
    const from = this.firstPlace[n]!;
    const to = this.firstPlace[n + 1] ?? this.places;
    const own = codings.filter((_, i) => places[i]! >= from && places[i]! < to);
    return { opening: { n, conversation: this.conversation(n, own)! } };
  }

  /** The coder's codings in the page's flat form. */
  codings(codings: readonly PageCodingFields[]): PageCodings {
    const places = this.placesOf(codings);
    const flat: (number | string)[] = [];
    const details: [number, string, string, string][] = [];
    for (let i = 0; i < codings.length; i++) {
      const at = places[i]!;
      if (at < 0) continue;
      const c = codings[i]!;
      const stance = c.stance ?? '';
      const type = c.type ?? '';
      if (c.memo !== '' || stance !== '' || type !== '')
        details.push([flat.length / 2, c.memo, stance, type]);
      flat.push(at, c.label);
    }
    return { codings: flat, details };
  }

  /**
   * Conversation `n` of the list, with the context turns between the coder's fragments
   * and her codings of them (`codings`: those of its fragments, or more).
   */
  conversation(n: number, codings: readonly PageCodingFields[]): PageConversation | undefined {
    const t = this.transcripts[n];
    if (t === undefined) return undefined;
    const speakers: string[] = [];
    const speakerIndex = new Map<string, number>();
    const turns: [string, number, string][] = [];
    for (const e of t.entries) {
      let k = speakerIndex.get(e.speaker);
      if (k === undefined) {
        speakerIndex.set(e.speaker, (k = speakers.length));
        speakers.push(e.speaker);
      }
      if (e.kind === 'fragment' && e.code !== undefined) {
        if (this.placeOf(e.code) !== undefined)
          turns.push([e.code, k, this.study.fragmentIndex.get(e.code)!.text]);
      } else turns.push(['', k, e.text]);
    }
    const from = this.firstPlace[n]!;
    const to = this.firstPlace[n + 1] ?? this.places;
    return {
      speakers,
      turns,
      codings: codings.flatMap((c): PageCodingRow[] => {
        const at = this.placeOf(c.fragment);
        return at !== undefined && at >= from && at < to
          ? [[c.fragment, c.label, c.memo, c.stance ?? '', c.type ?? '']]
          : [];
      }),
    };
  }

  /** The texts of the named fragments that are in the coder's scope (others are left out). */
  texts(codes: readonly string[]): Record<string, string> {
    const out: Record<string, string> = Object.create(null) as Record<string, string>;
    for (const code of codes)
      if (this.placeOf(code) !== undefined) out[code] = this.study.fragmentIndex.get(code)!.text;
    return out;
  }

  /**
   * The codes of the coder's fragments whose text contains `text`, ignoring case,
   * diacritics and runs of white space (as `qualkit retrieve --text`), in study order.
   */
  search(text: string): string[] {
    const { codes, folded } = (this.searchable ??= this.foldAll());
    const needle = foldText(text).trim();
    if (needle === '') return [...codes];
    const hits: string[] = [];
    for (let i = 0; i < folded.length; i++) if (folded[i]!.includes(needle)) hits.push(codes[i]!);
    return hits;
  }

  /** Every fragment of the coder's in study order, with its text folded for searching (made at the first search). */
  private foldAll(): { codes: string[]; folded: string[] } {
    const codes: string[] = [];
    for (const head of this.heads)
      for (const [respondent, first, last] of head.runs)
        for (let n = first; n <= last; n++) codes.push(`${respondent}.${n}`);
    return { codes, folded: codes.map((c) => foldText(this.study.fragmentIndex.get(c)!.text)) };
  }
}
