import { indexCoreLabels, type Codebook } from '../codebook/codebook.js';
import { error, type Diagnostic } from '../core/diagnostics.js';
import type { FragmentIndex } from '../fragments/fragment-index.js';
import type { Coding } from './coding.js';

/**
 * Checks codings against the study: the fragment exists in the source book, and the label
 * is a core label of the codebook of the fragment's group. Returns the codings that pass
 * and one diagnostic per problem, each at the coding's file and line.
 */
export function validateCodings(
  codings: readonly Coding[],
  fragments: FragmentIndex,
  codebookOfGroup: ReadonlyMap<string, Codebook>,
): { valid: Coding[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const valid: Coding[] = [];
  const indexes = new Map<Codebook, ReturnType<typeof indexCoreLabels>>();
  const at = (c: Coding, rule: string, message: string) =>
    diagnostics.push(error(c.file, c.line, rule, message));
  const withoutFragments = new Map<string, Coding[]>();
  for (const c of codings) {
    const fragment = fragments.get(c.fragment);
    const group = c.fragment[0]!;
    const codebook = codebookOfGroup.get(group);
    if (!codebook) {
      at(
        c,
        'codings/unknown-group',
        `Fragment ${c.fragment} is in group "${group}", which the study does not declare`,
      );
      continue;
    }
    let index = indexes.get(codebook);
    if (!index) indexes.set(codebook, (index = indexCoreLabels(codebook)));
    let ok = true;
    if (!fragment) {
      const respondent = c.fragment.split('.')[0]!;
      const count = fragments.countOf(respondent);
      if (count > 0)
        at(
          c,
          'codings/unknown-fragment',
          `Unknown fragment ${c.fragment}: ${respondent} has fragments ${respondent}.1 to ${respondent}.${count}`,
        );
      else {
        // One line per respondent and file, not one per coding: the cause is the respondent's sources.
        const key = `${c.file}\u0000${respondent}`;
        const list = withoutFragments.get(key);
        if (list) list.push(c);
        else withoutFragments.set(key, [c]);
      }
      ok = false;
    }
    if (!index.has(c.label)) {
      const mainNo = c.label.split('.')[0]!;
      const main = codebook.mains.find((m) => String(m.no) === mainNo);
      at(
        c,
        'codings/unknown-label',
        main
          ? `Unknown label ${c.label} in codebook ${codebook.id}: main label ${mainNo} "${main.label}" has core labels ${main.cores[0]!.letter} to ${main.cores[main.cores.length - 1]!.letter}`
          : `Unknown label ${c.label} in codebook ${codebook.id} (group ${group}): it has main labels 1 to ${codebook.mains.length}`,
      );
      ok = false;
    }
    if (ok) valid.push(c);
  }
  for (const list of withoutFragments.values()) {
    const first = list[0]!;
    const respondent = first.fragment.split('.')[0]!;
    at(
      first,
      'codings/unknown-fragment',
      list.length === 1
        ? `Unknown fragment ${first.fragment}: the study has no fragments of ${respondent}`
        : `${list.length} codings (lines ${first.line}–${list[list.length - 1]!.line}) name fragments of ${respondent}, but the study has no fragments of ${respondent} (see the errors about its sources, if any)`,
    );
  }
  return { valid, diagnostics };
}

/**
 * Mutually exclusive labels: a coder may give a fragment at most one core label of an
 * exclusive main label. One error per extra label, at its line, naming the first.
 */
export function checkExclusiveLabels(
  codings: readonly Coding[],
  codebookOfGroup: ReadonlyMap<string, Codebook>,
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  // Per group, its exclusive main labels by number; most codebooks have none, and then nothing is looked at.
  const exclusiveOf = new Map<string, Map<string, Codebook['mains'][number]>>();
  for (const [group, codebook] of codebookOfGroup) {
    const exclusive = codebook.mains.filter((m) => m.exclusive);
    if (exclusive.length > 0) exclusiveOf.set(group, new Map(exclusive.map((m) => [m.id, m])));
  }
  if (exclusiveOf.size === 0) return diagnostics;
  const first = new Map<string, Coding>(); // coder, fragment, main → first coding of it
  for (const c of codings) {
    const exclusive = exclusiveOf.get(c.fragment[0]!);
    if (exclusive === undefined) continue;
    const dot = c.label.indexOf('.');
    const main = exclusive.get(dot < 0 ? c.label : c.label.slice(0, dot));
    if (main === undefined) continue;
    const codebook = codebookOfGroup.get(c.fragment[0]!);
    const key = `${c.coder}\u0000${c.fragment}\u0000${main.id}`;
    const earlier = first.get(key);
    if (!earlier) first.set(key, c);
    else if (earlier.label !== c.label)
      diagnostics.push(
        error(
          c.file,
          c.line,
          'codings/exclusive-labels',
          `Fragment ${c.fragment} has ${earlier.label} (line ${earlier.line}) and ${c.label} from coder ${c.coder}, but the core labels of main label ${main.id} "${main.label}" exclude each other (exclusive in codebook ${codebook!.id}): give one`,
        ),
      );
  }
  return diagnostics;
}
