import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateStudy } from '../../src/bench/generate-study.js';
import { TerminalProgress } from '../../src/cli/progress.js';
import { CLI, ROOT, runCli } from '../helpers/run-cli.js';

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * Runs the CLI in a pseudo-terminal (util-linux `script`), as in a terminal window: stdout
 * and stderr both go to the terminal unless `redirect` sends stdout to a file. The delay
 * before a stage shows is set to 0, so the stages show however fast this machine is.
 */
function runInTerminal(args: string[], cwd: string, redirect?: string): string {
  const command =
    [process.execPath, CLI, ...args].map(quote).join(' ') + (redirect ? ` > ${quote(redirect)}` : '');
  const r = spawnSync('script', ['-qfec', command, '/dev/null'], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, QUALKIT_PROGRESS_DELAY: '0', TERM: 'xterm', COLUMNS: '120' },
  });
  expect(r.status).toBe(0);
  return r.stdout;
}

/** What the terminal shows at the end: carriage returns go back, ESC[K erases to the end of the line. */
function screen(raw: string): string[] {
  const lines: string[] = [];
  let line: string[] = [];
  let cursor = 0;
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i]!;
    if (raw.startsWith('\x1b[K', i)) {
      line = line.slice(0, cursor);
      i += 2;
    } else if (ch === '\r') cursor = 0;
    else if (ch === '\n') {
      lines.push(line.join(''));
      line = [];
      cursor = 0;
    } else line[cursor++] = ch;
  }
  if (line.length > 0) lines.push(line.join(''));
  return lines;
}

describe('progress on a terminal', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'qualkit-progress-'));
  await generateStudy(dir, 3000);
  const out = join(dir, 'out');
  const plain = runCli(['run', dir, '--out', out], dir);

  it('shows nothing without a terminal: stderr holds only the summary', () => {
    expect(plain.status).toBe(0);
    expect(plain.stderr).toMatch(
      /^1500 fragments, \d+ codings by 2 coder\(s\) → 14 files in out\/ \(open out\/index\.html\)\n$/,
    );
    // eslint-disable-next-line no-control-regex -- the escape character is what is looked for
    expect(plain.stderr).not.toMatch(/[\r\x1b]/);
  });

  it('shows the stages of run with counts and bars, redrawn in place, and ends with the usual summary', () => {
    const raw = runInTerminal(['run', dir, '--out', out], dir);
    for (const stage of [
      'reading and numbering sources',
      'checking codings',
      'computing agreement',
      'building reports',
      'scanning for identifiers',
      'writing reports',
    ])
      expect(raw).toContain(`  ${stage}`);
    expect(raw).toMatch(
      /qualkit \d+\.\d s {2}reading and numbering sources {2}\d\/3 respondents \[[#-]{20}\]/,
    );
    expect(raw).toMatch(/writing reports {2}\d+\/14 files \[[#-]{20}\]/);
    // Every progress line is taken away again: the screen holds what a run without a terminal prints.
    expect(screen(raw)).toEqual([plain.stderr.trimEnd()]);
  });

  it('prints no progress with --quiet', () => {
    const raw = runInTerminal(['run', dir, '--out', out, '--quiet'], dir);
    expect(raw).toBe(plain.stderr.replace(/\n/g, '\r\n'));
  });

  it('leaves stdout byte-identical with and without a terminal', () => {
    const file = join(dir, 'book.csv');
    const raw = runInTerminal(['ingest', dir, '--format', 'csv'], dir, file);
    expect(raw).toContain('reading and numbering sources');
    expect(screen(raw)).toEqual([]);
    expect(readFileSync(file, 'utf8')).toBe(runCli(['ingest', dir, '--format', 'csv'], dir).stdout);
  });

  it('shows the stages of the other long commands', () => {
    expect(runInTerminal(['validate', dir], dir)).toContain('checking codings');
    expect(runInTerminal(['suggest', dir, '--for', 'bram', '--out', out], dir)).toContain(
      'learning from the coded fragments and suggesting',
    );
    const qdpx = join(dir, 'study.qdpx');
    const exported = runInTerminal(['export', 'qdpx', dir, '-o', qdpx], dir);
    expect(exported).toContain('scanning for identifiers');
    expect(exported).toContain('compressing');
    const imported = runInTerminal(['import', 'qdpx', qdpx, '-o', join(dir, 'imported')], dir);
    expect(imported).toMatch(/writing the study {2}\d+\/\d+ files/);
    expect(screen(imported).join('\n')).not.toContain('qualkit ');
  });

  it('takes --quiet on every command', () => {
    const sample = join(ROOT, 'data-sample');
    for (const args of [
      ['validate', sample, '--quiet'],
      ['overview', sample, '--quiet'],
      ['export', 'qdc', sample, '-o', join(dir, 'qdc'), '--quiet'],
      ['import', 'qdc', join(dir, 'qdc', 'dv3.qdc'), '-o', join(dir, 'dv3.csv'), '--quiet'],
    ]) {
      const r = runCli(args, dir);
      expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    }
    // privacy-scan exits 1 when it finds something; --quiet is no usage error (2) either way.
    expect(runCli(['privacy-scan', join(dir, 'qdc'), '--quiet'], dir).status).not.toBe(2);
  });
});

describe('TerminalProgress', () => {
  const make = () => {
    let t = 0;
    const written: string[] = [];
    const p = new TerminalProgress(
      (s) => written.push(s),
      () => 120,
      () => t,
      500,
    );
    return { p, written, at: (ms: number) => (t = ms) };
  };

  it('shows a stage only once it has run for the delay, and clears it at the end', () => {
    const { p, written, at } = make();
    p.stage('reading and numbering sources', 4, 'respondents');
    at(300);
    p.step();
    expect(written).toEqual([]);
    at(700);
    p.step();
    expect(written).toEqual([
      '\rqualkit 0.7 s  reading and numbering sources  2/4 respondents [##########----------]\x1b[K',
    ]);
    p.stage('checking codings', 2, 'files');
    expect(written.at(-1)).toBe('\r\x1b[K');
    at(900);
    p.step();
    expect(written).toHaveLength(2);
    p.done();
    expect(written).toHaveLength(2);
  });

  it('redraws at most every 100 ms and cuts the line to the terminal width', () => {
    const { p, written, at } = make();
    p.stage('x'.repeat(200));
    at(600);
    p.step();
    at(650);
    p.step();
    expect(written).toHaveLength(1);
    expect(written[0]!.length).toBe('\r'.length + 119 + '\x1b[K'.length);
    at(750);
    p.step();
    expect(written).toHaveLength(2);
    p.done();
    expect(written.at(-1)).toBe('\r\x1b[K');
  });
});
