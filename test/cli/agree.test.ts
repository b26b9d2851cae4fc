import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { FIXTURES, runCli } from '../helpers/run-cli.js';

const MINI = join(FIXTURES, 'studies/mini');

/*
 * Mini study: bram's scope is group C, so the units are C's 7 fragments (anna codes all).
 * Label 2.B: anna gave it to C1.2, C1.3, C2.1; bram to C2.1 only.
 *   ratings (anna, bram): C1.1 0 0 | C1.2 1 0 | C1.3 1 0 | C2.1 1 1 | C2.2 0 0 | C3.1 0 0 | C3.2 0 0
 *   agreement 5/7 = 71.4%
 *   Cohen: p_o = 5/7; p_e = (3/7)(1/7) + (4/7)(6/7) = 27/49; κ = (35/49 − 27/49)/(22/49) = 8/22 = 0.3636
 *   Fleiss (two raters: Scott's π): p(1) = 4/14; p_e = (4/14)² + (10/14)² = 116/196; P̄ = 5/7 = 140/196;
 *     κ = (140 − 116)/(196 − 116) = 24/80 = 0.3
 *   Krippendorff: n = 14 values, 4 ones, 10 zeros; two units with one 1 and one 0 each add 2 to the
 *     disagreement: D = 4; α = 1 − (n − 1)·D/(2·4·10) = 1 − 13·4/80 = 0.35
 */
describe('qualkit agree', () => {
  it('computes the statistics of a label as worked out by hand', () => {
    const r = runCli(['agree', MINI, '--format', 'csv']);
    expect(r.status).toBe(0);
    const rows = parse(r.stdout, { columns: true }) as Record<string, string>[];
    expect(rows.find((x) => x.label === '2.B')).toMatchObject({
      units: '7',
      positives_anna: '3',
      positives_bram: '1',
      percent_agreement: '0.7143',
      cohen_kappa: '0.3636',
      fleiss_kappa: '0.3000',
      alpha: '0.3500',
      verdict: 'too few positives',
    });
  });

  it("counts a fragment outside a coder's scope as missing, not absent", () => {
    const rows = parse(runCli(['agree', MINI, '--format', 'csv']).stdout, { columns: true }) as Record<
      string,
      string
    >[];
    // 1.B: anna gave it to B1.2 and B2.1 (outside bram's scope) and not within C; bram to C2.2.
    expect(rows.find((x) => x.label === '1.B')).toMatchObject({
      units: '7',
      positives_anna: '0',
      positives_bram: '1',
    });
  });

  it('is symmetric in the coders', () => {
    const ab = parse(runCli(['agree', MINI, '--format', 'csv', '--coder', 'anna', 'bram']).stdout, {
      columns: true,
    }) as Record<string, string>[];
    const ba = parse(runCli(['agree', MINI, '--format', 'csv', '--coder', 'bram', 'anna']).stdout, {
      columns: true,
    }) as Record<string, string>[];
    for (const key of [
      'percent_agreement',
      'cohen_kappa',
      'fleiss_kappa',
      'alpha',
      'alpha_ci_low',
      'alpha_ci_high',
    ])
      expect(ba.map((r) => r[key])).toEqual(ab.map((r) => r[key]));
  });

  it("lists the disagreements with text and each coder's labels", () => {
    const rows = parse(runCli(['agree', MINI, '--disagreements', '--format', 'csv']).stdout, {
      columns: true,
    }) as Record<string, string>[];
    expect(rows.map((r) => [r.fragment, r.anna, r.bram])).toEqual([
      ['C1.2', '2.B', '2.A'],
      ['C1.3', '2.A, 2.B', '(none)'],
      ['C2.2', '(none)', '1.B'],
      ['C3.2', '1.A', '(none)'],
    ]);
    expect(rows[0]!.text).toBe('geld voor eten\nen een bed');
  });

  it('exits 0 whatever the agreement, and 1 with --min-alpha when a label falls below it', () => {
    expect(runCli(['agree', MINI]).status).toBe(0);
    const low = runCli(['agree', MINI, '--min-alpha', '0.667', '--min-positives', '3']);
    expect(low.status).toBe(1);
    expect(low.stderr).toContain('cb 2.B (α = 0.350)');
    expect(runCli(['agree', MINI, '--min-alpha', '0.2', '--min-positives', '3']).status).toBe(0);
  });

  it('gives the same interval on every run (seeded bootstrap) and another with another seed', () => {
    const a = runCli(['agree', MINI, '--format', 'json']).stdout;
    expect(runCli(['agree', MINI, '--format', 'json']).stdout).toBe(a);
    expect(runCli(['agree', MINI, '--format', 'json', '--seed', '7']).stdout).not.toBe(a);
  });

  it('needs two coders', () => {
    const r = runCli(['agree', MINI, '--coder', 'anna']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('agreement needs two or more coders; only anna is selected');
  });

  it('is part of qualkit run when the study has two coders', () => {
    const r = runCli(['agree', 'data-sample', '--format', 'json']);
    const report = JSON.parse(r.stdout);
    // bram coded groups B and C: 33 + 40 fragments.
    expect(
      report.rows.find(
        (x: { codebook: string; level: string }) => x.codebook === 'dv3' && x.level === 'pooled',
      ).units,
    ).toBe(33 * 116);
    expect(
      report.rows.find(
        (x: { codebook: string; level: string }) => x.codebook === 'dv2' && x.level === 'pooled',
      ).units,
    ).toBe(0);
  });
});
