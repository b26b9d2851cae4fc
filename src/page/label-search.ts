import { fold } from './fold.js';

export interface LabelEntry {
  id: string;
  label: string;
  definition: string;
  main: string;
}

/**
 * The labels a picker query finds, best first: the id (`3.J`, `3j`, `3`), then the start of
 * a name, then a word of the name, then the name or definition containing it; diacritics
 * and case do not matter. Every word of the query must occur somewhere.
 */
export function searchLabels(entries: readonly LabelEntry[], query: string): LabelEntry[] {
  const q = fold(query.trim());
  if (q === '') return [...entries];
  const words = q.split(/\s+/);
  const scored: { e: LabelEntry; score: number; order: number }[] = [];
  entries.forEach((e, order) => {
    const id = e.id.toLowerCase();
    const name = fold(e.label);
    const compactId = id.replace('.', '');
    const all = `${id} ${compactId} ${name} ${fold(e.main)} ${fold(e.definition)}`;
    if (!words.every((w) => all.includes(w))) return;
    let score = 5;
    if (id === q || compactId === q) score = 0;
    else if (id.startsWith(q) || compactId.startsWith(q)) score = 1;
    else if (name.startsWith(q)) score = 2;
    else if (name.split(/[^\p{L}\p{N}]+/u).some((w) => w.startsWith(words[0]!))) score = 3;
    else if (name.includes(q)) score = 4;
    scored.push({ e, score, order });
  });
  return scored.sort((a, b) => a.score - b.score || a.order - b.order).map((s) => s.e);
}
