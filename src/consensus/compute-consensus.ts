import { coderSaw, computeAgreement } from '../agreement/compute-agreement.js';
import { compareLetters, indexCoreLabels, type Codebook } from '../codebook/codebook.js';
import type { Coding } from '../codings/coding.js';
import type { CoderConfig, GroupConfig } from '../config/study-config.js';
import { UsageError } from '../core/diagnostics.js';
import { compareFragmentCodes } from '../core/fragment-code.js';
import type { Fragment } from '../fragments/fragment.js';
import { csvRecords } from '../io/csv.js';
import { decisionsCsv, type Choice, type Decision, type DecisionRow } from './decisions-file.js';

/** Everything a coding meeting is computed from; all of it comes from the loaded study plus the decisions file. */
export interface MeetingInput {
  /** The coders of the meeting, in the order of the consensus coder's `consensus` list. */
  coders: readonly CoderConfig[];
  codebooks: readonly Codebook[];
  groups: readonly GroupConfig[];
  /** The study's fragments in study order (codes, groups and respondents are enough). */
  fragments: readonly Fragment[];
  /** The study's codings (those of other coders are ignored). */
  codings: readonly Coding[];
  decisions: readonly DecisionRow[];
}

export type ItemStatus = 'undecided' | 'decided' | 'changed';

/** One fragment on the meeting's agenda, in the order of `agree --disagreements`. */
export interface MeetingItem {
  codebook: string;
  fragment: string;
  /** Per coder: the labels given, or null when the coder did not see the fragment. */
  labels: (string[] | null)[];
  /** Labels some coders who saw the fragment gave and others did not: each needs a decision. */
  toDecide: string[];
  /** Labels every coder who saw the fragment gave: kept unless the meeting drops them. */
  shared: string[];
  /** The decision rows of this fragment. */
  decisions: DecisionRow[];
  /**
   * decided: every label in toDecide has a decision; changed: a coder's codings of the fragment
   * differ from what the decisions recorded (look again); undecided: otherwise.
   */
  status: ItemStatus;
}

export interface MeetingState {
  coders: string[];
  items: MeetingItem[];
  decided: number;
  /** Fragments with undecided labels, in agenda order. */
  undecided: string[];
  /** Fragments whose coders' codings changed since a decision on them (agenda order, then others). */
  changed: string[];
  /** The consensus coder's codings file, whole. */
  consensusCsv: string;
  /** The decisions file, whole, rows in agenda order. */
  decisionsCsv: string;
  /** The decision rows in file order. */
  decisions: DecisionRow[];
}

/** Orders core labels `3.J` by main number, then letter (`Z` before `AA`). */
export function compareLabels(a: string, b: string): number {
  const [ma, la] = a.split('.') as [string, string];
  const [mb, lb] = b.split('.') as [string, string];
  return Number(ma) - Number(mb) || compareLetters(la, lb);
}

function choiceOf(labels: string[] | null, label: string): Choice {
  return labels === null ? '' : labels.includes(label) ? 'yes' : 'no';
}

const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * The meeting: its agenda (the disagreements of `agree --disagreements` over the meeting's
 * coders, same units, same order), each item's status, and the two files it writes:
 * - the consensus codings: for every fragment two or more of the coders saw, their shared
 *   labels, changed by the decisions (keep, add, drop); a disagreement fragment only once
 *   all its differing labels are decided; for a fragment only one coder saw, that coder's
 *   labels (so the consensus coder covers the whole study);
 * - the decisions file, rows in agenda order, then other fragments in study order.
 * Pure: the same input gives byte-identical files.
 */
