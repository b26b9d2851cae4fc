import type { CoderConsistency } from '../agreement/coder-consistency.js';
import { escapeMarkdown, markdownTable } from './markdown.js';

/** Each coder's label counts side by side; `–` where a coder saw none of the codebook's fragments. */
export function coderCountsMarkdown(c: CoderConsistency): string {
  return markdownTable(
    ['Codebook', 'Label', ...c.coders.map(escapeMarkdown)],
    c.counts.map((r) => [
      r.codebook,
      `${r.label} ${escapeMarkdown(r.name)}`,
      ...r.counts.map((n) => (n === null ? '–' : String(n))),
    ]),
    ['l', 'l', ...c.coders.map(() => 'r' as const)],
  );
}
