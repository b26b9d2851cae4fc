import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/parse-config.js';
import { parseCodebook } from '../../src/codebook/parse-codebook.js';
import { parseCodings } from '../../src/codings/parse-codings.js';
import { CLI, copyStudy, runCli } from '../helpers/run-cli.js';

function editConfig(study: string, edit: (config: Record<string, any>) => void): void {
  const file = join(study, 'qualkit.json');
  const config = JSON.parse(readFileSync(file, 'utf8'));
  edit(config);
  writeFileSync(file, JSON.stringify(config, null, 2));
}

/** Runs the CLI with a time limit, so a read that blocks fails the test instead of hanging it. */
function runWithin(args: string[], cwd: string, ms = 30_000) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: ms });
  return { status: r.status, stderr: r.stderr, stdout: r.stdout, timedOut: r.error !== undefined };
}

/** The pid of a process that has ended (for temporary files a killed qualkit left). */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid;
}

describe('attributes named like Object properties (constructor, toString, __proto__)', () => {
  it('are attributes like any other, and a missing one is missing', () => {
    const study = copyStudy('mini');
    const file = join(study, 'qualkit.json');
    const config = JSON.parse(readFileSync(file, 'utf8'));
    config.respondents[2].attributes.constructor = 'gelukszoeker';
    config.report.by = ['constructor', '__proto__'];
    // JSON.stringify would drop a __proto__ key set through an object; write it as text.
    writeFileSync(
      file,
      JSON.stringify(config, null, 2).replace('"age": 16', '"age": 16, "__proto__": "eigen waarde"'),
    );
    for (const by of ['constructor', '__proto__']) {
      const r = runCli(['freq', study, '--by', by, '--level', 'main', '--format', 'csv']);
      expect(r.status).toBe(0);
      expect(r.stdout).not.toMatch(/native code|\[object Object\]/);
      expect(r.stdout).toContain(by === 'constructor' ? 'gelukszoeker' : 'eigen waarde');
    }
    const r = runCli(['freq', study, '--by', 'toString']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('no respondent has the attribute "toString"');
    const out = join(study, 'out');
    expect(runCli(['run', study, '--out', out]).status).toBe(0);
    for (const name of readdirSync(out))
      expect({
        name,
        bad: /native code|\[object Object\]/.test(readFileSync(join(out, name), 'utf8')),
      }).toEqual({
        name,
        bad: false,
      });
  });

  it('a CSV column named __proto__ or constructor is a column', async () => {
    const { parseCsv } = await import('../../src/io/csv.js');
    const t = parseCsv('__proto__,constructor\na,b\n', 'x.csv');
    expect(t.rows[0]!.cells.__proto__).toBe('a');
    expect(t.rows[0]!.cells.constructor).toBe('b');
    expect(parseCsv('a\nx\n', 'x.csv').rows[0]!.cells.constructor).toBeUndefined();
  });
});

describe('only regular files are read, each within a size limit', () => {
  it('a FIFO as a source and /dev/zero as a codebook are refused with a reason, without blocking', () => {
    const study = copyStudy('mini');
    expect(spawnSync('mkfifo', [join(study, 'sources/fifo.txt')]).status).toBe(0);
    editConfig(study, (c) => {
      c.respondents.push({ id: 'B3', attributes: {} });
      c.sources.push({ file: 'sources/fifo.txt', respondent: 'B3', speaker: 'R' });
      c.codebooks[0].file = '/dev/zero';
    });
    for (const command of ['validate', 'ingest']) {
      const r = runWithin(
        [command, study, ...(command === 'ingest' ? ['--out', join(study, 'out')] : [])],
        study,
      );
      expect(r.timedOut).toBe(false);
      expect(r.status).toBe(1);
      r.stderr = r.stdout + r.stderr;
      expect(r.stderr).toContain('sources/fifo.txt: error is a pipe (FIFO), not a regular file');
      expect(r.stderr).toContain(
        '/dev/zero: error is a device (such as /dev/zero or a terminal), not a regular file',
      );
    }
    for (const [path, reason] of [
      ['/dev/zero', '/dev/zero: error not scanned: is a device'],
      [join(study, 'sources/fifo.txt'), 'sources/fifo.txt: error not scanned: is a pipe (FIFO)'],
    ]) {
      const scan = runWithin(['privacy-scan', path!], study);
      expect(scan.timedOut).toBe(false);
      expect(scan.status).toBe(1);
      expect(scan.stdout + scan.stderr).toContain(reason);
    }
  });

  it('a config larger than its limit is refused before it is read', () => {
    const study = copyStudy('mini');
    truncateSync(join(study, 'qualkit.json'), 17 * 1024 * 1024);
    const r = runWithin(['validate', study], study);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('qualkit.json: error is 17 MB, more than the 16 MB a config may be');
  });
});

describe('numbers in the config', () => {
  it('a number too large for a double (1e400, read as Infinity) is refused with its line', () => {
    const text = `{
  "study": "x",
  "codebooks": [{ "id": "cb", "file": "cb.csv" }],
  "groups": [{ "letter": "B", "name": "B", "kind": "interview", "codebook": "cb" }],
  "respondents": [{ "id": "B1", "attributes": { "age": 1e400, "score": -1e999, "ok": 12.5 } }],
  "sources": [{ "file": "b1.txt", "respondent": "B1", "speaker": "R" }]
}`;
    const parsed = parseConfig(text, 'qualkit.json');
    expect(parsed.config).toBeUndefined();
    expect(parsed.diagnostics.map((d) => [d.line, d.message])).toEqual([
      [5, expect.stringMatching(/^respondents\[0\]\.attributes\.age: the number is too large .*Infinity/)],
      [5, expect.stringMatching(/^respondents\[0\]\.attributes\.score: .*-Infinity/)],
    ]);
  });
});

describe('stale temporary files of killed processes', () => {
  it('suggest --accept and ingest remove those beside the files they write, and keep those of live processes', () => {
    const study = copyStudy('mini');
    const dead = deadPid();
    const staleCodings = join(study, 'codings', `.bram.csv.tmp-${dead}-abc123`);
    const live = join(study, 'codings', `.bram.csv.tmp-${process.pid}-abc123`);
    writeFileSync(staleCodings, 'a partial copy');
    writeFileSync(live, 'being written');
    const reviewed = join(study, 'reviewed.csv');
    writeFileSync(reviewed, 'fragment,label,memo,accept\nC1.3,2.A,,x\n');
    expect(runCli(['suggest', study, '--for', 'bram', '--accept', reviewed]).status).toBe(0);
    expect(existsSync(staleCodings)).toBe(false);
    expect(existsSync(live)).toBe(true);

    const out = join(study, 'out');
    mkdirSync(out);
    const staleBook = join(out, `.source-book.csv.tmp-${dead}-x1y2z3`);
    writeFileSync(staleBook, 'half a source book');
    expect(runCli(['ingest', study, '--out', out]).status).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['source-book.csv', 'source-book.md']);

    const q = join(study, 'q');
    mkdirSync(q);
    writeFileSync(join(q, `.cb.qdc.tmp-${dead}-aaaaaa`), '<half');
    expect(runCli(['export', 'qdc', study, '-o', q]).status).toBe(0);
    expect(readdirSync(q)).toEqual(['cb.qdc']);
  });
});

