import { readFileSync } from 'node:fs';

/** qualkit's version, from its package.json (two folders up from src/ or dist/). */
export const VERSION: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
