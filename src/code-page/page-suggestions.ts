import type { Codebook } from '../codebook/codebook.js';
import type { Study } from '../study/study.js';
import { contentStems } from '../suggest/dutch-stems.js';
import { labelDocsOf } from '../suggest/suggest-for-study.js';
import { suggestLabels, trainModel, type Model, type TrainingDoc } from '../suggest/tfidf-model.js';

export interface PageSuggestion {
  label: string;
  score: number;
  reasons: string[];
}

/**
 * `qualkit suggest`'s model for the page: per codebook, trained once (on first use) on the
 * codings of every coder as the study was read and on the label definitions; then the top
 * labels for one fragment, leaving out those the coder already gave it.
 */
export class PageSuggester {
  private readonly models = new Map<string, Promise<Model>>();

  constructor(private readonly study: Study) {}

  async suggest(code: string, given: ReadonlySet<string>, k = 3): Promise<PageSuggestion[]> {
    const fragment = this.study.fragmentIndex.get(code);
    const codebook = fragment && this.study.codebookOfGroup.get(fragment.group);
    if (!fragment || !codebook) return [];
    let model = this.models.get(codebook.id);
    if (!model) this.models.set(codebook.id, (model = this.train(codebook)));
    return suggestLabels(await model, contentStems(fragment.text), k + given.size)
      .filter((s) => !given.has(s.label) && s.score > 0)
      .slice(0, k);
  }

  /**
   * Trains in slices, giving the event loop back between them, so saving a change never
   * waits for a model of 100,000 fragments.
   */
  private async train(codebook: Codebook): Promise<Model> {
    const letters = new Set(this.study.groups.filter((g) => g.codebook === codebook.id).map((g) => g.letter));
    const labelsOf = new Map<string, Set<string>>();
    for (const c of this.study.codings)
      if (letters.has(c.fragment[0]!))
        labelsOf.set(c.fragment, (labelsOf.get(c.fragment) ?? new Set()).add(c.label));
    const docs: TrainingDoc[] = [];
    for (const [f, labels] of labelsOf) {
      const text = this.study.fragmentIndex.get(f)?.text;
      if (text !== undefined) docs.push({ stems: contentStems(text), labels: [...labels].sort() });
      if (docs.length % 100 === 0) await new Promise((r) => setImmediate(r));
    }
    return trainModel(docs, labelDocsOf(codebook));
  }
}
