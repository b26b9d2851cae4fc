import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { expandRanges } from '../../src/core/compress-ranges.js';
import { buildAppendixStudy } from '../helpers/appendix-study.js';
import { runCli } from '../helpers/run-cli.js';

/**
 * Appendix 10 of the reference thesis lists, for sub-question 3, the fragments coded
 * with each core label (transcribed in test/fixtures/appendix10/dv3.csv). This test
 * builds a study with interviews B1–B7 long enough for every listed fragment, codes
 * exactly those fragments, and checks that `qualkit overview` prints the same lists.
 */
const UNRANGED_RUNS_IN_THESIS = new Set(['4.H', '5.H', '5.S', '6.A', '9.F', '9.K']);

describe('label overview reproduces appendix 10, sub-question 3', () => {
  const { dir, expected: all } = buildAppendixStudy(['dv3']);
  const expected = all.get('dv3')!;

  it('validates without problems', () => {
    const r = runCli(['validate', dir]);
    expect(r.stdout).toBe('');
    expect(r.status).toBe(0);
  });

  it('prints, for every core label, the fragment list of appendix 10', () => {
    const r = runCli(['overview', dir, '--format', 'csv']);
    expect(r.status).toBe(0);
    const rows = parse(r.stdout, { columns: true }) as { label: string; fragments: string; count: string }[];
    expect(rows.map((x) => x.label)).toEqual(expected.map((x) => x.label));
    for (const e of expected) {
      const row = rows.find((x) => x.label === e.label)!;
      // Same fragments, in the same order, for every label.
      expect({ label: e.label, fragments: expandRanges(row.fragments) }).toEqual({
        label: e.label,
        fragments: expandRanges(e.fragments),
      });
      // Same notation too, except where the thesis lists a run of three without a range
      // (it writes B5.1-B5.3 in 1.A but B5.33, B5.34, B5.35 in 4.H); qualkit always compresses runs of three.
      if (!UNRANGED_RUNS_IN_THESIS.has(e.label))
        expect({ label: e.label, fragments: row.fragments }).toEqual({
          label: e.label,
          fragments: e.fragments,
        });
    }
  });

  it('compresses the runs the thesis left unranged', () => {
    const rows = parse(runCli(['overview', dir, '--format', 'csv']).stdout, { columns: true }) as {
      label: string;
      fragments: string;
    }[];
    expect(rows.find((x) => x.label === '4.H')!.fragments).toBe('B5.33-B5.35');
    expect(rows.find((x) => x.label === '9.K')!.fragments).toBe('B1.37, B2.50-B2.52, B4.20');
  });

  it('groups the lists by interview in the Markdown layout, as appendix 10 prints them', () => {
    const r = runCli(['overview', dir]);
    expect(r.stdout).toContain(
      '| 1. Introductie | A. Functieomschrijving | B1.1, B1.7, B1.18<br>B2.1, B2.3, B2.6<br>B3.1<br>B4.1, B4.3, B4.5<br>B5.1-B5.3, B5.6, B5.7<br>B6.1<br>B7.51 |',
    );
  });
});
