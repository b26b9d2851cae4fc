import { compareLabelIds, indexCoreLabels, type Codebook } from '../codebook/codebook.js';
import type { Coding } from '../codings/coding.js';
import type { CoderConfig, RespondentConfig } from '../config/study-config.js';
import type { Fragment } from '../fragments/fragment.js';
import { seenByCoders } from './select-fragments.js';

export interface RetrievedLabel {
  /** `3.J` */
  id: string;
  /** The core label's name in the fragment's codebook. */
  name: string;
  /** The main label's name. */
  main: string;
}

/** One retrieved fragment with what a reader needs beside its text. */
export interface RetrievedFragment {
  code: string;
  codebook: string;
  group: string;
  respondent: string;
  attributes: Record<string, string | number | boolean>;
  /** The labels of the chosen coders, merged, in label order. */
  labels: RetrievedLabel[];
  /** Per chosen coder who saw the fragment (scope, or coded it), that coder's label ids. */
  coders: { coder: string; labels: string[] }[];
  /** Whether two or more coders saw the fragment and gave it different labels. */
  codersDiffer: boolean;
  /** Memos of the chosen coders' codings, in coder order. */
  memos: { coder: string; label: string; memo: string }[];
  text: string;
  /** The turn before the fragment (the question), when there is one. */
  context?: string;
}

/**
 * The details of selected fragments: respondent attributes, merged labels with their
 * names, each coder's labels and memos. Pure; `codings` are the study's valid codings
 * (all coders; those of coders not chosen are ignored).
 */
export function describeFragments(
  selected: readonly Fragment[],
  study: {
    codings: readonly Coding[];
    codebookOfGroup: ReadonlyMap<string, Codebook>;
    respondents: readonly RespondentConfig[];
  },
  coders: readonly CoderConfig[],
): RetrievedFragment[] {
  const wanted = new Set(selected.map((f) => f.code));
  const chosen = new Map(coders.map((c, i) => [c.name, i]));
  const byFragment = new Map<string, Coding[]>();
  for (const c of study.codings) {
    if (!wanted.has(c.fragment) || !chosen.has(c.coder)) continue;
    let list = byFragment.get(c.fragment);
    if (!list) byFragment.set(c.fragment, (list = []));
    list.push(c);
  }
  const attributes = new Map(study.respondents.map((r) => [r.id, r.attributes]));
  const labelIndex = new Map<Codebook, ReturnType<typeof indexCoreLabels>>();
  const saw = coders.map((c) => seenByCoders([c]));
  return selected.map((f) => {
    const codebook = study.codebookOfGroup.get(f.group);
    let index = codebook && labelIndex.get(codebook);
    if (codebook && !index) labelIndex.set(codebook, (index = indexCoreLabels(codebook)));
    const codings = (byFragment.get(f.code) ?? []).sort(
      (a, b) => chosen.get(a.coder)! - chosen.get(b.coder)! || compareLabelIds(a.label, b.label),
    );
    const merged = [...new Set(codings.map((c) => c.label))].sort(compareLabelIds);
    const perCoder = coders
      .map((coder, i) => ({
        coder: coder.name,
        labels: [...new Set(codings.filter((c) => c.coder === coder.name).map((c) => c.label))],
        saw: saw[i]!(f),
      }))
      .filter((c) => c.saw || c.labels.length > 0)
      .map(({ coder, labels }) => ({ coder, labels }));
    const differ =
      perCoder.length >= 2 && perCoder.some((c) => c.labels.join() !== perCoder[0]!.labels.join());
    return {
      code: f.code,
      codebook: codebook?.id ?? '',
      group: f.group,
      respondent: f.respondent,
      attributes: attributes.get(f.respondent) ?? {},
      labels: merged.map((id) => {
        const found = index?.get(id);
        return { id, name: found?.core.label ?? '', main: found?.main.label ?? '' };
      }),
      coders: perCoder,
      codersDiffer: differ,
      memos: codings
        .filter((c) => c.memo.trim() !== '')
        .map((c) => ({ coder: c.coder, label: c.label, memo: c.memo })),
      text: f.text,
      ...(f.context !== undefined ? { context: f.context } : {}),
    };
  });
}
