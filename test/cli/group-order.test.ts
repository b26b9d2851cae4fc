import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { copyStudy, runCli } from '../helpers/run-cli.js';

/** The mini study with its groups declared C before B. */
function chatsFirst(): string {
  const dir = copyStudy('mini');
  const file = join(dir, 'qualkit.json');
  const config = JSON.parse(readFileSync(file, 'utf8'));
  config.groups.reverse();
  writeFileSync(file, JSON.stringify(config, null, 2));
  return dir;
}

describe('groups in the config order everywhere', () => {
  it('ingest, the source book, overview and freq all put C before B', () => {
    const dir = chatsFirst();
    const book = parse(runCli(['ingest', dir, '--format', 'csv']).stdout, { columns: true }) as Record<
      string,
      string
    >[];
    expect([...new Set(book.map((r) => r.respondent))]).toEqual(['C1', 'C2', 'C3', 'B1', 'B2']);
    // 1.A: B1.1, B1.2 (anna), C1.1 (both), C3.2 (anna).
    const overview = JSON.parse(runCli(['overview', dir, '--format', 'json']).stdout);
    expect(overview[0].mains[0].cores[0].fragments).toEqual(['C1.1', 'C3.2', 'B1.1', 'B1.2']);
    expect(runCli(['overview', dir]).stdout).toContain('| A. Schaamte | C1.1<br>C3.2<br>B1.1, B1.2 |');
    const freq = runCli(['freq', dir]).stdout;
    expect(freq.indexOf('C Chats')).toBeLessThan(freq.indexOf('B Professionals'));
    const out = join(dir, 'out');
    expect(runCli(['ingest', dir, '--out', out]).status).toBe(0);
    const md = readFileSync(join(out, 'source-book.md'), 'utf8');
    expect(md.indexOf('C1.1')).toBeLessThan(md.indexOf('B1.1'));
  });
});
