import { appendFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { copyStudy, FIXTURES, runCli } from '../helpers/run-cli.js';

const MINI = join(FIXTURES, 'studies/mini');

describe('every command has --help with an example', () => {
  it.each(['ingest', 'validate', 'overview', 'freq', 'agree', 'report', 'run'])('%s --help', (cmd) => {
    const r = runCli([cmd, '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`Usage: qualkit ${cmd}`);
    expect(r.stdout).toMatch(/Examples?:\n\s+\$ qualkit /);
  });

  it('the top-level help lists the commands', () => {
    const r = runCli(['--help']);
    expect(r.status).toBe(0);
    for (const cmd of ['ingest', 'validate', 'overview', 'freq', 'report', 'run'])
      expect(r.stdout).toContain(cmd);
  });
});

describe('usage errors exit 2 with a message on stderr', () => {
  it('unknown command, unknown option, bad --format value, unknown attribute', () => {
    expect(runCli(['frobnicate']).status).toBe(2);
    const opt = runCli(['freq', MINI, '--colour']);
    expect(opt.status).toBe(2);
    expect(opt.stderr).toContain("unknown option '--colour'");
    const fmt = runCli(['overview', MINI, '--format', 'xlsx']);
    expect(fmt.status).toBe(2);
    expect(fmt.stderr).toContain('--format must be one of md, csv, json; got "xlsx"');
    expect(fmt.stdout).toBe('');
    const by = runCli(['freq', MINI, '--by', 'height']);
    expect(by.status).toBe(2);
    expect(by.stderr).toContain(
      'no respondent has the attribute "height"; use "group" or one of age, role, type',
    );
    expect(runCli(['overview', MINI, '--coder', 'zoe']).stderr).toContain(
      'unknown coder "zoe"; the study declares anna, bram',
    );
  });
});

describe('machine-readable output goes to stdout alone', () => {
  it('freq --format csv parses as CSV and carries the hand-counted values', () => {
    const r = runCli(['freq', MINI, '--format', 'csv']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    const rows = parse(r.stdout, { columns: true }) as Record<string, string>[];
    const cell = (label: string, column: string) =>
      rows.find((x) => x.label === label && x.column === column)!;
    expect(cell('1.A', 'B')).toMatchObject({
      fragments: '2',
      respondents: '1',
      respondents_total: '2',
      share: '0.5000',
    });
    expect(cell('2', 'C')).toMatchObject({
      level: 'main',
      fragments: '3',
      respondents: '2',
      respondents_total: '3',
      share: '0.6667',
    });
    expect(cell('1', 'total')).toMatchObject({ fragments: '6', respondents: '5', share: '1.0000' });
  });

  it('freq --format json and ingest --format json parse as JSON', () => {
    const f = JSON.parse(
      runCli(['freq', MINI, '--format', 'json', '--by', 'type', '--level', 'core']).stdout,
    );
    expect(f[0].rows.map((r: { id: string }) => r.id)).toEqual(['1.A', '1.B', '2.A', '2.B']);
    expect(f[0].rows[0].cells.gelukszoekers).toEqual({
      fragments: 2,
      respondents: 2,
      respondentsTotal: 2,
      share: 1,
    });
    const s = JSON.parse(runCli(['ingest', MINI, '--format', 'json']).stdout);
    expect(s.map((x: { code: string }) => x.code)).toEqual([
      'B1.1',
      'B1.2',
      'B1.3',
      'B2.1',
      'B2.2',
      'C1.1',
      'C1.2',
      'C1.3',
      'C2.1',
      'C2.2',
      'C3.1',
      'C3.2',
    ]);
  });

  it('--excel writes a BOM and semicolons', () => {
    const r = runCli(['overview', MINI, '--format', 'csv', '--excel']);
    expect(
      r.stdout.startsWith('\uFEFFcodebook;main_no;main_label;label;core_label;count;fragments\r\n'),
    ).toBe(true);
  });

  it('freq --cooccurrence --format csv', () => {
    const rows = parse(runCli(['freq', MINI, '--cooccurrence', '--format', 'csv']).stdout, {
      columns: true,
    }) as Record<string, string>[];
    expect(rows[0]).toEqual({
      codebook: 'cb',
      label_a: '2.A',
      label_a_name: 'Onderdak',
      label_b: '2.B',
      label_b_name: 'Geld',
      fragments: '2',
      respondents: '1',
    });
  });
});

describe('ingest', () => {
  it("numbers the sample study's fragments as its independently made counting key says", () => {
    const rows = parse(runCli(['ingest', 'data-sample', '--format', 'csv']).stdout, {
      columns: true,
    }) as Record<string, string>[];
    const per = new Map<string, number>();
    for (const r of rows) per.set(r.respondent!, (per.get(r.respondent!) ?? 0) + 1);
    expect(Object.fromEntries(per)).toEqual({
      A1: 12,
      A2: 10,
      A3: 11,
      B1: 11,
      B2: 12,
      B3: 10,
      C1: 11,
      C2: 10,
      C3: 9,
      C4: 10,
      D1: 15,
      D2: 11,
      L1: 3,
      L2: 3,
      L3: 3,
      L4: 2,
    });
    // D1 has a chat and an interview: numbering continues across them in config order.
    expect(
      rows
        .filter((r) => r.respondent === 'D1')
        .map((r) => `${r.code} ${r.source}`)
        .slice(5, 7),
    ).toEqual(['D1.6 sources/D1-chat.txt', 'D1.7 sources/D1-interview.txt']);
  });

  it("keeps the interviewer's turn as context and the line of each fragment", () => {
    const rows = parse(runCli(['ingest', MINI, '--format', 'csv']).stdout, { columns: true }) as Record<
      string,
      string
    >[];
    expect(rows[1]).toMatchObject({
      code: 'B1.2',
      speaker: 'R',
      line: '6',
      context: 'Wat merk je daarvan?',
      source: 'sources/B1.txt',
    });
    expect(rows[3]).toMatchObject({
      code: 'B2.1',
      start: '00:00:03',
      text: 'Via de straat, meestal. Ze vertrouwen ons niet meteen.',
    });
  });

  it('splits turns into paragraph fragments when configured', () => {
    const dir = copyStudy('mini');
    const config = JSON.parse(readFileSync(join(dir, 'qualkit.json'), 'utf8'));
    config.fragments = { split: 'paragraph' };
    config.coders = [];
    writeFileSync(join(dir, 'qualkit.json'), JSON.stringify(config));
    const rows = parse(runCli(['ingest', dir, '--format', 'csv']).stdout, { columns: true }) as Record<
      string,
      string
    >[];
    expect(rows.filter((r) => r.respondent === 'B1').map((r) => [r.code, r.line])).toEqual([
      ['B1.1', '4'],
      ['B1.2', '6'],
      ['B1.3', '8'],
      ['B1.4', '11'],
    ]);
    // In chats each message becomes its own fragment.
    expect(rows.filter((r) => r.respondent === 'C1').map((r) => r.text)).toEqual([
      'gaat wel',
      'schaam me eigenlijk',
      'geld voor eten\nen een bed',
      'en echt geld, niet alleen eten',
    ]);
  });

  it('writes source-book.csv and source-book.md to --out', () => {
    const out = mkdtempSync(join(tmpdir(), 'qualkit-ingest-'));
    const r = runCli(['ingest', MINI, '--out', out]);
    expect(r.status).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['source-book.csv', 'source-book.md']);
    const md = readFileSync(join(out, 'source-book.md'), 'utf8');
    expect(md).toContain('**B1.1** R: Ik werk als jeugdarts.');
    expect(md).toContain('*I: Kun je iets vertellen over je werk?*');
  });
});

describe('run', () => {
  const EXPECTED_FILES = [
    'agreement.csv',
    'agreement.md',
    'cooccurrence.csv',
    'cooccurrence.md',
    'disagreements.csv',
    'disagreements.md',
    'frequencies-by-type.csv',
    'frequencies-by-type.md',
    'frequencies.csv',
    'frequencies.md',
    'index.html',
    'overview.csv',
    'overview.md',
    'report.md',
    'source-book.csv',
    'source-book.md',
  ];

  it('writes every report, and a second run gives byte-identical files', () => {
    const a = mkdtempSync(join(tmpdir(), 'qualkit-run-a-'));
    const b = mkdtempSync(join(tmpdir(), 'qualkit-run-b-'));
    expect(runCli(['run', MINI, '--out', a]).status).toBe(0);
    expect(runCli(['run', MINI, '--out', b]).status).toBe(0);
    expect(readdirSync(a).sort()).toEqual(EXPECTED_FILES);
    for (const f of EXPECTED_FILES)
      expect(readFileSync(join(b, f), 'utf8')).toBe(readFileSync(join(a, f), 'utf8'));
  });

  it('writes nothing when validation finds errors, leaving earlier reports as they were', () => {
    const dir = copyStudy('mini');
    const out = join(dir, 'reports');
    expect(runCli(['run', dir, '--out', out]).status).toBe(0);
    const before = readFileSync(join(out, 'overview.md'), 'utf8');
    appendFileSync(join(dir, 'codings/anna.csv'), 'B1.3,1.A,\nB1.1,7.Q,\n');
    const r = runCli(['run', dir, '--out', out]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('codings/anna.csv:15: error Unknown label 7.Q');
    expect(readFileSync(join(out, 'overview.md'), 'utf8')).toBe(before);
    expect(readdirSync(out).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('writes reports/ in the working folder by default (npm start)', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'qualkit-cwd-'));
    const r = runCli(['run', MINI], cwd);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    expect(readdirSync(join(cwd, 'reports')).sort()).toEqual(EXPECTED_FILES);
  });
});

describe('a study with several codebooks', () => {
  it("keeps each codebook's tables to the groups coded with it (label ids repeat across codebooks)", () => {
    const overview = parse(runCli(['overview', 'data-sample', '--format', 'csv']).stdout, {
      columns: true,
    }) as Record<string, string>[];
    const groupsOf = (cb: string) =>
      new Set(
        overview
          .filter((r) => r.codebook === cb)
          .flatMap((r) => (r.fragments ? r.fragments.split(', ').map((c) => c[0]) : [])),
      );
    expect(groupsOf('dv2')).toEqual(new Set(['A']));
    expect(groupsOf('dv3')).toEqual(new Set(['B', 'L']));
    expect(groupsOf('dv4')).toEqual(new Set(['C', 'D']));
  });

  it("counts co-occurrence within a codebook's own groups only", () => {
    const mixed = JSON.parse(
      runCli(['freq', 'data-sample', '--cooccurrence', '--codebook', 'dv2', '--format', 'json']).stdout,
    );
    const respondentsTotal = mixed[0].pairs.reduce(
      (m: number, p: { respondents: number }) => Math.max(m, p.respondents),
      0,
    );
    // Group A, the only group coded with dv2, has three respondents.
    expect(respondentsTotal).toBeLessThanOrEqual(3);
  });
});

describe('reproducibility', () => {
  it('two runs on the sample study (agreement, triangulation, literature, privacy) give byte-identical files', () => {
    const a = mkdtempSync(join(tmpdir(), 'qualkit-repro-a-'));
    const b = mkdtempSync(join(tmpdir(), 'qualkit-repro-b-'));
    expect(runCli(['run', 'data-sample', '--out', a]).status).toBe(0);
    expect(runCli(['run', 'data-sample', '--out', b]).status).toBe(0);
    const files = readdirSync(a).sort();
    expect(files).toEqual(readdirSync(b).sort());
    expect(files).toContain('triangulation-needs.html');
    expect(files).toContain('agreement.csv');
    for (const f of files)
      expect({ f, same: readFileSync(join(a, f)).equals(readFileSync(join(b, f))) }).toEqual({
        f,
        same: true,
      });
  });
});

describe('streamed ingest', () => {
  it('writes the same source book, byte for byte, as run builds in memory, less the labels run adds (CSV, Excel CSV and Markdown)', () => {
    const a = mkdtempSync(join(tmpdir(), 'qualkit-stream-a-'));
    const b = mkdtempSync(join(tmpdir(), 'qualkit-stream-b-'));
    expect(runCli(['ingest', 'data-sample', '--out', a]).status).toBe(0);
    expect(runCli(['run', 'data-sample', '--out', b]).status).toBe(0);
    // run puts each fragment's labels beside it: `**B1.1** *(1.A Functieomschrijving)* …` and a last CSV column.
    const runMd = readFileSync(join(b, 'source-book.md'), 'utf8');
    expect(runMd).toMatch(/^\*\*B1\.1\*\* \*\(1\.A [^)]+\)\* /m);
    const withoutLabels = runMd.replace(/^(\*\*[A-Z]\d+\.\d+\*\*) \*\(.*?\)\*(?= )/gm, '$1');
    expect(readFileSync(join(a, 'source-book.md'), 'utf8')).toBe(withoutLabels);
    expect(runCli(['ingest', 'data-sample', '--format', 'md']).stdout).toBe(withoutLabels);
    const ingestRows = parse(readFileSync(join(a, 'source-book.csv'), 'utf8')) as string[][];
    const runRows = parse(readFileSync(join(b, 'source-book.csv'), 'utf8')) as string[][];
    expect(runRows[0]!.at(-1)).toBe('labels');
    expect(runRows.map((r) => r.slice(0, -1))).toEqual(ingestRows);
    const excel = runCli(['ingest', 'data-sample', '--format', 'csv', '--excel']).stdout;
    expect(excel.startsWith('\uFEFFcode;group;')).toBe(true);
    expect(excel.split('\r\n').length).toBeGreaterThan(140);
  });
});
