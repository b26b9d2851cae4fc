import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeWriteError, WriteError } from '../../src/io/write-error.js';
import { writeFileAtomic } from '../../src/io/write-file-atomic.js';
import { writeFiles } from '../../src/io/write-files.js';
import { copyStudy, runCli } from '../helpers/run-cli.js';

const NO_STACK = /internal error|\n\s+at .*:\d+:\d+/;

function errno(code: string, syscall: string, path: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: ${syscall} '${path}'`), { code, syscall, path });
}

describe('environmental write errors', () => {
  it('--out naming a file: a located message, exit 1, no stack', () => {
    const study = copyStudy('mini');
    writeFileSync(join(study, 'afile'), 'x');
    for (const args of [
      ['run', study, '--out', join(study, 'afile')],
      ['ingest', study, '--out', join(study, 'afile', 'sub')],
      ['suggest', study, '--for', 'bram', '--out', join(study, 'afile')],
    ]) {
      const r = runCli(args, study);
      expect({ args, status: r.status }).toEqual({ args, status: 1 });
      expect(r.stderr).not.toMatch(NO_STACK);
      expect(r.stderr).toMatch(
        /^qualkit: cannot write afile(\/sub)?: .*(not a folder|in the way).*; give the path of a folder/m,
      );
    }
  });

  it('import qdc -o naming a folder: a located message, exit 1, no stack', () => {
    const study = copyStudy('mini');
    expect(runCli(['export', 'qdc', study, '-o', join(study, 'q')]).status).toBe(0);
    mkdirSync(join(study, 'folder'));
    const r = runCli(['import', 'qdc', join(study, 'q/cb.qdc'), '-o', 'folder', '--force'], study);
    expect(r.status).toBe(1);
    expect(r.stderr).not.toMatch(NO_STACK);
    expect(r.stderr).toContain(
      'qualkit: cannot write folder: it is a folder, not a file (EISDIR); give a file name',
    );
    expect(readdirSync(join(study, 'folder'))).toEqual([]);
  });

  it('a machine failure while writing is a WriteError naming the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qualkit-write-'));
    writeFileSync(join(dir, 'file'), 'x');
    await expect(writeFileAtomic(join(dir, 'file', 'a.csv'), 'x')).rejects.toMatchObject({
      name: 'WriteError',
      code: expect.stringMatching(/^(ENOTDIR|EEXIST)$/),
      target: join(dir, 'file'),
    });
    mkdirSync(join(dir, 'folder'));
    await expect(writeFileAtomic(join(dir, 'folder'), 'x')).rejects.toMatchObject({
      name: 'WriteError',
      code: 'EISDIR',
      target: join(dir, 'folder'),
    });
    // Nothing is left behind: no temporary file.
    expect(readdirSync(dir).sort()).toEqual(['file', 'folder']);
  });

  it('on a full disk the message says which files were written and which not', async () => {
    const written: string[] = [];
    const full = async (path: string) => {
      if (path.endsWith('c.md')) throw new WriteError(path, 'ENOSPC');
      written.push(path);
    };
    const files = ['r/a.csv', 'r/b.md', 'r/c.md', 'r/d.html'].map((path) => ({ path, content: 'x' }));
    const e = await writeFiles(files, full).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(WriteError);
    expect(written).toEqual(['r/a.csv', 'r/b.md']);
    expect(describeWriteError(e as WriteError)).toBe(
      [
        'cannot write r/c.md: the disk is full (ENOSPC); free some space and run the command again.',
        'Written (complete): r/a.csv, r/b.md',
        'Not written (any earlier version is left as it was): r/c.md, r/d.html',
      ].join('\n'),
    );
  });

  it('permission denied, read-only disk and a missing folder each say what to do', async () => {
    for (const [code, words] of [
      ['EACCES', "permission denied (EACCES); check the folder's permissions"],
      ['EROFS', 'the disk or folder is read-only (EROFS); write to a writable folder'],
      ['ENOENT', 'its folder does not exist'],
    ] as const) {
      const failing = async (path: string) => {
        throw errno(code, 'open', `${path}.tmp`);
      };
      // Errors of the file system become WriteErrors through writeFileAtomic; here, through the same mapping.
      const { asWriteError } = await import('../../src/io/write-error.js');
      const e = await writeFiles([{ path: 'out/a.csv', content: 'x' }], async (p) =>
        failing(p).catch((x) => {
          throw asWriteError(x, p);
        }),
      ).catch((x: unknown) => x);
      expect(describeWriteError(e as WriteError)).toContain(`cannot write out/a.csv: ${words}`);
    }
  });

  it('a read-only output folder (when not running as root, who may write anywhere)', () => {
    if (process.getuid?.() === 0) return;
    const study = copyStudy('mini');
    const out = join(study, 'ro');
    mkdirSync(out, { mode: 0o555 });
    const r = runCli(['run', study, '--out', out], study);
    expect(r.status).toBe(1);
    expect(r.stderr).not.toMatch(NO_STACK);
    expect(r.stderr).toMatch(/cannot write ro\/\S+: permission denied \(EACCES\)/);
  });
});
