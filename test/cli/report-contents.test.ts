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

  it('report.md has the by-attribute frequencies and the co-occurrence, headed like freq', () => {
    const { md, html } = report(copyStudy('mini'));
    expect(md).toContain('| Label | B Professionals (n=2) | C Chats (n=3) | Total (n=5) |');
    expect(html).toContain('<th class="num">B Professionals (n=2)</th>');
    // report.by = type: C1, C3 gelukszoekers, C2 bijverdieners, B1 and B2 without a type.
    expect(md).toContain('### Frequencies by type');
    expect(md).toContain(
      '| Label | bijverdieners (n=1) | gelukszoekers (n=2) | (none) (n=2) | Total (n=5) |',
    );
    // 2.A and 2.B: together on C1.2 (anna 2.B, bram 2.A) and C1.3 (anna); one respondent, C1, has both.
    expect(md).toContain('### Co-occurrence');
    expect(md).toContain('| 2.A Onderdak | 2.B Geld | 2 | 1 |');
  });
});
