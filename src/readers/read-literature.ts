import { error, type Diagnostic } from '../core/diagnostics.js';
import { parseCsv } from '../io/csv.js';
import type { Reader, Turn } from './turn.js';

/**
 * Reads a literature file: one row per excerpt with `reference`, `page` and `excerpt`
 * (comma or semicolon CSV). Each excerpt becomes a turn whose speaker is the reference, so
 * every publication can be numbered as a "respondent" of the literature group and its
 * excerpts as fragments (L1.1, L1.2, …); the page is kept as the start.
 */
export const readLiterature: Reader = (text, file) => {
  const table = parseCsv(text, file);
  const diagnostics: Diagnostic[] = [...table.diagnostics];
  if (table.header.length === 0) return { turns: [], diagnostics };
  const missing = ['reference', 'excerpt'].filter((h) => !table.header.includes(h));
  if (missing.length > 0) {
    diagnostics.push(
      error(
        file,
        1,
        'literature/missing-column',
        `Missing column(s) ${missing.join(', ')}; expected header reference,page,excerpt`,
      ),
    );
    return { turns: [], diagnostics };
  }
  const turns: Turn[] = [];
  for (const { cells, line } of table.rows) {
    const reference = cells.reference ?? '';
    const excerpt = cells.excerpt ?? '';
    if (reference === '' || excerpt === '') {
      diagnostics.push(
        error(
          file,
          line,
          'literature/incomplete-row',
          `Unexpected row without ${reference === '' ? 'reference' : 'excerpt'}`,
        ),
      );
      continue;
    }
    const page = cells.page ?? '';
    turns.push({
      speaker: reference,
      paragraphs: [{ text: excerpt, line }],
      line,
      ...(page ? { start: `p. ${page}` } : {}),
    });
  }
  return { turns, diagnostics };
};
