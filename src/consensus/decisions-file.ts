import { error, type Diagnostic } from '../core/diagnostics.js';
import { isFragmentCode } from '../core/fragment-code.js';
import { csvRecords, visitCsv } from '../io/csv.js';

export const decisions = ['keep', 'drop', 'add'] as const;
export type Decision = (typeof decisions)[number];

/** What a coder had on a fragment for a label: gave it, saw the fragment and did not, or never saw it. */
export type Choice = 'yes' | 'no' | '';

/**
 * One row of the decisions file (the meeting's audit trail): for a fragment and a label,
 * what each coder had when the decision was made, the decision, and the meeting's note.
 */
export interface DecisionRow {
  fragment: string;
  label: string;
  /** Per coder, in the order of the consensus coder's `consensus` list. */
  choices: Choice[];
  /** Empty: noted but not decided yet. */
  decision: Decision | '';
  note: string;
  /** Line in the decisions file, when read from one. */
  line?: number;
}

const CORE_LABEL = /^[1-9]\d*\.[A-Z]{1,2}$/;

/** The decisions file's name for a consensus coder's codings file: `codings/consensus.csv` → `codings/consensus-decisions.csv`. */
export function decisionsFileOf(codingsFile: string): string {
  return /\.csv$/i.test(codingsFile)
    ? codingsFile.replace(/\.csv$/i, '-decisions.csv')
    : `${codingsFile}-decisions.csv`;
}

/**
 * Reads a decisions file. The header must have fragment, label, a column per coder of the
 * meeting (by name), decision and note. Every problem is a diagnostic with its line; bad
 * rows are left out.
 */
export function parseDecisions(
  text: string,
  file: string,
  coders: readonly string[],
): { rows: DecisionRow[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const rows: DecisionRow[] = [];
  const seen = new Map<string, number>();
  let columns:
    { fragment: number; label: number; coders: number[]; decision: number; note: number } | undefined;
  const visit = visitCsv(
    text,
    file,
    (cells, line) => {
      if (!columns) return;
      const fragment = cells[columns.fragment]!;
      const label = cells[columns.label]!.replace(/\s+/g, '');
      if (!isFragmentCode(fragment)) {
        diagnostics.push(
          error(
            file,
            line,
            'decisions/malformed-fragment',
            `Unexpected fragment code "${fragment}", expected e.g. B3.7`,
          ),
        );
        return;
      }
      if (!CORE_LABEL.test(label)) {
        diagnostics.push(
          error(
            file,
            line,
            'decisions/malformed-label',
            `Unexpected label "${label}", expected a core label such as 3.J`,
          ),
        );
        return;
      }
      const choices: Choice[] = [];
      for (const [k, col] of columns.coders.entries()) {
        const v = cells[col]!.toLowerCase();
        if (v !== 'yes' && v !== 'no' && v !== '') {
          diagnostics.push(
            error(
              file,
              line,
              'decisions/bad-choice',
              `Unexpected "${cells[col]}" in column ${coders[k]}, expected yes, no or empty (not seen)`,
            ),
          );
          return;
        }
        choices.push(v);
      }
      const decision = cells[columns.decision]!.toLowerCase();
      if (decision !== '' && !(decisions as readonly string[]).includes(decision)) {
        diagnostics.push(
          error(
            file,
            line,
            'decisions/bad-decision',
            `Unexpected decision "${cells[columns.decision]}", expected keep, drop, add or empty (not decided)`,
          ),
        );
        return;
      }
      const key = `${fragment} ${label}`;
      const first = seen.get(key);
      if (first !== undefined) {
        diagnostics.push(
          error(
            file,
            line,
            'decisions/duplicate',
            `Second decision on ${fragment} ${label}, first at ${file}:${first}`,
          ),
        );
        return;
      }
      seen.set(key, line);
      // The CSV reader has already taken off the quote that guards a formula-like note.
      const note = columns.note < 0 ? '' : cells[columns.note]!;
      rows.push({ fragment, label, choices, decision: decision as Decision | '', note, line });
    },
    (header) => {
      const at = (name: string) => header.indexOf(name.toLowerCase());
      const missing = ['fragment', 'label', ...coders, 'decision'].filter((h) => at(h) < 0);
      if (missing.length > 0) {
        diagnostics.push(
          error(
            file,
            1,
            'decisions/missing-column',
            `Missing column(s) ${missing.join(', ')}; expected header ${decisionsHeader(coders).join(',')}`,
          ),
        );
        return;
      }
      columns = {
        fragment: at('fragment'),
        label: at('label'),
        coders: coders.map(at),
        decision: at('decision'),
        note: at('note'),
      };
    },
  );
  return {
    rows,
    diagnostics: [...visit.diagnostics, ...diagnostics].sort((a, b) => (a.line ?? 0) - (b.line ?? 0)),
  };
}

export function decisionsHeader(coders: readonly string[]): string[] {
  return ['fragment', 'label', ...coders, 'decision', 'note'];
}

/**
 * The decisions file's text, rows in the order given. A note that a spreadsheet would run
 * as a formula gets a leading apostrophe from the CSV writer, which reading removes.
 */
export function decisionsCsv(coders: readonly string[], rows: readonly DecisionRow[]): string {
  return csvRecords([
    decisionsHeader(coders),
    ...rows.map((r) => [r.fragment, r.label, ...r.choices, r.decision, r.note]),
  ]);
}
