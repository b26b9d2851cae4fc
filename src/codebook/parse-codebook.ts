import { error, warning, type Diagnostic } from '../core/diagnostics.js';
import { parseCsv } from '../io/csv.js';
import type { Codebook, MainLabel } from './codebook.js';

export const CODEBOOK_COLUMNS = [
  'subquestion',
  'main_no',
  'main_label',
  'core_letter',
  'core_label',
  'definition',
] as const;

const YES = new Set(['yes', 'y', 'true', '1', 'x', 'ja', 'j']);
const NO = new Set(['', 'no', 'n', 'false', '0', 'nee']);

/**
 * Parses a codebook CSV (columns subquestion, main_no, main_label, core_letter,
 * core_label, definition, and optionally color as #RRGGBB and exclusive as yes/no: a
 * `yes` on any row of a main label marks its core labels as mutually exclusive). A row with an empty core_letter defines a main label and its
 * definition; the other rows are core labels under their main label. Reports every
 * problem with its line: missing columns, bad numbers or letters, duplicates (pointing
 * back at the first definition), a main label named differently on two rows.
 */
export function parseCodebook(
  text: string,
  file: string,
  id: string,
): { codebook: Codebook; diagnostics: Diagnostic[] } {
  const table = parseCsv(text, file);
  const diagnostics: Diagnostic[] = [...table.diagnostics];
  const codebook: Codebook = { id, subquestion: '', file, mains: [] };
  if (table.header.length === 0) return { codebook, diagnostics };
  const missing = CODEBOOK_COLUMNS.filter((c) => c !== 'definition' && !table.header.includes(c));
  if (missing.length > 0) {
    diagnostics.push(
      error(
        file,
        1,
        'codebook/missing-column',
        `Missing column(s) ${missing.join(', ')}; expected header ${CODEBOOK_COLUMNS.join(',')}`,
      ),
    );
    return { codebook, diagnostics };
  }
  const known = new Set<string>([...CODEBOOK_COLUMNS, 'color', 'exclusive']);
  const unknown = table.header.filter((h) => h !== '' && !known.has(h));
  if (unknown.length > 0)
    diagnostics.push(
      warning(
        file,
        1,
        'codebook/unknown-column',
        `Unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map((h) => `"${h}"`).join(', ')}, not read; the columns are ${[...known].join(', ')}`,
      ),
    );
  const mains = new Map<number, MainLabel>();
  const coreLines = new Map<string, number>();
  const mainDefinitionLines = new Map<number, number>();
  for (const { cells, line } of table.rows) {
    const at = (rule: string, message: string) => diagnostics.push(error(file, line, rule, message));
    const subquestion = cells.subquestion ?? '';
    if (subquestion !== '') {
      if (codebook.subquestion === '') codebook.subquestion = subquestion;
      else if (subquestion !== codebook.subquestion)
        at(
          'codebook/mixed-subquestions',
          `Unexpected sub-question "${subquestion}", expected "${codebook.subquestion}" (one codebook per sub-question)`,
        );
    }
    const mainNoText = cells.main_no ?? '';
    if (!/^[1-9]\d*$/.test(mainNoText)) {
      at('codebook/bad-main-number', `Unexpected main_no "${mainNoText}", expected a whole number from 1`);
      continue;
    }
    const mainNo = Number(mainNoText);
    const mainLabel = cells.main_label ?? '';
    let main = mains.get(mainNo);
    if (!main) {
      if (mainLabel === '') {
        at('codebook/missing-main-label', `Missing main_label for main label ${mainNo}`);
        continue;
      }
      main = { id: String(mainNo), no: mainNo, label: mainLabel, definition: '', cores: [], line };
      mains.set(mainNo, main);
    } else if (mainLabel !== '' && mainLabel !== main.label) {
      at(
        'codebook/inconsistent-main-label',
        `Main label ${mainNo} is called "${mainLabel}" here but "${main.label}" at ${file}:${main.line}`,
      );
    }
    const letter = (cells.core_letter ?? '').replace(/\.$/, '');
    const definition = cells.definition ?? '';
    const color = cells.color ?? '';
    if (color !== '' && !/^#[0-9A-Fa-f]{6}$/.test(color)) {
      at('codebook/bad-color', `Unexpected color "${color}", expected #RRGGBB`);
      continue;
    }
    const exclusive = (cells.exclusive ?? '').trim().toLowerCase();
    if (YES.has(exclusive)) main.exclusive = true;
    else if (!NO.has(exclusive)) {
      at(
        'codebook/bad-exclusive',
        `Unexpected exclusive "${cells.exclusive}", expected yes or no (or empty)`,
      );
      continue;
    }
    if (letter === '') {
      const first = mainDefinitionLines.get(mainNo);
      if (first !== undefined)
        at('codebook/duplicate-label', `Main label ${mainNo} already defined at ${file}:${first}`);
      else {
        mainDefinitionLines.set(mainNo, line);
        main.definition = definition;
        if (color) main.color = color.toUpperCase();
      }
      continue;
    }
    if (!/^[A-Z]{1,2}$/.test(letter)) {
      at(
        'codebook/bad-core-letter',
        `Unexpected core_letter "${letter}", expected a capital letter (A, B, …)`,
      );
      continue;
    }
    const coreLabel = cells.core_label ?? '';
    if (coreLabel === '') at('codebook/missing-core-label', `Missing core_label for ${mainNo}.${letter}`);
    const coreId = `${mainNo}.${letter}`;
    const first = coreLines.get(coreId);
    if (first !== undefined) {
      at('codebook/duplicate-label', `Label ${coreId} already defined at ${file}:${first}`);
      continue;
    }
    coreLines.set(coreId, line);
    main.cores.push({
      id: coreId,
      letter,
      label: coreLabel,
      definition,
      line,
      ...(color ? { color: color.toUpperCase() } : {}),
    });
  }
  codebook.mains = [...mains.values()].sort((a, b) => a.no - b.no);
  if (codebook.mains.length === 0 && diagnostics.length === 0)
    diagnostics.push(error(file, 1, 'codebook/empty', 'Codebook has no labels'));
  for (const main of codebook.mains) {
    if (main.cores.length === 0)
      diagnostics.push(
        error(
          file,
          main.line,
          'codebook/no-core-labels',
          `Main label ${main.no} "${main.label}" has no core labels; codings need core labels`,
        ),
      );
    else if (main.exclusive && main.cores.length < 2)
      diagnostics.push(
        error(
          file,
          main.line,
          'codebook/exclusive-one-core',
          `Main label ${main.no} "${main.label}" is exclusive but has one core label; exclusive needs two or more to choose from`,
        ),
      );
  }
  return { codebook, diagnostics };
}
