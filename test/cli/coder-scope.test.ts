import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyStudy, runCli } from '../helpers/run-cli.js';

/** The mini study with bram's scope replaced. */
function withScope(scope: string[]): string {
  const dir = copyStudy('mini');
  const file = join(dir, 'qualkit.json');
  writeFileSync(
    file,
    readFileSync(file, 'utf8').replace('"scope": ["C"]', `"scope": ${JSON.stringify(scope)}`),
  );
  return dir;
}

function units(dir: string): number {
  const r = runCli(['agree', dir, '--format', 'json']);
  expect(r.status, r.stdout + r.stderr).toBe(0);
  return JSON.parse(r.stdout).rows.find((x: { level: string }) => x.level === 'pooled').units / 4;
}

describe('coder scope finer than a respondent', () => {
  it('takes fragment ranges and source files as scope entries', () => {
    // C1 has C1.1–C1.3, C2 (sources/C2.txt) C2.1–C2.2, C3 C3.1–C3.2; bram codes C1.1, C1.2, C2.1, C2.2.
    expect(units(withScope(['C']))).toBe(7);
    expect(units(withScope(['C1.1-C1.3', 'sources/C2.txt']))).toBe(5);
    expect(units(withScope(['C1.1 - C1.2', 'C2.1', 'C2.2']))).toBe(4);
    // The same with the fragment cache written by a first run.
    const dir = withScope(['C1.1-C1.3', 'sources/C2.txt']);
    expect(runCli(['validate', dir]).status).toBe(0);
    expect(units(dir)).toBe(5);
  });

  it('warns about a coding outside a fragment range', () => {
    const r = runCli(['validate', withScope(['C1.2-C1.3', 'C2'])]);
    expect(r.stdout).toContain("warning Fragment C1.1 is outside coder bram's scope (C1.2-C1.3, C2)");
  });

  it('names the entries that are none of the kinds', () => {
    const r = runCli(['validate', withScope(['C1.1-C2.3', 'sources/C9.txt', 'C1.3-C1.1', 'X1.1'])]);
    expect(r.status).toBe(1);
    const out = r.stdout + r.stderr;
    expect(out).toContain('"C1.1-C2.3" runs from C1 to C2; a range stays within one respondent');
    expect(out).toContain(
      '"sources/C9.txt" is not a group ("C"), respondent ("C2"), fragment range ("C2.1-C2.20") or source file of the study',
    );
    expect(out).toContain('"C1.3-C1.1" ends before it starts');
    expect(out).toContain('"X1.1" names respondent X1, which is not declared');
  });
});