describe('import qdc keeps an existing codebook', () => {
  it('refuses to overwrite the -o file or the default file beside the .qdc unless --force', () => {
    const study = copyStudy('mini');
    const q = join(study, 'q');
    expect(runCli(['export', 'qdc', study, '-o', q]).status).toBe(0);
    const qdc = join(q, 'cb.qdc');
    const target = join(study, 'codebook.csv');
    const before = readFileSync(target, 'utf8');
    const r = runCli(['import', 'qdc', qdc, '-o', target]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('codebook.csv exists; give --force to overwrite it');
    expect(readFileSync(target, 'utf8')).toBe(before);
    // The default output beside the .qdc: written the first time, kept the second.
    expect(runCli(['import', 'qdc', qdc]).status).toBe(0);
    writeFileSync(join(q, 'cb.csv'), 'edited by hand');
    expect(runCli(['import', 'qdc', qdc]).status).toBe(2);
    expect(readFileSync(join(q, 'cb.csv'), 'utf8')).toBe('edited by hand');
    expect(runCli(['import', 'qdc', qdc, '--force']).status).toBe(0);
    expect(readFileSync(join(q, 'cb.csv'), 'utf8')).toContain('subquestion,main_no');
    // Never over the .qdc itself, even with --force.
    const self = runCli(['import', 'qdc', qdc, '-o', qdc, '--force']);
    expect(self.status).toBe(2);
    expect(self.stderr).toContain('is the .qdc being imported');
  });
});

describe('warnings for what would otherwise be ignored silently', () => {
  it('a key given twice in qualkit.json, with both lines', () => {
    const text = `{
  "study": "x",
  "codebooks": [{ "id": "cb", "file": "cb.csv" }],
  "groups": [{ "letter": "B", "name": "B", "kind": "interview", "codebook": "cb" }],
  "respondents": [
    { "id": "B1",
      "attributes": { "type": "a", "type": "b" } }
  ],
  "sources": [{ "file": "b1.txt", "respondent": "B1", "speaker": "R" }],
  "study": "y"
}`;
    const parsed = parseConfig(text, 'qualkit.json');
    expect(parsed.config?.study).toBe('y');
    expect(parsed.diagnostics.map((d) => [d.severity, d.line, d.rule, d.message])).toEqual([
      [
        'warning',
        7,
        'config/duplicate-key',
        'respondents[0].attributes.type: "type" is given twice in one object (first at line 7); only this last one counts',
      ],
      [
        'warning',
        10,
        'config/duplicate-key',
        'study: "study" is given twice in one object (first at line 2); only this last one counts',
      ],
    ]);
  });

  it('unknown columns in a codings or codebook CSV', () => {
    const codings = parseCodings(
      'fragment,label,memo,datum,Coder\nB1.1,1.A,,1-1-2026,anna\n',
      'anna.csv',
      'anna',
    );
    expect(codings.codings).toHaveLength(1);
    expect(codings.diagnostics.map((d) => [d.severity, d.line, d.rule, d.message])).toEqual([
      [
        'warning',
        1,
        'codings/unknown-column',
        'Unknown columns "datum", "coder", not read; the columns are fragment, label, memo, stance, type',
      ],
    ]);
    const codebook = parseCodebook(
      'subquestion,main_no,main_label,core_letter,core_label,definition,colour\n1,1,M,,,d,\n1,1,M,A,K,d,#FF0000\n',
      'cb.csv',
      'cb',
    );
    expect(codebook.diagnostics.map((d) => [d.severity, d.line, d.rule])).toEqual([
      ['warning', 1, 'codebook/unknown-column'],
    ]);
    expect(codebook.diagnostics[0]!.message).toContain('"colour"');
  });

  it('validate shows them with file and line', () => {
    const study = copyStudy('mini');
    const file = join(study, 'qualkit.json');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace('"language": "nl",', '"language": "nl",\n  "language": "en",'),
    );
    const anna = join(study, 'codings/anna.csv');
    writeFileSync(
      anna,
      readFileSync(anna, 'utf8').replace('fragment,label,memo', 'fragment,label,memo,notitie'),
    );
    const r = runCli(['validate', study]);
    expect(r.status).toBe(0);
    const said = r.stdout + r.stderr;
    expect(said).toMatch(
      /qualkit\.json:4: warning language: "language" is given twice .*\[config\/duplicate-key\]/,
    );
    expect(said).toMatch(
      /codings\/anna\.csv:1: warning Unknown column "notitie", not read.*\[codings\/unknown-column\]/,
    );
  });
});
