import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nominalStudy } from '../helpers/nominal-study.js';
import { runCli } from '../helpers/run-cli.js';
import { FLEISS_1971_TABLE_1 } from '../fixtures/published-agreement.js';

interface Row {
  level: string;
  id: string;
  units: number;
  positives: number[];
  percentAgreement: number | null;
  cohenKappa: number | null;
  fleissKappa: number | null;
  alpha: number | null;
  alphaInterval: [number, number] | null;
  verdict: string;
  exclusive?: boolean;
  categories?: string[];
}

function exclusiveRow(dir: string, extra: string[] = []): Row {
  const r = runCli(['agree', dir, '--format', 'json', ...extra]);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  const rows = JSON.parse(r.stdout).rows as Row[];
  return rows.find((x) => x.level === 'main' && x.id === '1')!;
}

/** Published data sets, as reliability data matrices: units × coders, 0-based category or null. */
const by = (coders: (number | null)[][]) => coders[0]!.map((_, u) => coders.map((c) => c[u]!));

describe('qualkit agree: mutually exclusive labels reach the published values', () => {
  it('Krippendorff (2011) section C: 4 coders, 12 units, 5 values, missing data: nominal α = 0.743', () => {
    // Values 1–5 become categories 0–4 (core labels 1.A–1.E); null: the coder did not rate the unit.
    const v = (xs: (number | null)[]) => xs.map((x) => (x === null ? null : x - 1));
    const units = by([
      v([1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null]),
      v([1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3]),
      v([null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null]),
      v([1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null]),
    ]);
    const row = exclusiveRow(nominalStudy(units, 5));
    expect(row.exclusive).toBe(true);
    expect(row.categories).toEqual(['1.A', '1.B', '1.C', '1.D', '1.E', '(none)']);
    // Unit 12 was rated by one coder only: 11 units.
    expect(row.units).toBe(11);
    expect(row.alpha!.toFixed(3)).toBe('0.743');
    expect(row.cohenKappa).toBeNull();
    const [lo, hi] = row.alphaInterval!;
    expect(lo).toBeLessThanOrEqual(row.alpha!);
    expect(hi).toBeGreaterThanOrEqual(row.alpha!);
    expect(row.verdict).toBe('tentative');
  });

  it('Krippendorff (2011) section B: 2 coders, 12 units, nominal α = 0.692; Cohen κ = 13/19 by hand', () => {
    // Values a–e as categories 0–4.
    const c = (s: string) => [...s].map((x) => x.charCodeAt(0) - 97);
    const units = by([c('aabbdcccedda'), c('babbbccceddd')]);
    const row = exclusiveRow(nominalStudy(units, 5));
    expect(row.units).toBe(12);
    expect(row.alpha!.toFixed(3)).toBe('0.692');
    // Agreement on 9 of 12 units. Marginals A: a3 b2 c3 d3 e1, B: a1 b4 c3 d3 e1;
    // p_e = (3 + 8 + 9 + 9 + 1)/144 = 30/144; κ = (108 − 30)/(144 − 30) = 78/114 = 13/19.
    expect(row.percentAgreement).toBeCloseTo(0.75, 12);
    expect(row.cohenKappa).toBeCloseTo(13 / 19, 12);
    expect(row.positives).toEqual([12, 12]);
  });

  it('Fleiss (1971) Table 1: 30 patients, 6 psychiatrists each, 5 diagnoses: κ = 0.430', () => {
    // Counts per patient: depression, personality disorder, schizophrenia, neurosis, other.
    // Fleiss' κ depends on the counts only; the six ratings of a patient are dealt to coders 1–6 in category order.
    const table = FLEISS_1971_TABLE_1;
    const units = table.map((counts) => counts.flatMap((n, j) => Array<number>(n).fill(j)));
    const row = exclusiveRow(nominalStudy(units, 5));
    expect(row.units).toBe(30);
    expect(row.fleissKappa!.toFixed(3)).toBe('0.430');
    expect(row.positives).toEqual([30, 30, 30, 30, 30, 30]);
  });
});

describe('exclusive labels in the codebook and in validate', () => {
  const two = () =>
    nominalStudy(
      by([
        [0, 1, 2, 0],
        [0, 1, 1, 0],
      ]),
      3,
    );

  it('reports a fragment given two core labels of an exclusive main label by one coder', () => {
    const dir = two();
    const file = join(dir, 'codings', 'coder1.csv');
    writeFileSync(file, `${readFileSync(file, 'utf8')}A2.1,1.C,\n`);
    const r = runCli(['validate', dir]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(
      'codings/coder1.csv:6: error Fragment A2.1 has 1.B (line 3) and 1.C from coder coder1, but the core labels of main label 1 "Waarde" exclude each other (exclusive in codebook cb): give one [codings/exclusive-labels]',
    );
    // Two coders each giving one label to a fragment is no problem.
    expect(runCli(['validate', two()]).status).toBe(0);
  });

  it('keeps codebooks without the column valid, and rejects a value that is not yes or no', () => {
    const dir = two();
    const cb = join(dir, 'codebook.csv');
    writeFileSync(cb, readFileSync(cb, 'utf8').replace(',yes', ',misschien'));
    const r = runCli(['validate', dir]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('codebook.csv:2: error Unexpected exclusive "misschien", expected yes or no');
    const lines = readFileSync(cb, 'utf8').split('\n');
    writeFileSync(cb, lines.map((l) => l.replace(/,[^,]*$/, '')).join('\n'));
    const plain = runCli(['agree', dir, '--format', 'json']);
    expect(plain.status).toBe(0);
    expect(JSON.parse(plain.stdout).rows.find((x: Row) => x.level === 'main').exclusive).toBeUndefined();
  });

  it('counts a seen fragment without any of the core labels as the category (none)', () => {
    // coder2 gives A3.1 nothing: ratings (1.C, none).
    const dir = two();
    const file = join(dir, 'codings', 'coder2.csv');
    writeFileSync(file, readFileSync(file, 'utf8').replace('A3.1,1.B,\n', ''));
    const row = exclusiveRow(dir);
    expect(row.positives).toEqual([4, 3]);
    // Units (1.A,1.A) (1.B,1.B) (1.C,none) (1.A,1.A): n_A = 4, n_B = 2, n_C = 1, n_none = 1, n = 8;
    // D_o = 2 (one disagreeing unit); D_e = 64 − (16 + 4 + 1 + 1) = 42; α = 1 − 7·2/42 = 2/3.
    expect(row.alpha).toBeCloseTo(2 / 3, 12);
  });

  it('shows the exclusive main label in Markdown and CSV, and --level in every format', () => {
    const dir = two();
    const md = runCli(['agree', dir, '--level', 'main']).stdout;
    expect(md).toContain('| **1 Waarde** (exclusive) |');
    expect(md).not.toContain('| 1.A Waarde 1 |');
    const csv = runCli(['agree', dir, '--format', 'csv', '--level', 'main']).stdout.trim().split('\n');
    expect(csv[0]).toContain(',exclusive');
    expect(csv.slice(1).map((l) => l.split(',').slice(1, 3).join(' '))).toEqual(['main 1', 'pooled all']);
    expect(csv[1]!.endsWith(',yes')).toBe(true);
    const json = JSON.parse(runCli(['agree', dir, '--format', 'json', '--level', 'core']).stdout);
    expect(json.rows.map((r: Row) => `${r.level} ${r.id}`)).toEqual([
      'core 1.A',
      'core 1.B',
      'core 1.C',
      'pooled all',
    ]);
  });
});
