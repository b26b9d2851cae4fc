import { createRequire } from 'node:module';

// natural's index loads storage back-ends that read .env and print to stdout; import
// only the Dutch stemmer and stop-word list (CommonJS submodules).
const require = createRequire(import.meta.url);
const stemmer = require('natural/lib/natural/stemmers/porter_stemmer_nl') as { stem(word: string): string };
const { words: STOPWORDS } = require('natural/lib/natural/util/stopwords_nl') as { words: string[] };
const STOP = new Set(STOPWORDS);

/**
 * Lower-cased words of a text. Our own Unicode-aware tokenizer rather than natural's
 * aggressive_tokenizer_nl, which splits words at diacritics ("café" → "caf",
 * "geëmotioneerd" → "ge", "motioneerd").
 */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{M}]+(?:['’][\p{L}]+)?/gu) ?? [];
}

/** natural's Dutch Porter stem of one word. */
export function stem(word: string): string {
  return stemmer.stem(word.toLowerCase());
}

/**
 * Content stems of a text for the classifier: words of two letters or more that are not
 * Dutch stop words, stemmed. Placeholders such as [PERSOON-1] are left out.
 */
export function contentStems(text: string): string[] {
  return words(text.replace(/\[[A-Z]+-\d+\]/g, ' '))
    .filter((w) => w.length > 1 && !STOP.has(w))
    .map(stem);
}
