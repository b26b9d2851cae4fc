import { textTools } from './text-tools.js';

/** natural's Dutch tokenizer, Porter stemmer and stop words (see text-tools.ts). */
const dutch = textTools('nl');

/**
 * Lower-cased words of a Dutch text. Diacritics are taken off first ("café" → "cafe",
 * "geëmotioneerd" stays one word); numbers and dashes are not words.
 */
export const words = dutch.words;

/** natural's Dutch Porter stem of one word. */
export const stem = dutch.stem;

/** Content stems of a Dutch text for the classifier: no stop words, no placeholders. */
export const contentStems = dutch.contentStems;
