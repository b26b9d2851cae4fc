import { appendFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { countFragments, FRAGMENT_CACHE, fragmentsFromCounts } from '../../src/study/fragment-cache.js';
import { loadStudy } from '../../src/study/load-study.js';
import { copyStudy, FIXTURES, runCli } from '../helpers/run-cli.js';

const commands = [
  ['validate', '--format', 'json'],
  ['overview', '--format', 'csv'],
  ['freq', '--format', 'csv', '--by', 'type'],
  ['agree', '--format', 'csv'],
];

function outputs(dir: string): string[] {
  return commands.map((args) => {
    const r = runCli([args[0]!, dir, ...args.slice(1)]);
    expect(r.status, r.stderr).toBe(0);
    return r.stdout;
  });
}

describe('the fragment cache', () => {
  it('gives the same output as reading every source, and is written only after a clean read', () => {
    const dir = copyStudy('mini');
    rmSync(join(dir, FRAGMENT_CACHE), { force: true });
    const first = outputs(dir);
    expect(existsSync(join(dir, FRAGMENT_CACHE))).toBe(true);
    const cache = readFileSync(join(dir, FRAGMENT_CACHE), 'utf8');
    expect(cache).not.toMatch(/schaam|Jay|Outreach/); // counts only, no text or names
    expect(outputs(dir)).toEqual(first);
  });

  it('is not used once a source changes: the new fragment is counted and coded fragments are checked against it', () => {
    const dir = copyStudy('mini');
    outputs(dir);
    const before = JSON.parse(runCli(['validate', dir, '--format', 'json']).stdout) as { fragments: number };
    appendFileSync(
      join(dir, 'sources/C1.txt'),
      '14-02-2026 21:30 - Outreach: Nog iets?\n14-02-2026 21:31 - Jay: nee dank je\n',
    );
    const after = JSON.parse(runCli(['validate', dir, '--format', 'json']).stdout) as { fragments: number };
    expect(after.fragments).toBe(before.fragments + 1);
    // A source that is read with a problem: no cache is written, and the problem is reported every time.
    writeFileSync(join(dir, 'sources/C2.txt'), 'tekst zonder tijd\n14-02-2026 21:03 - Sem: hoi\n');
    rmSync(join(dir, FRAGMENT_CACHE), { force: true });
    for (let i = 0; i < 2; i++) {
      const r = runCli(['validate', dir]);
      expect(r.status).toBe(1);
      expect(r.stdout).toMatch(/sources\/C2\.txt: error .*\[source\/no-turns\]/);
    }
    expect(existsSync(join(dir, FRAGMENT_CACHE))).toBe(false);
  });

  it('a damaged or foreign cache file is ignored', () => {
    const dir = copyStudy('mini');
    const expected = outputs(dir);
    for (const junk of [
      '{',
      '[]',
      JSON.stringify({ format: 1, fingerprint: 'x', respondents: [{ id: 'B1', count: 99 }], discovered: [] }),
    ]) {
      writeFileSync(join(dir, FRAGMENT_CACHE), junk);
      expect(outputs(dir)).toEqual(expected);
    }
  });

  it('rebuilds exactly the codes, groups and respondents numbering made', async () => {
    const study = await loadStudy(join(FIXTURES, 'studies/mini'));
    const rebuilt = fragmentsFromCounts(countFragments(study.fragments));
    expect(rebuilt.map((f) => [f.code, f.group, f.interview, f.respondent])).toEqual(
      study.fragments.map((f) => [f.code, f.group, f.interview, f.respondent]),
    );
  });
});
