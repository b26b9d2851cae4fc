import { coderSaw } from '../agreement/compute-agreement.js';
import type { Codebook } from '../codebook/codebook.js';
import type { CoderConfig } from '../config/study-config.js';
import { foldText } from '../retrieve/select-fragments.js';
import type { SourceTranscript } from '../fragments/fragment.js';
import type { Study } from '../study/study.js';

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
}

export interface PageState {
  study: string;
  coder: string;
  file: string;
  codebooks: PageCodebook[];
  groups: { letter: string; name: string; codebook: string }[];
  respondents: { id: string; attributes: Record<string, string> }[];
  conversations: PageConversationHead[];
  /**
   * The coder's codings of fragments in her scope, flat and without a small array each
   * (100,000 codings are then about a MB): the place of the fragment in the
   * conversations' runs taken in order, then the label, for each coding in turn.
   */
  codings: (number | string)[];
  /** For the codings (by their number in `codings`) with a memo, stance or type: [number, memo, stance, type]. */
  details: [number, string, string, string][];
  /** The conversation the page opens on (that of the coder's first fragment without a label), sent along. */
  opening?: { n: number; conversation: PageConversation };
}

/** A coding as the page needs it: the study's own (stance and type left out when empty) or the page's. */
export interface PageCodingFields {
  fragment: string;
  label: string;
  memo: string;
  stance?: string;
  type?: string;
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

  /** The place of a fragment in the coder's scope, or undefined. */
  placeOf(code: string): number | undefined {
    const dot = code.lastIndexOf('.');
    const runs = dot > 0 ? this.runsOf.get(code.slice(0, dot)) : undefined;
    if (runs === undefined) return undefined;
    const digits = code.slice(dot + 1);
    const n = Number(digits);
    if (String(n) !== digits) return undefined;
    for (const [first, last, at] of runs) if (n >= first && n <= last) return at + n - first;
    return undefined;
  }

  private inScope(code: string): boolean {
    // A transcript's fragments are the study's: without a scope, every one is the coder's.
    if (this.coder.scope === undefined) return true;
    const f = this.study.fragmentIndex.get(code);
    return f !== undefined && coderSaw(this.coder, f);
  }

  /** The page's state: the study's outline and the coder's codings (no transcript text). */
  state(codings: Iterable<PageCodingFields>, file: string): PageState & { coded: number } {
    const study = this.study;
    const groups = study.groups.filter((g) => this.letters.has(g.letter));
    const codebookIds = new Set(groups.map((g) => g.codebook));
    const coded = new Uint8Array(this.places);
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
      ...this.compact(codings, coded),
      ...this.opening(coded),
      coded: coded.reduce((n, x) => n + x, 0),
    };
  }

  /** The conversation of the first fragment without a label of the coder (the page opens there). */
  private opening(coded: Uint8Array): Pick<PageState, 'opening'> {
    if (this.places === 0) return {};
    let place = coded.indexOf(0);
    if (place < 0) place = 0;
    let n = 0;
    while (n + 1 < this.firstPlace.length && this.firstPlace[n + 1]! <= place) n++;
    return { opening: { n, conversation: this.conversation(n)! } };
  }

  /** The codings in the page's flat form; `coded` gets a 1 at the place of each fragment that has one. */
  private compact(
    codings: Iterable<PageCodingFields>,
    coded: Uint8Array,
  ): Pick<PageState, 'codings' | 'details'> {
    const flat: (number | string)[] = [];
    const details: [number, string, string, string][] = [];
    let code = '';
    let at: number | undefined;
    for (const c of codings) {
      // Codings come by fragment, or in file order, where one fragment's rows mostly stand together.
      if (c.fragment !== code) at = this.placeOf((code = c.fragment));
      if (at === undefined) continue;
      coded[at] = 1;
      const stance = c.stance ?? '';
      const type = c.type ?? '';
      if (c.memo !== '' || stance !== '' || type !== '')
        details.push([flat.length / 2, c.memo, stance, type]);
      flat.push(at, c.label);
    }
    return { codings: flat, details };
  }

  /** Conversation `n` of the list, with the context turns between the coder's fragments. */
  conversation(n: number): PageConversation | undefined {
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
    return { speakers, turns };
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
