import { relative } from 'node:path';

/** Paths in messages are relative to the working folder, so editors and terminals can open them. */
export function shown(abs: string): string {
  const rel = relative(process.cwd(), abs);
  return rel === '' ? '.' : rel.startsWith('..') ? abs : rel;
}
