import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CLI = join(ROOT, 'dist/cli/main.js');
export const FIXTURES = join(ROOT, 'test/fixtures');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a user would: `node dist/cli/main.js …` in `cwd`. */
export function runCli(args: string[], cwd: string = ROOT): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A fresh copy of a fixture study in a temporary folder, so a test may break or write into it. */
export function copyStudy(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `qualkit-${name}-`));
  cpSync(join(FIXTURES, 'studies', name), dir, { recursive: true });
  return dir;
}
