import { error, type Diagnostic } from '../core/diagnostics.js';
import { parseFragmentCode } from '../core/fragment-code.js';
import { parseCsv } from '../io/csv.js';
import type { Coding } from './coding.js';

const FRAGMENT_HEADERS = ['fragment', 'code', 'fragment_code'];
const LABEL_HEADERS = ['label', 'core_label'];

/**
 * Parses one coder's codings CSV (fragment, label, optional memo, optional stance
 * `supports`/`contradicts`, optional respondent type spoken about). Checks the form of
 * each row only: well-formed fragment code, label of the form `3.J`, no duplicate row.
 * Whether the fragment and the label exist is checked against the study by
 * validateCodings. Every problem is reported with its line; bad rows are left out.
 */
export function parseCodings(text: string, file: string, coder: string): { codings: Coding[]; diagnostics: Diagnostic[] } {
  const table = parseCsv(text, file);
  const diagnostics: Diagnostic[] = [...table.diagnostics];
  const codings: Coding[] = [];
  if (table.header.length === 0) return { codings, diagnostics };
  const fragmentHeader = FRAGMENT_HEADERS.find((h) => table.header.includes(h));
  const labelHeader = LABEL_HEADERS.find((h) => table.header.includes(h));
  if (!fragmentHeader || !labelHeader) {
    diagnostics.push(error(file, 1, 'codings/missing-column', `Missing column(s) ${[!fragmentHeader && 'fragment', !labelHeader && 'label'].filter(Boolean).join(', ')}; expected header fragment,label,memo`));
    return { codings, diagnostics };
  }
  const seen = new Map<string, number>();
  for (const { cells, line } of table.rows) {
    const fragment = cells[fragmentHeader] ?? '';
    const label = (cells[labelHeader] ?? '').replace(/\s+/g, '');
    const at = (rule: string, message: string) => diagnostics.push(error(file, line, rule, message));
    let ok = true;
    if (!parseFragmentCode(fragment)) {
      at('codings/malformed-fragment', `Unexpected fragment code "${fragment}", expected a code like B3.7 (group letter, interview number, dot, fragment number)${hintFor(fragment)}`);
      ok = false;
    }
    if (/^[1-9]\d*\.?$/.test(label)) {
      at('codings/main-label', `Label "${label}" is a main label, expected a core label such as ${label.replace(/\.$/, '')}.A`);
      ok = false;
    } else if (!/^[1-9]\d*\.[A-Z]{1,2}$/.test(label)) {
      at('codings/malformed-label', `Unexpected label "${label}", expected main number, dot, core letter (e.g. 3.J)`);
      ok = false;
    }
    if (!ok) continue;
    const key = `${fragment}\t${label}`;
    const first = seen.get(key);
    if (first !== undefined) {
      at('codings/duplicate', `Duplicate coding ${fragment} ${label}, first at ${file}:${first}`);
      continue;
    }
    seen.set(key, line);
    const stance = (cells.stance ?? '').toLowerCase();
    if (stance !== '' && stance !== 'supports' && stance !== 'contradicts') {
      at('codings/bad-stance', `Unexpected stance "${cells.stance}", expected supports, contradicts or empty`);
      continue;
    }
    const type = cells.type ?? '';
    codings.push({ coder, fragment, label, memo: cells.memo ?? '', file, line, ...(stance ? { stance: stance as 'supports' | 'contradicts' } : {}), ...(type ? { type } : {}) });
  }
  return { codings, diagnostics: diagnostics.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)) };
}

/** Suggests the fix for the OCR and typing slips seen in practice (`Al.2`, `B3,7`, `3.16`). */
function hintFor(text: string): string {
  if (/^[A-Z][lI]\.\d+$/.test(text) || /^[A-Z]\d*[lI]\d*\.\d+$/.test(text)) return ` (did you mean ${text.replace(/[lI]/g, '1')}? "l" reads like "1")`;
  if (/^[A-Z]\d+,\d+$/.test(text)) return ` (did you mean ${text.replace(',', '.')}?)`;
  if (/^\d+\.\d+$/.test(text)) return ' (the group letter is missing)';
  if (/^[a-z]\d+\.\d+$/.test(text)) return ` (did you mean ${text[0]!.toUpperCase()}${text.slice(1)}?)`;
  return '';
}
