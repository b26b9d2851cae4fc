import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { copyStudy, runCli } from '../helpers/run-cli.js';

/** The mini study with a literature group L whose respondents are declared as given. */
function withLiterature(declared: { id: string; attributes?: Record<string, string | number> }[]): string {
  const dir = copyStudy('mini');
  const file = join(dir, 'qualkit.json');
  const config = JSON.parse(readFileSync(file, 'utf8'));
  config.groups.push({ letter: 'L', name: 'Literatuur', kind: 'literature', codebook: 'cb' });
  config.respondents.push(...declared);
  config.sources.push({ file: 'sources/lit.csv', group: 'L' });
  writeFileSync(file, JSON.stringify(config, null, 2));
  writeFileSync(
    join(dir, 'sources/lit.csv'),
    'reference,page,excerpt\n"Jansen (2019)",3,Schaamte houdt jongens tegen.\n"Pieters (2021)",8,Geld is het eerste.\n"Jansen (2019)",4,Ze vertrouwen niemand.\n',
  );
  writeFileSync(
    join(dir, 'codings/anna.csv'),
    `${readFileSync(join(dir, 'codings/anna.csv'), 'utf8')}L1.2,1.B,\nL2.1,2.B,\n`,
  );
  return dir;
}

function respondentsOf(dir: string): Record<string, string>[] {
  const r = runCli(['ingest', dir, '--format', 'csv']);
  expect(r.status, r.stdout + r.stderr).toBe(0);
  return (parse(r.stdout, { columns: true }) as Record<string, string>[]).filter((x) => x.group === 'L');
}

describe('literature respondents declared without a reference', () => {
  it('are bound to the publications in order of first appearance', () => {
    const dir = withLiterature([
      { id: 'L1', attributes: { year: 2019 } },
      { id: 'L2', attributes: { year: 2021 } },
    ]);
    expect(respondentsOf(dir).map((x) => `${x.code} ${x.text}`)).toEqual([
      'L1.1 Schaamte houdt jongens tegen.',
      'L1.2 Ze vertrouwen niemand.',
      'L2.1 Geld is het eerste.',
    ]);
    const v = runCli(['validate', dir]);
    expect(v.status, v.stdout).toBe(0);
    expect(v.stdout + v.stderr).not.toContain('Unknown fragment');
  });

  it('leave a reference attribute binding first, and number what is left after the declared ids', () => {
    const dir = withLiterature([
      { id: 'L1', attributes: { reference: 'Pieters (2021)' } },
      { id: 'L2', attributes: { year: 2019 } },
    ]);
    expect(respondentsOf(dir).map((x) => x.code)).toEqual(['L1.1', 'L2.1', 'L2.2']);
    expect(respondentsOf(dir).find((x) => x.code === 'L1.1')!.text).toBe('Geld is het eerste.');
    const one = withLiterature([{ id: 'L1' }]);
    expect(respondentsOf(one).map((x) => x.code)).toEqual(['L1.1', 'L1.2', 'L2.1']);
  });
});
