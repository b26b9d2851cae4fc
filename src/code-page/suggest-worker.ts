import { parentPort, workerData } from 'node:worker_threads';
import { indexCoreLabels, type Codebook } from '../codebook/codebook.js';
import { parseCodings } from '../codings/parse-codings.js';
import { readTextFile } from '../io/read-text-file.js';
import { contentStems } from '../suggest/dutch-stems.js';
import { labelDocsOf } from '../suggest/suggest-for-study.js';
import { suggestLabels, trainModel, type Model, type TrainingDoc } from '../suggest/tfidf-model.js';

/** What the coding page's server gives the suggestion worker once. */
export interface SuggestWorkerData {
  /** Codebook per group letter. */
  codebooks: Record<string, Codebook>;
  /** Every fragment: code → text. */
  texts: [string, string][];
  /** The codings the study was read with: [fragment, label]. */
  codings: [string, string][];
  /** The codings files of the coders the study was read without, read here. */
  unread: { coder: string; path: string; shown: string }[];
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
let others: Promise<void> | undefined;
const coreLabels = new Map<string, ReadonlyMap<string, unknown>>();
const coreLabelsOf = (codebook: Codebook) => {
  let index = coreLabels.get(codebook.id);
  if (!index) coreLabels.set(codebook.id, (index = indexCoreLabels(codebook)));
  return index;
};

/**
 * Adds the codings of the files the study was read without: rows whose fragment the study
 * has and whose label is a core label of its group's codebook, as the study would have
 * kept them. A file that cannot be read adds nothing (suggestions are a help, not a check).
 */
function readOthers(): Promise<void> {
  return (others ??= readFiles());
}

async function readFiles(): Promise<void> {
  for (const file of data.unread) {
    const text = await readTextFile(file.path, file.shown, 'codings').catch(() => undefined);
    if (text === undefined) continue;
    for (const c of parseCodings(text, file.shown, file.coder).codings) {
      const codebook = data.codebooks[c.fragment[0]!];
      if (texts.has(c.fragment) && codebook && coreLabelsOf(codebook).has(c.label))
        data.codings.push([c.fragment, c.label]);
    }
  }
}

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

parentPort!.on('message', (r: SuggestRequest) => void answer(r));

async function answer(r: SuggestRequest): Promise<void> {
  await readOthers();
  const codebook = data.codebooks[r.code[0]!];
  const text = texts.get(r.code);
  if (!codebook || text === undefined) return parentPort!.postMessage({ id: r.id, suggestions: [] });
  const given = new Set(r.given);
  const suggestions = suggestLabels(modelOf(codebook), contentStems(text), r.k + given.size)
    .filter((s) => !given.has(s.label) && s.score > 0)
    .slice(0, r.k);
  parentPort!.postMessage({ id: r.id, suggestions });
}
