import type { Codebook } from '../codebook/codebook.js';
import { indexCoreLabels } from '../codebook/codebook.js';
import { error, warning, type Diagnostic } from '../core/diagnostics.js';
import { parseCsv } from '../io/csv.js';

/** A theme: one idea, with the core labels that carry it in each codebook. */
export interface Theme {
  name: string;
  category: string;
  description: string;
  /** codebook id → core label ids */
  labels: Map<string, string[]>;
}

export interface ThemeSet {
  id: string;
  file: string;
  /** One of the sets shipped in themes/ (named, not a path): only these get a shipped title and default sections. */
  builtIn: boolean;
  themes: Theme[];
  /** The codebook ids the set's rows name, in order of first appearance. */
  codebooks: string[];
  /** Problems that do not stop a report, such as a set that names none of the study's codebooks. */
  warnings: Diagnostic[];
}

export const THEME_SET_COLUMNS = ['theme', 'category', 'description', 'codebook', 'label'] as const;

/**
 * Parses a theme-set CSV (theme, category, description, codebook, label): one row per
 * label of a theme, themes in order of first appearance. Rows naming a codebook the
 * study does not have are skipped (a shipped set covers all three reference codebooks),
 * but a set none of whose rows names one of the study's codebooks gets a warning; a label
 * that does not exist in a codebook the study has is an error.
 */
export function parseThemeSet(
  text: string,
  file: string,
  id: string,
  codebooks: readonly Codebook[],
  builtIn = false,
): { set: ThemeSet; diagnostics: Diagnostic[] } {
  const table = parseCsv(text, file);
  const diagnostics: Diagnostic[] = [...table.diagnostics];
  const set: ThemeSet = { id, file, builtIn, themes: [], codebooks: [], warnings: [] };
  const missing = THEME_SET_COLUMNS.filter((c) => c !== 'description' && c !== 'category' && !table.header.includes(c));
  if (table.header.length > 0 && missing.length > 0) {
    diagnostics.push(error(file, 1, 'themes/missing-column', `Missing column(s) ${missing.join(', ')}; expected header ${THEME_SET_COLUMNS.join(',')}`));
    return { set, diagnostics };
  }
  const indexes = new Map(codebooks.map((c) => [c.id, indexCoreLabels(c)]));
  const byName = new Map<string, Theme>();
  for (const { cells, line } of table.rows) {
    const name = cells.theme ?? '';
    const codebook = cells.codebook ?? '';
    const label = cells.label ?? '';
    if (name === '') {
      diagnostics.push(error(file, line, 'themes/missing-theme', 'Missing theme name'));
      continue;
    }
    let theme = byName.get(name);
    if (!theme) {
      theme = { name, category: cells.category ?? '', description: cells.description ?? '', labels: new Map() };
      byName.set(name, theme);
      set.themes.push(theme);
    }
    if (codebook !== '' && !set.codebooks.includes(codebook)) set.codebooks.push(codebook);
    const index = indexes.get(codebook);
    if (!index) continue;
    if (!index.has(label)) {
      diagnostics.push(error(file, line, 'themes/unknown-label', `Unknown label ${label} in codebook ${codebook} (theme "${name}"); a theme maps core labels such as 3.J`));
      continue;
    }
    const list = theme.labels.get(codebook) ?? [];
    if (!list.includes(label)) list.push(label);
    theme.labels.set(codebook, list);
  }
  if (set.themes.length > 0 && set.themes.every((t) => t.labels.size === 0))
    set.warnings.push(
      warning(
        file,
        undefined,
        'themes/no-codebook',
        `no row of theme set "${id}" names a codebook of this study (the set names ${set.codebooks.join(', ') || 'none'}; the study has ${codebooks.map((c) => c.id).join(', ') || 'none'}): every theme reads n/a`,
      ),
    );
  return { set, diagnostics };
}
