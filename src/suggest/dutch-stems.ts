import { createRequire } from 'node:module';

// natural's index loads storage back-ends that read .env and print to stdout; import
// only the Dutch stemmer and stop-word list (CommonJS submodules).
const require = createRequire(import.meta.url);
const stemmer = require('natural/lib/natural/stemmers/porter_stemmer_nl') as { stem(word: string): string };
const { words: STOPWORDS } = require('natural/lib/natural/util/stopwords_nl') as { words: string[] };
const Tokenizer = require('natural/lib/natural/tokenizers/aggressive_tokenizer_nl') as new () => {
  tokenize(text: string): string[];
};
const tokenizer = new Tokenizer();
const STOP = new Set(STOPWORDS);

/** "Geëmotioneerd café" → "Geemotioneerd cafe". */
function stripDiacritics(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '');
}

/**
 * Lower-cased words of a text, by natural's Dutch tokenizer. Diacritics are taken off
 * first: the tokenizer splits words at them ("café" → "caf", "geëmotioneerd" → "ge",
 * "motioneerd"), and the stemmer treats "geemotioneerd" the same. Numbers and dashes are
 * not words.
 */
export function words(text: string): string[] {
  return tokenizer
    .tokenize(stripDiacritics(text))
    .map((w) => w.toLowerCase())
    .filter((w) => /\p{L}/u.test(w) && !/\d/.test(w));
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
