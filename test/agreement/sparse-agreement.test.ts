import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeAgreement } from '../../src/agreement/compute-agreement.js';
import { krippendorffAlphaNominal } from '../../src/agreement/krippendorff-alpha.js';
import { cohenKappa, fleissKappa, pairwiseAgreement } from '../../src/agreement/kappa.js';
import { computeFrequencies } from '../../src/analysis/frequencies.js';
import type { Codebook } from '../../src/codebook/codebook.js';
import type { Coding } from '../../src/codings/coding.js';
import type { CoderConfig, GroupConfig, RespondentConfig } from '../../src/config/study-config.js';
import type { Fragment } from '../../src/fragments/fragment.js';

/**
 * computeAgreement and computeFrequencies gather sparse counts (per label only the
 * fragments someone gave it). Here they are held, on random studies, to the textbook
 * computations on the full matrix of ratings: every fragment × coder cell written out,
 * then Krippendorff's alpha, Cohen's and Fleiss' kappa and pairwise agreement from the
 * matrix functions the published-value tests check, and counts by direct filtering.
 */

const codebook: Codebook = {
  id: 'cb',
  subquestion: '1',
  file: 'cb.csv',
  mains: [1, 2].map((no) => ({
    id: String(no),
    no,
    label: `Main ${no}`,
    definition: '',
    line: no,
    cores: ['A', 'B', 'C'].map((letter) => ({
      id: `${no}.${letter}`,
      letter,
      label: `Core ${no}.${letter}`,
      definition: '',
      line: no,
    })),
  })),
};
const LABELS = codebook.mains.flatMap((m) => m.cores.map((c) => c.id));
const groups: GroupConfig[] = [
  { letter: 'A', name: 'Jongeren', kind: 'interview', codebook: 'cb' },
  { letter: 'B', name: 'Professionals', kind: 'interview', codebook: 'cb' },
] as GroupConfig[];
const RESPONDENTS = ['A1', 'A2', 'B1', 'B2'];

const study = fc.record({
  perRespondent: fc.tuple(...RESPONDENTS.map(() => fc.integer({ min: 0, max: 6 }))),
  types: fc.tuple(...RESPONDENTS.map(() => fc.constantFrom('x', 'y', ''))),
  scopes: fc.array(
    fc.option(fc.subarray(['A', 'B', 'A1', 'A2', 'B1', 'B2'], { minLength: 1 }), { nil: undefined }),
    { minLength: 2, maxLength: 4 },
  ),
  picks: fc.array(fc.tuple(fc.nat(3), fc.nat(30), fc.nat(LABELS.length - 1)), { maxLength: 80 }),
});

type RandomStudy = typeof study extends fc.Arbitrary<infer T> ? T : never;

function build(s: RandomStudy) {
  const fragments: Fragment[] = RESPONDENTS.flatMap((r, i) =>
    Array.from({ length: s.perRespondent[i]! }, (_, n) => ({
      code: `${r}.${n + 1}`,
      group: r[0]!,
      interview: Number(r.slice(1)),
      respondent: r,
      speaker: r,
      text: `tekst ${r}.${n + 1}`,
      source: `${r}.txt`,
      line: n + 1,
    })),
  );
  const respondents: RespondentConfig[] = RESPONDENTS.map((id, i) => ({
    id,
    attributes: s.types[i] === '' ? {} : { type: s.types[i]! },
  })) as RespondentConfig[];
  const coders: CoderConfig[] = s.scopes.map((scope, i) => ({
    name: `coder${i}`,
    file: `c${i}.csv`,
    ...(scope ? { scope } : {}),
  }));
  const seen = new Set<string>();
  const codings: Coding[] = [];
  for (const [c, f, l] of s.picks) {
    if (fragments.length === 0 || c >= coders.length) continue;
    const fragment = fragments[f % fragments.length]!.code;
    const key = `${c} ${fragment} ${LABELS[l]}`;
    if (seen.has(key)) continue;
    seen.add(key);
    codings.push({
      coder: coders[c]!.name,
      fragment,
      label: LABELS[l]!,
      memo: '',
      file: `c${c}.csv`,
      line: codings.length + 2,
    });
  }
  return { fragments, respondents, coders, codings };
}

const saw = (coder: CoderConfig, f: Fragment) =>
  !coder.scope || coder.scope.includes(f.group) || coder.scope.includes(f.respondent);

