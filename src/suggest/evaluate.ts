import {
  baselineLabels,
  suggestLabels,
  trainModel,
  type LabelDoc,
  type Suggestion,
  type TrainingDoc,
} from './tfidf-model.js';

export interface Metrics {
  /** Share of fragments whose top suggestion is one of their labels. */
  precisionAt1: number;
  /** Mean share of the top 3 suggestions that are right. */
  precisionAt3: number;
  /** Mean share of a fragment's labels found in its top 3. */
  recallAt3: number;
  /** Macro-averaged F1 over labels, taking the top suggestion as the prediction. */
  macroF1: number;
  fragments: number;
}

export function scoreRankings(gold: readonly string[][], ranked: readonly string[][]): Metrics {
  let p1 = 0;
  let p3 = 0;
  let r3 = 0;
  const tp = new Map<string, number>();
  const fp = new Map<string, number>();
  const fn = new Map<string, number>();
  const inc = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  gold.forEach((labels, i) => {
    const top = ranked[i]!;
    const set = new Set(labels);
    if (top[0] !== undefined && set.has(top[0])) p1++;
    const hits = top.slice(0, 3).filter((l) => set.has(l)).length;
    p3 += hits / 3;
    r3 += labels.length === 0 ? 0 : hits / labels.length;
    const predicted = top[0];
    for (const l of labels) inc(l === predicted ? tp : fn, l);
    if (predicted !== undefined && !set.has(predicted)) inc(fp, predicted);
  });
  const labels = new Set([...tp.keys(), ...fp.keys(), ...fn.keys()]);
  let f1 = 0;
  for (const l of labels) {
    const t = tp.get(l) ?? 0;
    const denom = 2 * t + (fp.get(l) ?? 0) + (fn.get(l) ?? 0);
    f1 += denom === 0 ? 0 : (2 * t) / denom;
  }
  const n = gold.length || 1;
  return {
    precisionAt1: p1 / n,
    precisionAt3: p3 / n,
    recallAt3: r3 / n,
    macroF1: labels.size === 0 ? 0 : f1 / labels.size,
    fragments: gold.length,
  };
}

/**
 * k-fold cross-validation: documents (in their given, deterministic order) are dealt
 * round-robin into `folds`; each fold is predicted by a model trained on the others.
 * Returns the metrics of the TF-IDF method and of the definition-words baseline.
 */
export interface Predictions {
  gold: string[][];
  method: string[][];
  baseline: string[][];
}

export function crossValidate(
  docs: readonly TrainingDoc[],
  labelDocs: readonly LabelDoc[],
  folds = 5,
): Predictions {
  const gold: string[][] = [];
  const method: string[][] = [];
  const baseline: string[][] = [];
  const names = (s: Suggestion[]) => s.map((x) => x.label);
  for (let f = 0; f < folds; f++) {
    const train = docs.filter((_, i) => i % folds !== f);
    const test = docs.filter((_, i) => i % folds === f);
    const model = trainModel(train, labelDocs);
    for (const d of test) {
      gold.push(d.labels);
      method.push(names(suggestLabels(model, d.stems, 3)));
      baseline.push(names(baselineLabels(labelDocs, d.stems, 3)));
    }
  }
  return { gold, method, baseline };
}
