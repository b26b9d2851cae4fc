import { seededRandom } from '../agreement/bootstrap.js';
import type { Codebook } from '../codebook/codebook.js';
import { contentStems } from './dutch-stems.js';
import type { TrainingDoc } from './tfidf-model.js';

const SYLLABLES = [
  'ka',
  'lo',
  'me',
  'ri',
  'sta',
  'vo',
  'ne',
  'pel',
  'dro',
  'gu',
  'mar',
  'ten',
  'bli',
  'zo',
  'fa',
  'ker',
  'wi',
  'dun',
  'ho',
  'sel',
];

function pseudoWord(random: () => number): string {
  const n = 2 + Math.floor(random() * 2);
  let w = '';
  for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
  return w;
}

/**
 * A larger synthetic corpus for evaluating suggestions (seeded, so always the same):
 * every core label gets a vocabulary of its own that its definition does not contain
 * (people rarely use a codebook's words), labels under one main label share a vocabulary,
 * fragments have one or two labels and mix words of their labels' own vocabularies (35%),
 * of the main label's shared one (20%), of the label definitions (10%) and filler (35%). It measures whether the method learns from coded examples; the small
 * sample study measures it on realistic text.
 */
export function generateCorpus(codebook: Codebook, size: number, seed = 42): TrainingDoc[] {
  const random = seededRandom(seed);
  const cores = codebook.mains.flatMap((m) => m.cores);
  const vocab = new Map(cores.map((c) => [c.id, Array.from({ length: 8 }, () => pseudoWord(random))]));
  // Labels under one main label share words, as related codes do in real material.
  const shared = new Map(
    codebook.mains.map((m) => [m.id, Array.from({ length: 12 }, () => pseudoWord(random))]),
  );
  const definitionWords = new Map(cores.map((c) => [c.id, contentStems(`${c.label} ${c.definition}`)]));
  const filler = Array.from({ length: 60 }, () => pseudoWord(random));
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const docs: TrainingDoc[] = [];
  for (let i = 0; i < size; i++) {
    const labels = [pick(cores).id];
    if (random() < 0.3) {
      const second = pick(cores).id;
      if (second !== labels[0]) labels.push(second);
    }
    const length = 6 + Math.floor(random() * 14);
    const text: string[] = [];
    for (let w = 0; w < length; w++) {
      const r = random();
      const label = pick(labels);
      if (r < 0.35) text.push(pick(vocab.get(label)!));
      else if (r < 0.55) text.push(pick(shared.get(label.split('.')[0]!)!));
      else if (r < 0.65 && definitionWords.get(label)!.length > 0)
        text.push(pick(definitionWords.get(label)!));
      else text.push(pick(filler));
    }
    docs.push({ stems: contentStems(text.join(' ')), labels: labels.sort() });
  }
  return docs;
}
