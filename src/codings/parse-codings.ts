import { error, warning, type Diagnostic } from '../core/diagnostics.js';
import { isFragmentCode } from '../core/fragment-code.js';
import { visitCsv } from '../io/csv.js';
import type { Coding } from './coding.js';

const FRAGMENT_HEADERS = ['fragment', 'code', 'fragment_code'];
const LABEL_HEADERS = ['label', 'core_label'];
const KNOWN_HEADERS = new Set([...FRAGMENT_HEADERS, ...LABEL_HEADERS, 'memo', 'stance', 'type']);
const CORE_LABEL = /^[1-9]\d*\.[A-Z]{1,2}$/;
const WHITESPACE = /\s/;

/**
 * Parses one coder's codings CSV (fragment, label, optional memo, optional stance
 * `supports`/`contradicts`, optional respondent type spoken about). Checks the form of
 * each row only: well-formed fragment code, label of the form `3.J`, no duplicate row.
 * Whether the fragment and the label exist is checked against the study by
 * validateCodings. Every problem is reported with its line; bad rows are left out.
 * `known` may give the study's own string for a fragment code it has, so that codings
 * share it instead of keeping a copy each.
 */
export function parseCodings(
  text: string,
  file: string,
  coder: string,
  known?: (code: string) => string | undefined,
): { codings: Coding[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const codings: Coding[] = [];
  const seen = new Map<string, (number | undefined)[]>(); // respondent → fragment number → its latest coding
  const nextOfSameFragment: (number | undefined)[] = []; // per coding: the one kept before it for the same fragment
  const labelStrings = new Map<string, string>();
  const labelForm = new Map<string, boolean>(); // label → whether it has the form of a core label
  let columns: { fragment: number; label: number; memo: number; stance: number; type: number } | undefined;
  const table = visitCsv(
    text,
    file,
    (cells, line) => {
      if (!columns) return;
      const written = cells[columns.fragment]!;
      // The study's own string for a known code: a million codings then share the fragments' codes.
      const own = known?.(written);
      const fragment = own ?? written;
      const rawLabel = cells[columns.label]!;
      const spelled = WHITESPACE.test(rawLabel) ? rawLabel.replace(/\s+/g, '') : rawLabel;
      // One string per distinct label: a million codings then keep a few dozen label strings.
      let label = labelStrings.get(spelled);
      if (label === undefined) labelStrings.set(spelled, (label = spelled));
      let ok = true;
      // A code the study knows is well-formed; only others are checked.
      if (own === undefined && !isFragmentCode(fragment)) {
        diagnostics.push(
          error(
            file,
            line,
            'codings/malformed-fragment',
            `Unexpected fragment code "${fragment}", expected a code like B3.7 (group letter, interview number, dot, fragment number)${hintFor(fragment)}`,
          ),
        );
        ok = false;
      }
      let wellFormed = labelForm.get(label);
      if (wellFormed === undefined) labelForm.set(label, (wellFormed = CORE_LABEL.test(label)));
      if (!wellFormed) {
        if (/^[1-9]\d*\.?$/.test(label))
          diagnostics.push(
            error(
              file,
              line,
              'codings/main-label',
              `Label "${label}" is a main label, expected a core label such as ${label.replace(/\.$/, '')}.A`,
            ),
          );
        else
          diagnostics.push(
            error(
              file,
              line,
              'codings/malformed-label',
              `Unexpected label "${label}", expected main number, dot, core letter (e.g. 3.J)${CORE_LABEL.test(label.toUpperCase()) ? ` (did you mean ${label.toUpperCase()}?)` : ''}`,
            ),
          );
        ok = false;
      }
      if (!ok) return;
      // Duplicates: the codings kept so far of this fragment, found by respondent and fragment number
      // (a map with an entry per respondent stays small where one per fragment would not).
      const dot = fragment.lastIndexOf('.');
      const respondent = fragment.slice(0, dot);
      const n = Number(fragment.slice(dot + 1));
      let firstOf = seen.get(respondent);
      if (firstOf === undefined) seen.set(respondent, (firstOf = []));
      for (let k = firstOf[n]; k !== undefined; k = nextOfSameFragment[k]) {
        if (codings[k]!.label !== label) continue;
        diagnostics.push(
          error(
            file,
            line,
            'codings/duplicate',
            `Duplicate coding ${fragment} ${label}, first at ${file}:${codings[k]!.line}`,
          ),
        );
        return;
      }
      const rawStance = columns.stance < 0 ? '' : cells[columns.stance]!;
      const stance = rawStance.toLowerCase();
      if (stance !== '' && stance !== 'supports' && stance !== 'contradicts') {
        diagnostics.push(
          error(
            file,
            line,
            'codings/bad-stance',
            `Unexpected stance "${rawStance}", expected supports, contradicts or empty`,
          ),
        );
        return;
      }
      const coding: Coding = {
        coder,
        fragment,
        label,
        memo: columns.memo < 0 ? '' : cells[columns.memo]!,
        file,
        line,
      };
      if (stance !== '') coding.stance = stance;
      const type = columns.type < 0 ? '' : cells[columns.type]!;
      if (type !== '') coding.type = type;
      nextOfSameFragment.push(firstOf[n]);
      firstOf[n] = codings.length;
      codings.push(coding);
    },
    (header) => {
      const fragmentHeader = FRAGMENT_HEADERS.find((h) => header.includes(h));
      const labelHeader = LABEL_HEADERS.find((h) => header.includes(h));
      if (!fragmentHeader || !labelHeader) {
        diagnostics.push(
          error(
            file,
            1,
            'codings/missing-column',
            `Missing column(s) ${[!fragmentHeader && 'fragment', !labelHeader && 'label'].filter(Boolean).join(', ')}; expected header fragment,label,memo`,
          ),
        );
        return;
      }
      const unknown = header.filter((h) => h !== '' && !KNOWN_HEADERS.has(h));
      if (unknown.length > 0)
        diagnostics.push(
          warning(
            file,
            1,
            'codings/unknown-column',
            `Unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map((h) => `"${h}"`).join(', ')}, not read; the columns are ${[...KNOWN_HEADERS].filter((h) => !['code', 'fragment_code', 'core_label'].includes(h)).join(', ')}`,
          ),
        );
      columns = {
        fragment: header.indexOf(fragmentHeader),
        label: header.indexOf(labelHeader),
        memo: header.indexOf('memo'),
        stance: header.indexOf('stance'),
        type: header.indexOf('type'),
      };
    },
  );
  if (!columns) return { codings, diagnostics: [...table.diagnostics, ...diagnostics] };
  return {
    codings,
    diagnostics: [...table.diagnostics, ...diagnostics].sort((a, b) => (a.line ?? 0) - (b.line ?? 0)),
  };
}

/** Suggests the fix for the OCR and typing slips seen in practice (`Al.2`, `B3,7`, `3.16`). */
function hintFor(text: string): string {
  if (/^[A-Z][lI]\.\d+$/.test(text) || /^[A-Z]\d*[lI]\d*\.\d+$/.test(text))
    return ` (did you mean ${text.replace(/[lI]/g, '1')}? "l" reads like "1")`;
  if (/^[A-Z]\d+,\d+$/.test(text)) return ` (did you mean ${text.replace(',', '.')}?)`;
  if (/^\d+\.\d+$/.test(text)) return ' (the group letter is missing)';
  if (/^[a-z]\d+\.\d+$/.test(text)) return ` (did you mean ${text[0]!.toUpperCase()}${text.slice(1)}?)`;
  return '';
}
