import { createRequire } from 'node:module';

/** The words, stems and content stems of texts in one language, by natural's submodules. */
export interface TextTools {
  language: TextLanguage;
  /** Lower-cased words (no numbers or dashes), diacritics taken off. */
  words: (text: string) => string[];
  stem: (word: string) => string;
  /** Words of two letters or more that are not stop words, stemmed; placeholders left out. */
  contentStems: (text: string) => string[];
}

export const TEXT_LANGUAGES = ['nl', 'en'] as const;
export type TextLanguage = (typeof TEXT_LANGUAGES)[number];

// natural's index loads storage back-ends that read .env and print to stdout; only its
// CommonJS submodules are loaded, and only those of the language asked for.
const require = createRequire(import.meta.url);
const load: Record<TextLanguage, () => { stemmer: unknown; stopwords: unknown; Tokenizer: unknown }> = {
  nl: () => ({
    stemmer: require('natural/lib/natural/stemmers/porter_stemmer_nl'),
    stopwords: require('natural/lib/natural/util/stopwords_nl'),
    Tokenizer: require('natural/lib/natural/tokenizers/aggressive_tokenizer_nl'),
  }),
  en: () => ({
    stemmer: require('natural/lib/natural/stemmers/porter_stemmer'),
    stopwords: require('natural/lib/natural/util/stopwords'),
    Tokenizer: require('natural/lib/natural/tokenizers/aggressive_tokenizer'),
  }),
};

/** "Geëmotioneerd café" → "Geemotioneerd cafe". */
function stripDiacritics(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '');
}

const made = new Map<TextLanguage, TextTools>();

/**
 * The tools for a language. Diacritics are taken off before tokenizing: natural's
 * tokenizers split words at them ("café" → "caf"), and its stemmers treat the plain
 * spelling the same.
 */
export function textTools(language: TextLanguage): TextTools {
  const known = made.get(language);
  if (known) return known;
  const parts = load[language]();
  const stemmer = parts.stemmer as { stem(word: string): string };
  const STOP = new Set((parts.stopwords as { words: string[] }).words);
  const tokenizer = new (parts.Tokenizer as new () => { tokenize(text: string): string[] })();
  const words = (text: string) =>
    tokenizer
      .tokenize(stripDiacritics(text))
      .map((w) => w.toLowerCase())
      .filter((w) => /\p{L}/u.test(w) && !/\d/.test(w));
  const stem = (word: string) => stemmer.stem(word.toLowerCase());
  const tools: TextTools = {
    language,
    words,
    stem,
    contentStems: (text) =>
      words(text.replace(/\[[A-Z]+-\d+\]/g, ' '))
        .filter((w) => w.length > 1 && !STOP.has(w))
        .map(stem),
  };
  made.set(language, tools);
  return tools;
}

/** The text language of a study's `language` (`en`, `en-GB` → en), or undefined when qualkit has no tools for it. */
export function textLanguageOf(language: string): TextLanguage | undefined {
  const base = language.slice(0, 2).toLowerCase();
  return (TEXT_LANGUAGES as readonly string[]).includes(base) ? (base as TextLanguage) : undefined;
}
