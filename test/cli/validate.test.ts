import { appendFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyStudy, runCli } from '../helpers/run-cli.js';

describe('qualkit validate', () => {
  it('passes the sample study: exit 0, nothing on stdout, a summary on stderr', () => {
    const r = runCli(['validate', 'data-sample']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('143 fragments in 14 sources');
    expect(r.stderr).toContain('0 errors');
  });

  it('lists every problem in every codings file in one run, each with file and line, and exits 1', () => {
    const dir = copyStudy('mini');
    appendFileSync(
      join(dir, 'codings/anna.csv'),
      ['B1.9,1.A,', 'B1.1,9.A,', 'B1.1,1,', 'Bl.1,1.A,', 'B1.1,1.A,again', 'C1.1,1.Z,'].join('\n') + '\n',
    );
    appendFileSync(join(dir, 'codings/bram.csv'), 'C7.1,1.A,\n');
    const r = runCli(['validate', dir]);
    expect(r.status).toBe(1);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toEqual(
      [
        'codings/anna.csv:14: error Unknown fragment B1.9: B1 has fragments B1.1 to B1.3 [codings/unknown-fragment]',
        'codings/anna.csv:15: error Unknown label 9.A in codebook cb (group B): it has main labels 1 to 2 [codings/unknown-label]',
        'codings/anna.csv:16: error Label "1" is a main label, expected a core label such as 1.A [codings/main-label]',
        'codings/anna.csv:17: error Unexpected fragment code "Bl.1", expected a code like B3.7 (group letter, interview number, dot, fragment number) (did you mean B1.1? "l" reads like "1") [codings/malformed-fragment]',
        'codings/anna.csv:18: error Duplicate coding B1.1 1.A, first at codings/anna.csv:2 [codings/duplicate]',
        'codings/anna.csv:19: error Unknown label 1.Z in codebook cb: main label 1 "Drempels" has core labels A to B [codings/unknown-label]',
        'codings/bram.csv:6: error Unknown fragment C7.1: the study has no fragments of C7 [codings/unknown-fragment]',
      ].map((l) => l.replace(/(codings\/(anna|bram)\.csv)/g, `${dir}/$1`)),
    );
    expect(r.stderr).toContain('7 errors');
  });

  it('--format json gives the diagnostics as data on stdout', () => {
    const dir = copyStudy('mini');
    appendFileSync(join(dir, 'codings/anna.csv'), 'B1.1,9.A,\n');
    const r = runCli(['validate', dir, '--format', 'json']);
    expect(r.status).toBe(1);
    const data = JSON.parse(r.stdout);
    expect(data.ok).toBe(false);
    expect(data.diagnostics).toMatchObject([
      { file: `${dir}/codings/anna.csv`, line: 14, rule: 'codings/unknown-label', severity: 'error' },
    ]);
  });

  it('names the config file and field path of a bad config value, with its line', () => {
    const dir = copyStudy('mini');
    const config = readFileSync(join(dir, 'qualkit.json'), 'utf8')
      .replace('"kind": "chat"', '"kind": "chatlog"')
      .replace('"respondent": "C3"', '"respondent": "C9"');
    writeFileSync(join(dir, 'qualkit.json'), config);
    const r = runCli(['validate', dir]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      new RegExp(
        `${dir}/qualkit.json:9: error groups\\[1\\]\\.kind: .*"interview"\\|"chat"\\|"literature".* \\[config/invalid-field\\]`,
      ),
    );
    const fixed = config.replace('"kind": "chatlog"', '"kind": "chat"');
    writeFileSync(join(dir, 'qualkit.json'), fixed);
    const r2 = runCli(['validate', dir]);
    expect(r2.status).toBe(1);
    expect(r2.stderr).toContain(
      `${dir}/qualkit.json:23: error sources[4].respondent: unknown respondent "C9" [config/unknown-respondent]`,
    );
  });

  it('reports invalid JSON with its line', () => {
    const dir = copyStudy('mini');
    writeFileSync(join(dir, 'qualkit.json'), '{\n  "study": "x",\n  "groups": [,]\n}\n');
    const r = runCli(['validate', dir]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/qualkit\.json:3: error Invalid JSON/);
  });

  it('reports an unreadable source (missing, binary) and a speaker that is not in the source', () => {
    const dir = copyStudy('mini');
    rmSync(join(dir, 'sources/B1.txt'));
    writeFileSync(
      join(dir, 'sources/C2.txt'),
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]),
    );
    writeFileSync(
      join(dir, 'qualkit.json'),
      readFileSync(join(dir, 'qualkit.json'), 'utf8').replace('"speaker": "Daan Post"', '"speaker": "Daan"'),
    );
    const r = runCli(['validate', dir]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(`${dir}/sources/B1.txt: error file not found [io/unreadable]`);
    expect(r.stdout).toContain(`${dir}/sources/C2.txt: error not a text file (binary content)`);
    expect(r.stdout).toMatch(
      /qualkit\.json:20: error sources\[1\]\.speaker: No turn in "sources\/B2\.vtt" is by "Daan"; speakers found: "Ilse Verbeek", "Daan Post"/,
    );
  });

  it("warns (exit 0) about codings outside a coder's declared scope", () => {
    const dir = copyStudy('mini');
    appendFileSync(join(dir, 'codings/bram.csv'), 'B1.1,1.A,\n');
    const r = runCli(['validate', dir]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(
      `${dir}/codings/bram.csv:6: warning Fragment B1.1 is outside coder bram's scope (C)`,
    );
  });

  it('says what is wrong when there is no study', () => {
    const r = runCli(['validate', '/nonexistent/study']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      '/nonexistent/study: error No such study folder or config file [study/not-found]',
    );
    const empty = copyStudy('mini');
    rmSync(join(empty, 'qualkit.json'));
    expect(runCli(['validate', empty]).stderr).toContain('No qualkit.json in this folder');
  });
});

describe('qualkit validate --coders', () => {
  it('flags labels one coder gives to shared fragments and the other never, fragments nobody coded, and prints counts side by side', () => {
    const r = runCli(['validate', 'test/fixtures/studies/mini', '--coders']);
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines.slice(0, 2)).toEqual([
      'test/fixtures/studies/mini/sources/C3.csv:3: warning Fragment C3.1 is coded by no coder [coders/uncoded-fragment]',
      // bram gave 1.B to C2.2; anna gave 1.B only to B fragments, which bram did not code.
      'test/fixtures/studies/mini/codings/bram.csv:5: warning Label 1.B (cb) is given by bram to 1 fragment(s) that anna coded too, but never by anna [coders/label-one-coder]',
    ]);
    expect(r.stdout).toContain('| Codebook | Label | anna | bram |');
    // anna: 1.A on B1.1, B1.2, C1.1, C3.2; bram: on C1.1.
    expect(r.stdout).toContain('| cb | 1.A Schaamte | 4 | 1 |');
  });

  it('gives the counts as data with --format json', () => {
    const data = JSON.parse(
      runCli(['validate', 'test/fixtures/studies/mini', '--coders', '--format', 'json']).stdout,
    );
    expect(data.coders).toEqual(['anna', 'bram']);
    expect(data.labelCounts.find((c: { label: string }) => c.label === '2.B').counts).toEqual([4, 1]);
  });
});
