import { basename, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Codebook } from '../codebook/codebook.js';
import { existsSync } from 'node:fs';
import { error, InputError } from '../core/diagnostics.js';
import { readTextFile } from '../io/read-text-file.js';
import { shown } from '../study/load-study.js';
import { parseThemeSet, type ThemeSet } from './parse-theme-set.js';
import { BUILT_IN_THEME_SETS, isBuiltInThemeSet } from './theme-set-ref.js';

export { BUILT_IN_THEME_SETS } from './theme-set-ref.js';
const THEMES_DIR = fileURLToPath(new URL('../../themes/', import.meta.url));

/**
 * Loads a theme set: a built-in name (`barriers`, `signals`, `needs`, shipped in
 * themes/) or a path to a CSV, relative to `base`. Throws InputError with every error;
 * warnings stay on the set (`set.warnings`) for the caller to print and report.
 */
export async function loadThemeSet(
  ref: string,
  base: string,
  codebooks: readonly Codebook[],
): Promise<ThemeSet> {
  const builtIn = isBuiltInThemeSet(ref);
  const path = builtIn ? resolve(THEMES_DIR, `${ref}.csv`) : resolve(base, ref);
  const id = builtIn ? ref : basename(path).replace(/\.csv$/i, '');
  if (!builtIn && !existsSync(path)) {
    throw new InputError([
      error(
        shown(path),
        undefined,
        'themes/not-found',
        `No theme set "${ref}": use ${BUILT_IN_THEME_SETS.join(', ')} (shipped) or the path of a theme-set CSV`,
      ),
    ]);
  }
  const { set, diagnostics } = parseThemeSet(
    await readTextFile(path, shown(path)),
    shown(path),
    id,
    codebooks,
    builtIn,
  );
  if (diagnostics.length > 0) throw new InputError(diagnostics);
  return set;
}
