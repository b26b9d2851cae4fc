import type { Fragment, SourceTranscript } from '../fragments/fragment.js';
import type { Pseudonymiser } from './pseudonymise.js';

/**
 * Pseudonymises everything read from the sources, in conversation order (so numbering is
 * deterministic): source paths, speakers and the text of every turn, then the fragments,
 * whose values are by then all known. Returns new objects; the input is not changed.
 */
export function pseudonymiseStudyText(
  p: Pseudonymiser,
  transcripts: readonly SourceTranscript[],
  fragments: readonly Fragment[],
): { transcripts: SourceTranscript[]; fragments: Fragment[] } {
  const outTranscripts = transcripts.map((t) => ({
    ...t,
    source: p.apply(t.source),
    entries: t.entries.map((e) => ({
      ...e,
      speaker: p.apply(e.speaker),
      text: p.apply(e.text),
      paragraphs: e.paragraphs.map((x) => ({ ...x, text: p.apply(x.text) })),
    })),
  }));
  const outFragments = fragments.map((f) => ({
    ...f,
    source: p.apply(f.source),
    speaker: p.apply(f.speaker),
    text: p.apply(f.text),
    ...(f.context !== undefined ? { context: p.apply(f.context) } : {}),
  }));
  return { transcripts: outTranscripts, fragments: outFragments };
}
