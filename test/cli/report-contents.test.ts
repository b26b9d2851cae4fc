import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyStudy, runCli } from '../helpers/run-cli.js';

function report(dir: string): { md: string; html: string } {
  const out = join(dir, 'out');
  const r = runCli(['report', dir, '--out', out]);
  expect(r.status, r.stderr).toBe(0);
  return {
    md: readFileSync(join(out, 'report.md'), 'utf8'),
    html: readFileSync(join(out, 'index.html'), 'utf8'),
  };
}

describe('report.md and index.html', () => {
  it('show a label nobody gave within the agreement units as "no positives in the units"', () => {
    const dir = copyStudy('mini');
    const cb = join(dir, 'codebook.csv');
    // 1.C is never used; anna gives 1.B only in group B, outside the units (bram codes C).
    writeFileSync(cb, `${readFileSync(cb, 'utf8')}1,1,Drempels,C,Geen tijd,Geen tijd voor hulp.\n`);
    const { md, html } = report(dir);
    expect(md).toMatch(/\| cb \| 1\.C Geen tijd \| 7 \| 0 \| 0 \| .* \| no positives in the units \|/);
    expect(html).toContain('1.C Geen tijd</td>');
    expect(html).toContain('no positives in the units');
    expect(html).not.toContain('nobody used');
  });
});