describe('sparse agreement equals the full ratings matrix', () => {
  it('for random studies, coders with and without scopes, every row', () => {
    fc.assert(
      fc.property(study, (s) => {
        const { fragments, coders, codings } = build(s);
        const report = computeAgreement([codebook], groups, fragments, codings, coders, { replicates: 0 });
        const units = fragments.filter((f) => coders.filter((c) => saw(c, f)).length >= 2);
        const given = (c: CoderConfig, f: Fragment) =>
          new Set(codings.filter((x) => x.coder === c.name && x.fragment === f.code).map((x) => x.label));
        const matrixOf = (present: (labels: Set<string>) => boolean) =>
          units.map((f) => coders.map((c) => (saw(c, f) ? (present(given(c, f)) ? 1 : 0) : null)));
        const check = (id: string, matrix: (0 | 1 | null)[][]) => {
          const row = report.rows.find((r) => r.id === id && r.level !== 'pooled')!;
          expect(row.units).toBe(matrix.length);
          expect(row.positives).toEqual(coders.map((_, c) => matrix.filter((u) => u[c] === 1).length));
          const close = (a: number | null, b: number | null) =>
            b === null ? expect(a).toBeNull() : expect(a!).toBeCloseTo(b, 10);
          close(row.alpha, krippendorffAlphaNominal(matrix).alpha);
          close(row.percentAgreement, pairwiseAgreement(matrix));
          const both = matrix.filter((u) => u.every((x) => x !== null));
          if (coders.length === 2)
            close(
              row.cohenKappa,
              both.length === 0
                ? null
                : cohenKappa(
                    both.map((u) => u[0]!),
                    both.map((u) => u[1]!),
                  ),
            );
          else expect(row.cohenKappa).toBeNull();
          close(
            row.fleissKappa,
            both.length === 0
              ? null
              : fleissKappa(
                  both.map((u) => [u.filter((x) => x === 0).length, u.filter((x) => x === 1).length]),
                ),
          );
        };
        for (const main of codebook.mains) {
          check(
            main.id,
            matrixOf((labels) => [...labels].some((l) => l.startsWith(`${main.id}.`))),
          );
          for (const core of main.cores)
            check(
              core.id,
              matrixOf((labels) => labels.has(core.id)),
            );
        }
        const expected = units
          .map((f) => ({ f, labels: coders.map((c) => (saw(c, f) ? [...given(c, f)].sort() : null)) }))
          .filter(({ labels }) => new Set(labels.filter((l) => l !== null).map((l) => l.join(' '))).size > 1)
          .map(({ f, labels }) => ({ codebook: 'cb', fragment: f.code, text: f.text, labels }));
        expect(report.disagreements).toEqual(expected);
      }),
      { numRuns: 300, seed: 20261127 },
    );
  });
});

describe('frequencies equal direct counting', () => {
  it('fragments, distinct respondents and shares per label and column, by group and by attribute', () => {
    fc.assert(
      fc.property(study, fc.constantFrom('group', 'type'), (s, by) => {
        const { fragments, respondents, codings } = build(s);
        const labels = new Map<string, Set<string>>();
        for (const c of codings) labels.set(c.fragment, (labels.get(c.fragment) ?? new Set()).add(c.label));
        const table = computeFrequencies(codebook, groups, respondents, fragments, labels, by);
        const columnOf = (r: RespondentConfig) =>
          by === 'group' ? r.id[0]! : String(r.attributes.type ?? '(none)');
        for (const row of table.rows) {
          const has = (code: string) =>
            [...(labels.get(code) ?? [])].some((l) =>
              row.level === 'core' ? l === row.id : l.startsWith(`${row.id}.`),
            );
          const cellFor = (members: RespondentConfig[]) => {
            const coded = fragments.filter((f) => members.some((r) => r.id === f.respondent) && has(f.code));
            const who = new Set(coded.map((f) => f.respondent)).size;
            return {
              fragments: coded.length,
              respondents: who,
              respondentsTotal: members.length,
              share: members.length === 0 ? null : who / members.length,
            };
          };
          expect(row.cells).toEqual(
            table.columns.map((col) => cellFor(respondents.filter((r) => columnOf(r) === col.key))),
          );
          expect(row.total).toEqual(cellFor(respondents));
        }
      }),
      { numRuns: 200, seed: 20261128 },
    );
  });
});
