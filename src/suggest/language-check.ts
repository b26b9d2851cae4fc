import { textTools, type TextTools } from './text-tools.js';

export interface WordRule {
  word: string;
  category: string;
  advice: string;
}

export interface LanguageHit {
  rule: WordRule;
  /** The words as written in the text. */
  found: string;
}

/**
 * Finds the words of a word list in a text, stem-aware: "gevaarlijke" matches
 * "gevaarlijk", "eenzame" "eenzaam" (but "gevaar" does not match "gevaarlijk"); a phrase ("in de steek gelaten") matches as a
 * run of words with the same stems. natural's Porter stemmer of the word list's language
 * (Dutch unless told); pure.
 */
export function checkLanguage(
  text: string,
  rules: readonly WordRule[],
  tools: TextTools = textTools('nl'),
): LanguageHit[] {
  const { stem, words } = tools;
  const tokens = words(text);
  const stems = tokens.map(stem);
  const hits: LanguageHit[] = [];
  for (const rule of rules) {
    const listWords = words(rule.word);
    const pattern = listWords.map(stem);
    if (pattern.length === 0) continue;
    // Same stem, and not a shorter word of another kind: Dutch Porter stems "gevaar" and
    // "gevaarlijk" alike, but the noun is not the normative adjective.
    const same = (i: number, j: number) =>
      stems[i + j] === pattern[j] && tokens[i + j]!.length >= listWords[j]!.length - 1;
    for (let i = 0; i + pattern.length <= stems.length; i++) {
      if (pattern.every((_, j) => same(i, j)))
        hits.push({ rule, found: tokens.slice(i, i + pattern.length).join(' ') });
    }
  }
  return hits;
}
