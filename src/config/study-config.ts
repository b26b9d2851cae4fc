import { z } from 'zod';
import { RESPONDENT_ID } from '../core/fragment-code.js';

/**
 * The study config (`qualkit.json`): one file describes the whole study folder.
 * Paths in it are relative to the folder the config sits in.
 */
export const sourceFormats = ['text', 'docx', 'webvtt', 'srt', 'whatsapp', 'chat-csv', 'literature'] as const;
export type SourceFormat = (typeof sourceFormats)[number];

const oneOrMany = z
  .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
  .transform((v) => (Array.isArray(v) ? v : [v]));

export const CodebookRefSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9_-]+$/, 'use letters, digits, - or _'),
  file: z.string().min(1),
  question: z.string().optional(),
});

import { perspectives } from './perspective.js';
export { perspectiveOf, perspectives, type Perspective } from './perspective.js';

export const GroupSchema = z.strictObject({
  letter: z.string().regex(/^[A-Z]$/, 'one capital letter, e.g. "B"'),
  name: z.string().min(1),
  kind: z.enum(['interview', 'chat', 'literature']),
  codebook: z.string().min(1),
  /**
   * Whose voice the group is, for needs per respondent type: young people about
   * themselves (`self`), professionals about them, or literature. Default: chat → self,
   * interview → professional, literature → literature.
   */
  perspective: z.enum(perspectives).optional(),
});

export const AttributeValueSchema = z.union([z.string(), z.number(), z.boolean()]);

const kindOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/**
 * A respondent's attributes: names chosen by the researcher, so any name works, also
 * `constructor`, `toString` or `__proto__`. They are kept in an object without a prototype
 * (nothing inherited shows up as an attribute); a number must be finite (JSON's `1e400`
 * reads as Infinity, which no table or REFI-QDA export can hold).
 */
const AttributesSchema = z
  .custom<Record<string, unknown>>((v) => kindOf(v) === 'object', {
    message: 'Invalid input: expected object',
  })
  .superRefine((attributes, ctx) => {
    for (const key of Object.keys(attributes)) {
      const value = attributes[key];
      if (typeof value === 'number' && !Number.isFinite(value))
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `the number is too large for a number (it reads as ${value}); write it as text in quotes`,
        });
      else if (!AttributeValueSchema.safeParse(value).success)
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `Invalid input: expected text, number or true/false, received ${kindOf(value)}`,
        });
    }
  })
  .transform((attributes) => {
    const out = Object.create(null) as Record<string, AttributeValue>;
    for (const key of Object.keys(attributes)) out[key] = attributes[key] as AttributeValue;
    return out;
  });

export const RespondentSchema = z.strictObject({
  id: z.string().regex(RESPONDENT_ID, 'group letter + interview number, e.g. "B3"'),
  label: z.string().optional(),
  attributes: AttributesSchema.default({}),
});

export const ChatCsvColumnsSchema = z.strictObject({
  timestamp: z.string().default('timestamp'),
  sender: z.string().default('sender'),
  message: z.string().default('message'),
});

export const SplitSchema = z.enum(['turn', 'paragraph']);

export const SourceSchema = z
  .strictObject({
    file: z.string().min(1),
    /** The respondent the source belongs to; for a literature file, `group` instead. */
    respondent: z.string().regex(RESPONDENT_ID, 'a respondent id, e.g. "B3"').optional(),
    /** Literature files: the group letter; each publication becomes a respondent (L1, L2, …). */
    group: z
      .string()
      .regex(/^[A-Z]$/, 'one capital letter, e.g. "L"')
      .optional(),
    format: z.enum(sourceFormats).optional(),
    speaker: oneOrMany.optional(),
    columns: ChatCsvColumnsSchema.optional(),
    split: SplitSchema.optional(),
  })
  .superRefine((s, ctx) => {
    if (s.group !== undefined) {
      if (s.respondent !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['group'],
          message: 'give either "respondent" or (for a literature file) "group", not both',
        });
    } else {
      if (s.respondent === undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['respondent'],
          message: 'missing: the respondent id this source belongs to (or "group" for a literature file)',
        });
      if (s.speaker === undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['speaker'],
          message: "missing: the respondent's speaker name(s) in this source",
        });
    }
  });

