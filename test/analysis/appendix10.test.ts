import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { expandRanges } from '../../src/core/compress-ranges.js';
import { FIXTURES, ROOT, runCli } from '../helpers/run-cli.js';

/**
 * Appendix 10 of the reference thesis lists, for sub-question 3, the fragments coded
 * with each core label (transcribed in test/fixtures/appendix10/dv3.csv). This test
 * builds a study with interviews B1–B7 long enough for every listed fragment, codes
 * exactly those fragments, and checks that `qualkit overview` prints the same lists.
 */
const UNRANGED_RUNS_IN_THESIS = new Set(['4.H', '5.H', '5.S', '6.A', '9.F', '9.K']);

describe('label overview reproduces appendix 10, sub-question 3', () => {
  const expected = parse(readFileSync(join(FIXTURES, 'appendix10/dv3.csv'), 'utf8'), { columns: true }) as { label: string; fragments: string }[];

  const dir = mkdtempSync(join(tmpdir(), 'qualkit-appendix10-'));
  const maxFragment = new Map<string, number>();
  const codings: string[] = ['fragment,label'];
  for (const { label, fragments } of expected) {
    for (const code of expandRanges(fragments) ?? []) {
      const [respondent, n] = code.split('.') as [string, string];
      maxFragment.set(respondent, Math.max(maxFragment.get(respondent) ?? 0, Number(n)));
      codings.push(`${code},${label}`);
    }
  }
  mkdirSync(join(dir, 'sources'));
  const respondents = [...maxFragment.keys()].sort();
  for (const r of respondents) {
    const turns = Array.from({ length: maxFragment.get(r)! }, (_, i) => `I: Vraag ${i + 1}?\nR: Antwoord ${i + 1} van ${r}.`);
    writeFileSync(join(dir, 'sources', `${r}.txt`), `Interview ${r}\n\n${turns.join('\n')}\n`);
  }
  writeFileSync(join(dir, 'codings.csv'), `${codings.join('\n')}\n`);
  writeFileSync(
    join(dir, 'qualkit.json'),
    JSON.stringify({
      study: 'Appendix 10 check',
      codebooks: [{ id: 'dv3', file: join(ROOT, 'codebooks/dv3.csv') }],
      groups: [{ letter: 'B', name: 'Professionals', kind: 'interview', codebook: 'dv3' }],
      respondents: respondents.map((id) => ({ id })),
      sources: respondents.map((id) => ({ file: `sources/${id}.txt`, respondent: id, speaker: 'R' })),
      coders: [{ name: 'thesis', file: 'codings.csv' }],
    }),
  );

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
      expect({ label: e.label, fragments: expandRanges(row.fragments) }).toEqual({ label: e.label, fragments: expandRanges(e.fragments) });
      // Same notation too, except where the thesis lists a run of three without a range
      // (it writes B5.1-B5.3 in 1.A but B5.33, B5.34, B5.35 in 4.H); qualkit always compresses runs of three.
      if (!UNRANGED_RUNS_IN_THESIS.has(e.label)) expect({ label: e.label, fragments: row.fragments }).toEqual({ label: e.label, fragments: e.fragments });
    }
  });

  it('compresses the runs the thesis left unranged', () => {
    const rows = parse(runCli(['overview', dir, '--format', 'csv']).stdout, { columns: true }) as { label: string; fragments: string }[];
    expect(rows.find((x) => x.label === '4.H')!.fragments).toBe('B5.33-B5.35');
    expect(rows.find((x) => x.label === '9.K')!.fragments).toBe('B1.37, B2.50-B2.52, B4.20');
  });

  it('groups the lists by interview in the Markdown layout, as appendix 10 prints them', () => {
    const r = runCli(['overview', dir]);
    expect(r.stdout).toContain('| 1. Introductie | A. Functieomschrijving | B1.1, B1.7, B1.18<br>B2.1, B2.3, B2.6<br>B3.1<br>B4.1, B4.3, B4.5<br>B5.1-B5.3, B5.6, B5.7<br>B6.1<br>B7.51 |');
  });
});
