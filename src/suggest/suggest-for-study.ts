import type { Codebook } from '../codebook/codebook.js';
import type { Coding } from '../codings/coding.js';
import type { CoderConfig, GroupConfig } from '../config/study-config.js';
import type { Fragment } from '../fragments/fragment.js';
import { coderSaw } from '../agreement/compute-agreement.js';
import { textTools, type TextTools } from './text-tools.js';
import { suggestLabels, trainModel, type LabelDoc, type TrainingDoc } from './tfidf-model.js';

export interface SuggestionRow {
  fragment: string;
  label: string;
  labelName: string;
  score: number;
  reason: string;
  text: string;
}

/** A codebook's core labels as training documents of their own: name and definition. */
export function labelDocsOf(codebook: Codebook, tools: TextTools = textTools('nl')): LabelDoc[] {
  return codebook.mains.flatMap((m) =>
    m.cores.map((c) => ({
      label: c.id,
      stems: tools.contentStems(`${c.label} ${c.label} ${c.definition} ${m.label}`),
    })),
  );
}

/**
 * Suggestions for one coder: for every fragment in the coder's scope that the coder has
 * not coded, the top `k` core labels of its group's codebook, learned from the codings of
 * the training coders and from the label definitions. Rows in fragment order, then by
 * score. Never touches a codings file.
 */
export function suggestForCoder(
  codebooks: readonly Codebook[],
  groups: readonly GroupConfig[],
  fragments: readonly Fragment[],
  codings: readonly Coding[],
  target: CoderConfig,
  trainingCoders: readonly string[],
  k: number,
  /** The study's language: Dutch unless told. */
  tools: TextTools = textTools('nl'),
): SuggestionRow[] {
  const { contentStems } = tools;
  const coded = new Set(codings.filter((c) => c.coder === target.name).map((c) => c.fragment));
  const rows: SuggestionRow[] = [];
  for (const codebook of codebooks) {
    const letters = new Set(groups.filter((g) => g.codebook === codebook.id).map((g) => g.letter));
    const mine = fragments.filter((f) => letters.has(f.group));
    const labelsOf = new Map<string, Set<string>>();
    for (const c of codings)
      if (trainingCoders.includes(c.coder) && letters.has(c.fragment[0]!))
        labelsOf.set(c.fragment, (labelsOf.get(c.fragment) ?? new Set()).add(c.label));
    const docs: TrainingDoc[] = mine
      .filter((f) => labelsOf.has(f.code))
      .map((f) => ({ stems: contentStems(f.text), labels: [...labelsOf.get(f.code)!].sort() }));
    const targets = mine.filter((f) => coderSaw(target, f) && !coded.has(f.code));
    if (targets.length === 0) continue;
    const model = trainModel(docs, labelDocsOf(codebook, tools));
    const names = new Map(codebook.mains.flatMap((m) => m.cores.map((c) => [c.id, c.label] as const)));
    for (const f of targets)
      for (const s of suggestLabels(model, contentStems(f.text), k))
        rows.push({
          fragment: f.code,
          label: s.label,
          labelName: names.get(s.label) ?? '',
          score: s.score,
          reason: s.reasons.join(' '),
          text: f.text,
        });
  }
  return rows;
}