/**
 * A theme set for `qualkit run`: a shipped name or a CSV path, or an object naming it with
 * the sections to add (`needs`: needs × respondent type; `signalMap`: the signal map). A
 * name alone is read as `{ "set": name }`, so problems are named by field.
 */
export const ThemeSetRefSchema = z.preprocess(
  (v) => (typeof v === 'string' ? { set: v } : v),
  z.strictObject({
    set: z.string().min(1),
    needs: z.boolean().optional(),
    signalMap: z.boolean().optional(),
    title: z.string().min(1).optional(),
  }),
);

export const CoderSchema = z.strictObject({
  name: z.string().regex(/^[\p{L}\p{N}_-]+$/u, 'letters, digits, - or _'),
  file: z.string().min(1),
  /** Groups, respondents, fragment ranges (`B1.1-B1.20`) or source files: see coder-scope.ts. */
  scope: z.array(z.string().min(1)).optional(),
  /**
   * A consensus coder: its codings are what the coding meeting of these coders decided
   * (`qualkit consensus`); its decisions are kept in `<file>-decisions.csv` beside the file.
   */
  consensus: z
    .array(z.string().regex(/^[\p{L}\p{N}_-]+$/u, 'a coder name'))
    .min(2, 'a meeting of two or more coders, e.g. ["anna", "bram"]')
    .optional(),
});

export const StudyConfigSchema = z.strictObject({
  study: z.string().min(1),
  /** ISO 639-1 code of the material's language (`nl`, `en`), optionally with a region (`en-GB`). */
  language: z
    .string()
    .regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'an ISO 639-1 language code such as "nl" or "en"')
    .default('nl'),
  codebooks: z.array(CodebookRefSchema).min(1),
  groups: z.array(GroupSchema).min(1),
  respondents: z.array(RespondentSchema).min(1),
  sources: z.array(SourceSchema).min(1),
  coders: z.array(CoderSchema).default([]),
  fragments: z
    .strictObject({
      split: SplitSchema.default('turn'),
      mergeMessages: z.boolean().default(true),
    })
    .default({ split: 'turn', mergeMessages: true }),
  output: z.string().optional(),
  /** Theme sets for `qualkit run` to write triangulation reports for: built-in names or CSV paths. */
  triangulation: z.strictObject({ themes: z.array(ThemeSetRefSchema).default([]) }).default({ themes: [] }),
  privacy: z
    .strictObject({
      /** Replace identifiers with placeholders when reading sources (default on). */
      pseudonymise: z.boolean().default(true),
      /** CSV of names and usernames to replace: name,pseudonym (pseudonym may be empty). */
      names: z.string().optional(),
      /** Where the placeholder → original key is kept; never inside the report folder. */
      key: z.string().default('qualkit-key.csv'),
      /** quotes: reports may quote fragments; counts: labels, codes and numbers only. */
      share: z.enum(['quotes', 'counts']).default('quotes'),
    })
    .default({ pseudonymise: true, key: 'qualkit-key.csv', share: 'quotes' }),
  report: z
    .strictObject({
      /** Respondent attributes to tabulate label frequencies by, besides the groups. */
      by: z.array(z.string().min(1)).default([]),
      /** The coders whose codings the reports use (e.g. ["consensus"]); default all but consensus coders. */
      coders: z.array(z.string().min(1)).min(1).optional(),
    })
    .default({ by: [] }),
});

export type StudyConfig = z.infer<typeof StudyConfigSchema>;
export type GroupConfig = z.infer<typeof GroupSchema>;
export type RespondentConfig = z.infer<typeof RespondentSchema>;
export type SourceConfig = z.infer<typeof SourceSchema>;
export type CoderConfig = z.infer<typeof CoderSchema>;
export type CodebookRef = z.infer<typeof CodebookRefSchema>;
export type AttributeValue = z.infer<typeof AttributeValueSchema>;
