import { coderSaw } from '../agreement/compute-agreement.js';
import type { Codebook } from '../codebook/codebook.js';
import type { CoderConfig } from '../config/study-config.js';
import type { Study } from '../study/study.js';
import type { PageCoding } from './codings-layout.js';

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
 * A conversation as the page shows it: its speakers once, then its turns in order as
 * [fragment code or '' for a context turn, speaker index, text]. Compact, since a large
 * study sends a few hundred thousand turns.
 */
export interface PageConversation {
  respondent: string;
  source: string;
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
  conversations: PageConversation[];
  /** The coder's codings as [fragment, label, memo, stance, type], empty cells at the end left off. */
  codings: string[][];
}

/** A coding as the page's compact row (a study's 100,000 codings are then a few MB, not ten). */
export function compactCoding(c: PageCoding): string[] {
  const row = [c.fragment, c.label, c.memo, c.stance, c.type];
  while (row.length > 2 && row[row.length - 1] === '') row.pop();
  return row;
}

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
 * Everything the page needs, for the fragments in the coder's scope only: the
 * (pseudonymised) conversations they are part of, the codebooks of their groups and the
 * coder's codings. Nothing else of the study (no key, no names file) is sent.
 */
export function pageState(study: Study, coder: CoderConfig, codings: PageCoding[], file: string): PageState {
  const conversations: PageConversation[] = [];
  const respondentsSeen = new Set<string>();
  for (const t of study.transcripts) {
    const speakers: string[] = [];
    const speakerIndex = new Map<string, number>();
    const turns: [string, number, string][] = [];
    let inScope = false;
    for (const e of t.entries) {
      let k = speakerIndex.get(e.speaker);
      if (k === undefined) {
        speakerIndex.set(e.speaker, (k = speakers.length));
        speakers.push(e.speaker);
      }
      if (e.kind === 'fragment' && e.code !== undefined) {
        const f = study.fragmentIndex.get(e.code);
        if (!f || !coderSaw(coder, f)) continue;
        inScope = true;
        turns.push([e.code, k, f.text]);
      } else turns.push(['', k, e.text]);
    }
    if (!inScope) continue;
    respondentsSeen.add(t.respondent);
    conversations.push({ respondent: t.respondent, source: t.source, speakers, turns });
  }
  const letters = new Set([...respondentsSeen].map((r) => r[0]!));
  const groups = study.groups.filter((g) => letters.has(g.letter));
  const codebookIds = new Set(groups.map((g) => g.codebook));
  return {
    study: study.config.study,
    coder: coder.name,
    file,
    codebooks: study.codebooks.filter((c) => codebookIds.has(c.id)).map(pageCodebook),
    groups: groups.map((g) => ({ letter: g.letter, name: g.name, codebook: g.codebook })),
    respondents: study.respondents
      .filter((r) => respondentsSeen.has(r.id))
      .map((r) => ({
        id: r.id,
        attributes: Object.fromEntries(Object.entries(r.attributes).map(([k, v]) => [k, String(v)])),
      })),
    conversations,
    codings: codings.map(compactCoding),
  };
}