export function computeMeeting(input: MeetingInput): MeetingState {
  const coders = input.coders;
  const names = coders.map((c) => c.name);
  const report = computeAgreement(input.codebooks, input.groups, input.fragments, input.codings, coders, {
    replicates: 0,
  });
  const rowsOf = new Map<string, DecisionRow[]>();
  for (const r of input.decisions) {
    const list = rowsOf.get(r.fragment);
    if (list) list.push(r);
    else rowsOf.set(r.fragment, [r]);
  }
  // Each coder's labels per fragment, counting only fragments the coder saw (as agreement does).
  const byCoder = names.map(() => new Map<string, Set<string>>());
  const coderNo = new Map(names.map((n, i) => [n, i]));
  const fragmentOf = new Map(input.fragments.map((f) => [f.code, f]));
  for (const x of input.codings) {
    const c = coderNo.get(x.coder);
    const f = fragmentOf.get(x.fragment);
    if (c === undefined || !f || !coderSaw(coders[c]!, f)) continue;
    const set = byCoder[c]!.get(x.fragment);
    if (set) set.add(x.label);
    else byCoder[c]!.set(x.fragment, new Set([x.label]));
  }
  const labelsOf = (f: Fragment): (string[] | null)[] =>
    coders.map((coder, c) =>
      coderSaw(coder, f) ? [...(byCoder[c]!.get(f.code) ?? [])].sort(compareLabels) : null,
    );
  const isStale = (rows: readonly DecisionRow[], labels: (string[] | null)[]) =>
    rows.some((r) => r.choices.some((choice, c) => choice !== choiceOf(labels[c]!, r.label)));

  const items: MeetingItem[] = report.disagreements.map((d) => {
    const seenLabels = d.labels.filter((l): l is string[] => l !== null);
    const all = [...new Set(seenLabels.flat())].sort(compareLabels);
    const shared = all.filter((l) => seenLabels.every((s) => s.includes(l)));
    const toDecide = all.filter((l) => !shared.includes(l));
    const rows = rowsOf.get(d.fragment) ?? [];
    const decided = toDecide.every((l) => rows.some((r) => r.label === l && r.decision !== ''));
    const labels = d.labels.map((l) => (l === null ? null : [...l].sort(compareLabels)));
    return {
      codebook: d.codebook,
      fragment: d.fragment,
      labels,
      toDecide,
      shared,
      decisions: rows,
      status: isStale(rows, labels) ? 'changed' : decided ? 'decided' : 'undecided',
    };
  });
  const itemOf = new Map(items.map((i) => [i.fragment, i]));
  const changed = items.filter((i) => i.status === 'changed').map((i) => i.fragment);

  // The consensus codings, fragment by fragment in study order.
  const out: (string | undefined)[][] = [['fragment', 'label', 'memo']];
  const letters = new Set(
    input.groups.filter((g) => input.codebooks.some((cb) => cb.id === g.codebook)).map((g) => g.letter),
  );
  for (const f of input.fragments) {
    if (!letters.has(f.group)) continue;
    const labels = labelsOf(f);
    const seenBy = labels.filter((l): l is string[] => l !== null);
    if (seenBy.length === 0) continue;
    const rows = rowsOf.get(f.code) ?? [];
    const item = itemOf.get(f.code);
    if (!item && rows.length > 0 && isStale(rows, labels)) changed.push(f.code);
    let result: string[];
    if (seenBy.length === 1) result = seenBy[0]!;
    else {
      if (item && item.toDecide.some((l) => !rows.some((r) => r.label === l && r.decision !== ''))) continue;
      const keep = new Set(seenBy.reduce((a, b) => a.filter((l) => b.includes(l))));
      for (const r of rows)
        if (r.decision === 'drop') keep.delete(r.label);
        else if (r.decision !== '') keep.add(r.label);
      result = [...keep].sort(compareLabels);
    }
    for (const label of result) {
      const note =
        rows.find((r) => r.label === label && (r.decision === 'keep' || r.decision === 'add'))?.note ?? '';
      out.push([f.code, label, FORMULA_START.test(note) ? `'${note}` : note]);
    }
  }

  // Decision rows in agenda order, then those of other fragments in study order; labels in label order.
  const position = new Map(items.map((i, k) => [i.fragment, k]));
  const ordered = [...input.decisions].sort(
    (a, b) =>
      (position.get(a.fragment) ?? Infinity) - (position.get(b.fragment) ?? Infinity) ||
      compareFragmentCodes(a.fragment, b.fragment) ||
      compareLabels(a.label, b.label),
  );
  return {
    coders: names,
    items,
    decided: items.filter((i) => i.status === 'decided').length,
    undecided: items.filter((i) => i.status === 'undecided').map((i) => i.fragment),
    changed,
    consensusCsv: csvRecords(out),
    decisionsCsv: decisionsCsv(names, ordered),
    decisions: ordered,
  };
}

export interface DecisionInput {
  fragment: string;
  label: string;
  /** null: take the decision back (remove its row). */
  decision: Decision | null;
  note?: string;
}

/**
 * Records one decision and returns the meeting after it (with both files' new contents,
 * for the caller to write): replaces the row of the same fragment and label, recording
 * what each coder has now. Throws UsageError for a fragment that is not on the agenda and
 * has no decisions, or a label that is not a core label of the fragment's codebook.
 */
export function applyDecision(input: MeetingInput, d: DecisionInput): MeetingState {
  const fragment = input.fragments.find((f) => f.code === d.fragment);
  if (!fragment) throw new UsageError(`unknown fragment "${d.fragment}"`);
  const group = input.groups.find((g) => g.letter === fragment.group);
  const codebook = input.codebooks.find((cb) => cb.id === group?.codebook);
  if (!codebook || !indexCoreLabels(codebook).has(d.label))
    throw new UsageError(
      `"${d.label}" is not a core label of codebook ${codebook?.id ?? group?.codebook ?? '?'} (the codebook of ${d.fragment})`,
    );
  const before = computeMeeting(input);
  const onAgenda = before.items.some((i) => i.fragment === d.fragment);
  if (!onAgenda && !input.decisions.some((r) => r.fragment === d.fragment))
    throw new UsageError(
      `${d.fragment} is not on the meeting's agenda: the coders (${before.coders.join(', ')}) agree on it or did not both see it`,
    );
  const rest = input.decisions.filter((r) => !(r.fragment === d.fragment && r.label === d.label));
  if (d.decision === null) return computeMeeting({ ...input, decisions: rest });
  const labels = input.coders.map((coder) => {
    if (!coderSaw(coder, fragment)) return null;
    return input.codings
      .filter((x) => x.coder === coder.name && x.fragment === d.fragment)
      .map((x) => x.label);
  });
  const row: DecisionRow = {
    fragment: d.fragment,
    label: d.label,
    choices: labels.map((l) => choiceOf(l, d.label)),
    decision: d.decision,
    note: (
      d.note ??
      input.decisions.find((r) => r.fragment === d.fragment && r.label === d.label)?.note ??
      ''
    ).trim(),
  };
  return computeMeeting({ ...input, decisions: [...rest, row] });
}

/** "14 of 37 decided", plus what is left. */
export function meetingStatusLine(state: MeetingState): string {
  const parts = [`${state.decided} of ${state.items.length} decided`];
  if (state.undecided.length > 0) parts.push(`${state.undecided.length} undecided`);
  if (state.changed.length > 0)
    parts.push(`${state.changed.length} to look at again (a coder's codings changed)`);
  return parts.join(', ');
}
