import { describe, expect, it } from 'vitest';
import { computeCooccurrence } from '../../src/analysis/cooccurrence.js';
import { computeFrequencies } from '../../src/analysis/frequencies.js';
import { buildLabelOverview } from '../../src/analysis/label-overview.js';
import { labelsByFragment } from '../../src/analysis/labels-by-fragment.js';
import { loadStudy } from '../../src/study/load-study.js';
import { FIXTURES } from '../helpers/run-cli.js';
import { join } from 'node:path';

/*
 * The mini study (test/fixtures/studies/mini): groups B (B1, B2) and C (C1, C2, C3).
 * Labels per fragment, anna and bram merged:
 *   B1.1 1.A | B1.2 1.A 1.B | B1.3 2.A | B2.1 1.B | B2.2 2.B
 *   C1.1 1.A | C1.2 2.A 2.B | C1.3 2.A 2.B | C2.1 2.B | C2.2 1.B | C3.2 1.A
 * Counts worked out by hand from that list:
 */
const HAND = {
  '1': { B: [3, 2], C: [3, 3], total: [6, 5] },
  '1.A': { B: [2, 1], C: [2, 2], total: [4, 3] },
  '1.B': { B: [2, 2], C: [1, 1], total: [3, 3] },
  '2': { B: [2, 2], C: [3, 2], total: [5, 4] },
  '2.A': { B: [1, 1], C: [2, 1], total: [3, 2] },
  '2.B': { B: [1, 1], C: [3, 2], total: [4, 3] },
};

async function mini() {
  const study = await loadStudy(join(FIXTURES, 'studies/mini'));
  return { study, labels: labelsByFragment(study.codings) };
}

describe('frequencies across respondent groups', () => {
  it('counts fragments and distinct respondents per group, main labels rolled up, as worked out by hand', async () => {
    const { study, labels } = await mini();
    expect(study.diagnostics).toEqual([]);
    const table = computeFrequencies(
      study.codebooks[0]!,
      study.groups,
      study.respondents,
      study.fragments,
      labels,
    );
    expect(table.columns.map((c) => c.key)).toEqual(['B', 'C']);
    const got = Object.fromEntries(
      table.rows.map((r) => [
        r.id,
        {
          B: [r.cells[0]!.fragments, r.cells[0]!.respondents],
          C: [r.cells[1]!.fragments, r.cells[1]!.respondents],
          total: [r.total.fragments, r.total.respondents],
        },
      ]),
    );
    expect(got).toEqual(HAND);
  });

  it("gives the share of the group's respondents (2 in B, 3 in C, 5 in all)", async () => {
    const { study, labels } = await mini();
    const row = computeFrequencies(
      study.codebooks[0]!,
      study.groups,
      study.respondents,
      study.fragments,
      labels,
    ).rows.find((r) => r.id === '1.A')!;
    expect(row.cells.map((c) => [c.respondentsTotal, c.share])).toEqual([
      [2, 1 / 2],
      [3, 2 / 3],
    ]);
    expect(row.total.share).toBe(3 / 5);
  });

  it('tabulates by a respondent attribute, with respondents lacking it under (none)', async () => {
    const { study, labels } = await mini();
    const table = computeFrequencies(
      study.codebooks[0]!,
      study.groups,
      study.respondents,
      study.fragments,
      labels,
      'type',
    );
    expect(table.columns.map((c) => c.key)).toEqual(['bijverdieners', 'gelukszoekers', '(none)']);
    const row = table.rows.find((r) => r.id === '1.A')!;
    // gelukszoekers: C1 and C3, both coded 1.A (C1.1, C3.2); bijverdieners: C2, not; (none): B1, B2 → B1.1, B1.2 of B1.
    expect(row.cells.map((c) => [c.fragments, c.respondents, c.respondentsTotal])).toEqual([
      [0, 0, 1],
      [2, 2, 2],
      [2, 1, 2],
    ]);
  });

  it('counts one coder only when asked', async () => {
    const { study } = await mini();
    const anna = labelsByFragment(study.codings, ['anna']);
    const row = computeFrequencies(
      study.codebooks[0]!,
      study.groups,
      study.respondents,
      study.fragments,
      anna,
    ).rows.find((r) => r.id === '1.B')!;
    // anna gave 1.B to B1.2 and B2.1 only; C2.2 was bram's.
    expect([row.cells[1]!.fragments, row.total.fragments]).toEqual([0, 2]);
  });
});

describe('co-occurrence', () => {
  it('counts label pairs on the same fragment and on the same respondent, as worked out by hand', async () => {
    const { study, labels } = await mini();
    // Same fragment: 1.A+1.B on B1.2; 2.A+2.B on C1.2 and C1.3.
    // Per respondent: B1 {1.A 1.B 2.A}, B2 {1.B 2.B}, C1 {1.A 2.A 2.B}, C2 {1.B 2.B}, C3 {1.A}.
    expect(computeCooccurrence(study.codebooks[0]!, study.groups, study.fragments, labels)).toEqual([
      { a: '2.A', b: '2.B', fragments: 2, respondents: 1 },
      { a: '1.A', b: '1.B', fragments: 1, respondents: 1 },
      { a: '1.A', b: '2.A', fragments: 0, respondents: 2 },
      { a: '1.B', b: '2.B', fragments: 0, respondents: 2 },
      { a: '1.A', b: '2.B', fragments: 0, respondents: 1 },
      { a: '1.B', b: '2.A', fragments: 0, respondents: 1 },
    ]);
  });
});

describe('label overview', () => {
  it('lists fragments per label grouped by interview, and unused labels with none', async () => {
    const { study, labels } = await mini();
    const o = buildLabelOverview(study.codebooks[0]!, labels, study.groups);
    expect(
      o.mains.map((m) => [m.main.id, m.fragmentCount, m.cores.map((c) => [c.core.id, c.lines])]),
    ).toEqual([
      [
        '1',
        6,
        [
          ['1.A', ['B1.1, B1.2', 'C1.1', 'C3.2']],
          ['1.B', ['B1.2', 'B2.1', 'C2.2']],
        ],
      ],
      [
        '2',
        5,
        [
          ['2.A', ['B1.3', 'C1.2, C1.3']],
          ['2.B', ['B2.2', 'C1.2, C1.3', 'C2.1']],
        ],
      ],
    ]);
  });
});
