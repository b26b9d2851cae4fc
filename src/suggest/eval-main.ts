#!/usr/bin/env node
/**
 * `npm run eval:suggest`: k-fold cross-validation of the suggestions on the coded
 * fragments of a study (default data-sample/) and on a generated corpus, beside the
 * definition-words baseline. Prints a Markdown table.
 */
import { labelsByFragment } from '../analysis/labels-by-fragment.js';
import { append } from '../core/append.js';
import { loadStudy } from '../study/load-study.js';
import { contentStems } from './dutch-stems.js';
import { crossValidate, scoreRankings, type Metrics, type Predictions } from './evaluate.js';
import { generateCorpus } from './generate-corpus.js';
import { labelDocsOf } from './suggest-for-study.js';

const studyPath = process.argv[2] ?? 'data-sample';
const folds = 5;
const study = await loadStudy(studyPath);
const labels = labelsByFragment(study.codings);
const merged: Predictions = { gold: [], method: [], baseline: [] };
const rows: string[] = [];
const fmt = (m: Metrics) =>
  [m.precisionAt1, m.precisionAt3, m.recallAt3, m.macroF1].map((x) => x.toFixed(3)).join(' | ');
const line = (corpus: string, p: Predictions) => {
  const method = scoreRankings(p.gold, p.method);
  const baseline = scoreRankings(p.gold, p.baseline);
  rows.push(
    `| ${corpus} | ${method.fragments} | TF-IDF centroids (qualkit) | ${fmt(method)} |`,
    `| ${corpus} | ${baseline.fragments} | label words (baseline) | ${fmt(baseline)} |`,
  );
};
for (const codebook of study.codebooks) {
  const letters = new Set(study.groups.filter((g) => g.codebook === codebook.id).map((g) => g.letter));
  const docs = study.fragments
    .filter((f) => letters.has(f.group) && labels.has(f.code))
    .map((f) => ({ stems: contentStems(f.text), labels: [...labels.get(f.code)!].sort() }));
  if (docs.length < folds) continue;
  const p = crossValidate(docs, labelDocsOf(codebook), folds);
  line(`${studyPath} ${codebook.id}`, p);
  append(merged.gold, p.gold);
  append(merged.method, p.method);
  append(merged.baseline, p.baseline);
}
line(`${studyPath} (all codebooks)`, merged);
const big = study.codebooks.find((c) => c.id === 'dv4') ?? study.codebooks[0]!;
line(`generated, ${big.id} labels`, crossValidate(generateCorpus(big, 2000), labelDocsOf(big), folds));
process.stdout.write(
  `${folds}-fold cross-validation; P@1 precision of the top suggestion, P@3 and R@3 precision and recall of the top three, macro-F1 of the top suggestion per label.\n\n` +
    '| corpus | fragments | method | P@1 | P@3 | R@3 | macro-F1 |\n| --- | ---: | --- | ---: | ---: | ---: | ---: |\n' +
    `${rows.join('\n')}\n`,
);
