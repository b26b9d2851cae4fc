/**
 * A TF-IDF nearest-centroid (Rocchio) classifier over stems: every core label gets a
 * centroid of the TF-IDF vectors of the fragments coded with it, plus its own name and
 * definition (so a label nobody used yet can still be suggested). A fragment's score for
 * a label is the cosine between its vector and the label's centroid; the words that
 * contribute most to that cosine are its reason. Deterministic: no randomness, ties broken
 * by label order.
 */
export type Vector = Map<string, number>;

export interface TrainingDoc {
  stems: string[];
  labels: string[];
}

export interface LabelDoc {
  label: string;
  /** Stems of the label's name and definition. */
  stems: string[];
}

export interface Model {
  idf: Map<string, number>;
  labels: string[];
  centroids: Map<string, Vector>;
}

export interface Suggestion {
  label: string;
  /** Cosine similarity, 0..1. */
  score: number;
  /** The stems that drove the score, strongest first. */
  reasons: string[];
}

/** Weight of a label's own name and definition against one coded fragment. */
const DEFINITION_WEIGHT = 0.5;

function termFrequencies(stems: readonly string[]): Map<string, number> {
  const tf = new Map<string, number>();
  for (const s of stems) tf.set(s, (tf.get(s) ?? 0) + 1);
  return tf;
}

export function vectorise(stems: readonly string[], idf: ReadonlyMap<string, number>): Vector {
  const v: Vector = new Map();
  for (const [term, n] of termFrequencies(stems)) {
    const w = idf.get(term);
    if (w !== undefined) v.set(term, (1 + Math.log(n)) * w);
  }
  return normalise(v);
}

function normalise(v: Vector): Vector {
  let sum = 0;
  for (const x of v.values()) sum += x * x;
  const norm = Math.sqrt(sum);
  if (norm === 0) return v;
  for (const [k, x] of v) v.set(k, x / norm);
  return v;
}

export function trainModel(docs: readonly TrainingDoc[], labelDocs: readonly LabelDoc[]): Model {
  const all = [...docs.map((d) => d.stems), ...labelDocs.map((l) => l.stems)];
  const df = new Map<string, number>();
  for (const stems of all) for (const s of new Set(stems)) df.set(s, (df.get(s) ?? 0) + 1);
  const idf = new Map<string, number>();
  for (const [term, n] of df) idf.set(term, Math.log((1 + all.length) / (1 + n)) + 1);
  const sums = new Map<string, Vector>();
  const add = (label: string, v: Vector, weight: number) => {
    let c = sums.get(label);
    if (!c) sums.set(label, (c = new Map<string, number>()));
    for (const [k, x] of v) c.set(k, (c.get(k) ?? 0) + x * weight);
  };
  for (const l of labelDocs) add(l.label, vectorise(l.stems, idf), DEFINITION_WEIGHT);
  for (const d of docs) {
    const v = vectorise(d.stems, idf);
    for (const label of d.labels) add(label, v, 1);
  }
  const labels = labelDocs.map((l) => l.label);
  const centroids = new Map(labels.map((l) => [l, normalise(sums.get(l) ?? new Map<string, number>())]));
  return { idf, labels, centroids };
}

/** The top `k` labels for a fragment's stems, with scores and reasons (up to 5 stems). */
export function suggestLabels(model: Model, stems: readonly string[], k: number): Suggestion[] {
  const v = vectorise(stems, model.idf);
  const scored = model.labels.map((label, order) => {
    const c = model.centroids.get(label)!;
    const parts: [string, number][] = [];
    let score = 0;
    for (const [term, x] of v) {
      const y = c.get(term);
      if (y === undefined) continue;
      score += x * y;
      parts.push([term, x * y]);
    }
    parts.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    return { label, score, reasons: parts.slice(0, 5).map(([t]) => t), order };
  });
  scored.sort((a, b) => b.score - a.score || a.order - b.order);
  return scored.slice(0, k).map(({ label, score, reasons }) => ({ label, score, reasons }));
}

/**
 * The baseline the method must beat: no training, only the words of each label's name
 * and definition; the score is the share of the label's stems that occur in the fragment.
 */
export function baselineLabels(
  labelDocs: readonly LabelDoc[],
  stems: readonly string[],
  k: number,
): Suggestion[] {
  const have = new Set(stems);
  const scored = labelDocs.map((l, order) => {
    const own = [...new Set(l.stems)];
    const hits = own.filter((s) => have.has(s));
    return {
      label: l.label,
      score: own.length === 0 ? 0 : hits.length / Math.sqrt(own.length),
      reasons: hits.slice(0, 5),
      order,
    };
  });
  scored.sort((a, b) => b.score - a.score || a.order - b.order);
  return scored.slice(0, k).map(({ label, score, reasons }) => ({ label, score, reasons }));
}
