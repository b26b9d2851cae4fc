import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, FIXTURES, ROOT } from '../helpers/run-cli.js';

/** The modules a command line loads (URLs under dist/ and node_modules/). */
function modulesOf(args: string[]): string[] {
  const r = spawnSync(
    process.execPath,
    ['--import', join(ROOT, 'test/helpers/module-log.mjs'), CLI, ...args],
    { cwd: ROOT, encoding: 'utf8' },
  );
  return r.stderr
    .split('\n')
    .filter((l) => l.startsWith('MODULE '))
    .map((l) => l.slice(7));
}

const HEAVY = [
  '/node_modules/natural/',
  '/node_modules/mammoth/',
  '/node_modules/jszip/',
  '/node_modules/handlebars/',
  '/node_modules/@xmldom/',
];

describe('start-up loads only what the command needs', () => {
  it('--help loads the command list and no study, report, suggestion or exchange code', () => {
    const loaded = modulesOf(['--help']);
    expect(loaded.some((u) => u.includes('/dist/cli/commands/ingest.js'))).toBe(true);
    for (const part of [
      ...HEAVY,
      '/node_modules/zod/',
      '/dist/refi-qda/',
      '/dist/suggest/tfidf',
      '/dist/report/render-report',
    ])
      expect(loaded.filter((u) => u.includes(part))).toEqual([]);
  });

  it('ingest loads no other command, and none of agreement, reports, suggestions or exchange', () => {
    const loaded = modulesOf(['ingest', join(FIXTURES, 'studies/mini'), '--format', 'csv']);
    expect(loaded.some((u) => u.includes('/dist/study/load-study.js'))).toBe(true);
    const others = [
      'freq',
      'agree',
      'report',
      'run',
      'suggest',
      'exchange',
      'triangulate',
      'cite-check',
      'language-check',
      'privacy-scan',
      'overview',
      'validate',
    ];
    for (const part of [
      ...HEAVY,
      ...others.map((c) => `/dist/cli/commands/${c}.js`),
      '/dist/agreement/',
      '/dist/report/',
      '/dist/suggest/',
      '/dist/refi-qda/',
    ])
      expect(loaded.filter((u) => u.includes(part))).toEqual([]);
  });

  it('code --help loads neither the coding page’s server nor node:http', () => {
    const loaded = modulesOf(['code', '--help']);
    expect(loaded.some((u) => u.includes('/dist/cli/commands/code.js'))).toBe(true);
    for (const part of ['/dist/code-page/', 'node:http', '/node_modules/zod/', '/node_modules/playwright'])
      expect(loaded.filter((u) => u.includes(part))).toEqual([]);
  });
});
