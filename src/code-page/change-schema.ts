import { z } from 'zod';

/** The largest request body the server reads, in bytes: a change is a few hundred. */
export const MAX_BODY_BYTES = 16 * 1024;

export const fragment = z.string().regex(/^[A-Z][0-9]{1,6}\.[0-9]{1,7}$/);
export const label = z.string().regex(/^[1-9][0-9]{0,3}\.[A-Z]{1,2}$/);
/** One line of text, or a memo of a few paragraphs; never control characters but line breaks and tabs. */
export const text = (max: number) =>
  z
    .string()
    .max(max)
    // eslint-disable-next-line no-control-regex -- control characters are what is refused
    .regex(/^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]*$/);
const fields = {
  memo: text(2000).default(''),
  stance: z.enum(['', 'supports', 'contradicts']).default(''),
  type: text(100)
    .regex(/^[^\r\n]*$/)
    .default(''),
};

/** Every write the page may ask for, as the POST /api/change body. */
export const ChangeSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('add'), fragment, label, ...fields }).strict(),
  z.object({ op: z.literal('update'), fragment, label, ...fields }).strict(),
  z.object({ op: z.literal('remove'), fragment, label }).strict(),
  z
    .object({
      op: z.literal('new-label'),
      fragment,
      main: z.number().int().min(1).max(9999),
      name: text(200).regex(/^[^\r\n]*\S[^\r\n]*$/),
      definition: text(2000).default(''),
    })
    .strict(),
]);

export type Change = z.infer<typeof ChangeSchema>;
