import { parentPort, workerData } from 'node:worker_threads';
import type { Codebook } from '../codebook/codebook.js';
import { contentStems } from '../suggest/dutch-stems.js';
import { labelDocsOf } from '../suggest/suggest-for-study.js';
import { suggestLabels, trainModel, type Model, type TrainingDoc } from '../suggest/tfidf-model.js';

/** What the coding page's server gives the suggestion worker once. */
export interface SuggestWorkerData {
  /** Codebook per group letter. */
  codebooks: Record<string, Codebook>;
  /** Every fragment: code → text. */
  texts: [string, string][];
  /** Every coder's codings as the study was read: [fragment, label]. */
  codings: [string, string][];
}

export interface SuggestRequest {
  id: number;
  code: string;
  given: string[];
  k: number;
}

/*
 * `qualkit suggest`'s model in a thread of its own: training on 100,000 fragments takes
 * seconds, and the server's own thread must stay free to save changes at once.
 */
const data = workerData as SuggestWorkerData;
const texts = new Map(data.texts);
const models = new Map<string, Model>();

function modelOf(codebook: Codebook): Model {
  let model = models.get(codebook.id);
  if (model) return model;
  const letters = new Set(
    Object.entries(data.codebooks)
      .filter(([, cb]) => cb.id === codebook.id)
      .map(([g]) => g),
  );
  const labelsOf = new Map<string, Set<string>>();
  for (const [fragment, label] of data.codings)
    if (letters.has(fragment[0]!)) labelsOf.set(fragment, (labelsOf.get(fragment) ?? new Set()).add(label));
  const docs: TrainingDoc[] = [];
  for (const [f, labels] of labelsOf) {
    const text = texts.get(f);
    if (text !== undefined) docs.push({ stems: contentStems(text), labels: [...labels].sort() });
  }
  model = trainModel(docs, labelDocsOf(codebook));
  models.set(codebook.id, model);
  return model;
}

parentPort!.on('message', (r: SuggestRequest) => {
  const codebook = data.codebooks[r.code[0]!];
  const text = texts.get(r.code);
  if (!codebook || text === undefined) return parentPort!.postMessage({ id: r.id, suggestions: [] });
  const given = new Set(r.given);
  const suggestions = suggestLabels(modelOf(codebook), contentStems(text), r.k + given.size)
    .filter((s) => !given.has(s.label) && s.score > 0)
    .slice(0, r.k);
  parentPort!.postMessage({ id: r.id, suggestions });
});
