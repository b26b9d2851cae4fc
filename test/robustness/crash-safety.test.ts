import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, copyStudy, runCli } from '../helpers/run-cli.js';

const hash = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(relative(dir, p), hash(p));
    }
  };
  walk(dir);
  return out;
}

/** Runs `qualkit run` and kills it with SIGKILL after `ms` milliseconds (or lets it finish). */
function runAndKill(args: string[], ms: number): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

describe('crash safety', () => {
  it('a run killed at any moment leaves every report either as it was or complete, and no input changed', async () => {
    const study = copyStudy('mini');
    const out = join(study, 'out');
    expect(runCli(['run', study, '--out', out]).status).toBe(0);
    const before = snapshot(out);
    // The next run would write different reports: one more coding.
    appendFileSync(join(study, 'codings/anna.csv'), 'C3.1,1.B,\n');
    const inputs = snapshot(study);
    inputs.forEach((_, f) => f.startsWith('out/') && inputs.delete(f));
    const fresh = copyStudy('mini');
    appendFileSync(join(fresh, 'codings/anna.csv'), 'C3.1,1.B,\n');
    expect(runCli(['run', fresh, '--out', join(fresh, 'out')]).status).toBe(0);
    const after = snapshot(join(fresh, 'out'));
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());

    // Kill at moments spread over a run (the delays are not assertions, only a spread).
    for (const ms of [30, 60, 90, 120, 150, 180, 210, 240, 270, 300, 350, 400, 500, 700]) {
      await runAndKill(['run', study, '--out', out], ms);
      for (const [file, digest] of snapshot(out)) {
        if (file.includes('.tmp-')) continue; // an unfinished temporary file, removed by the next run
        expect({ file, ok: digest === before.get(file) || digest === after.get(file) }).toEqual({
          file,
          ok: true,
        });
      }
      const now = snapshot(study);
      for (const [file, digest] of inputs)
        expect({ file, same: now.get(file) === digest }).toEqual({ file, same: true });
    }
    // A run that finishes brings everything to the new state and clears nothing it should keep.
    expect(runCli(['run', study, '--out', out]).status).toBe(0);
    const final = snapshot(out);
    for (const [file, digest] of after) expect(final.get(file)).toBe(digest);
    expect([...final.keys()].filter((f) => f.includes('.tmp-'))).toEqual([]);
  }, 120_000);

  it('suggest --accept killed at any moment leaves the codings file either as it was or with all accepted rows', async () => {
    const study = copyStudy('mini');
    const codings = join(study, 'codings/bram.csv');
    const old = readFileSync(codings, 'utf8');
    const reviewed = join(study, 'reviewed.csv');
    appendFileSync(reviewed, 'fragment,label,memo,accept\nC1.3,2.A,,x\nC3.2,1.A,,x\n');
    const complete = `${old}C1.3,2.A,\nC3.2,1.A,\n`;
    for (const ms of [40, 80, 120, 160, 200, 260, 320, 400]) {
      await runAndKill(['suggest', study, '--for', 'bram', '--accept', reviewed], ms);
      const now = readFileSync(codings, 'utf8');
      expect([old, complete]).toContain(now);
      if (now === complete) break;
    }
    expect(statSync(codings).isFile()).toBe(true);
  }, 60_000);
});
