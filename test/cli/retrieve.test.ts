import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI, copyStudy, FIXTURES, ROOT, runCli } from '../helpers/run-cli.js';

const MINI = join(FIXTURES, 'studies/mini');

/*
 * The mini study, counted by hand from its codings files (anna codes everything, bram only
 * group C), merged over both coders:
 *
 *   B1.1 1.A          B2.1 1.B          C1.2 2.A 2.B (anna 2.B, bram 2.A)   C2.2 1.B (bram)
 *   B1.2 1.A 1.B      B2.2 2.B          C1.3 2.A 2.B (anna)                 C3.1 –
 *   B1.3 2.A          C1.1 1.A (both)   C2.1 2.B (both)                     C3.2 1.A (anna)
 *
 * Respondents: B1 role=jeugdarts, B2 role=veldwerker, C1 type=gelukszoekers age=16,
 * C2 type=bijverdieners age=17, C3 type=gelukszoekers age=15.
 */

interface Retrieved {
  code: string;
  respondent: string;
  attributes: Record<string, unknown>;
  labels: { id: string; name: string; main: string }[];
  coders: { coder: string; labels: string[] }[];
  codersDiffer: boolean;
  memos?: { coder: string; label: string; memo: string }[];
  text?: string;
  context?: string | null;
}

function retrieve(args: string[], study = MINI): { count: number; fragments: Retrieved[]; codes: string[] } {
  const r = runCli(['retrieve', study, ...args, '--format', 'json']);
  expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
  const out = JSON.parse(r.stdout) as { count: number; fragments: Retrieved[] };
  return { ...out, codes: out.fragments.map((f) => f.code) };
}

const codes = (args: string[], study = MINI) => retrieve(args, study).codes;

describe('retrieve: every filter against hand-counted selections of the mini study', () => {
  it.each<[string, string[], string[]]>([
    ['a core label', ['--label', '1.A'], ['B1.1', 'B1.2', 'C1.1', 'C3.2']],
    [
      'two labels, any (the default)',
      ['--label', '1.A', '--label', '2.B'],
      ['B1.1', 'B1.2', 'B2.2', 'C1.1', 'C1.2', 'C1.3', 'C2.1', 'C3.2'],
    ],
    [
      'two labels, --any',
      ['--label', '1.B', '--label', '2.A', '--any'],
      ['B1.2', 'B1.3', 'B2.1', 'C1.2', 'C1.3', 'C2.2'],
    ],
    ['two labels, --all', ['--label', '1.A', '--label', '1.B', '--all'], ['B1.2']],
    ['a main label', ['--label', '1'], ['B1.1', 'B1.2', 'B2.1', 'C1.1', 'C2.2', 'C3.2']],
    [
      'a main label and a core label, --all',
      ['--label', '2', '--label', '2.A', '--all'],
      ['B1.3', 'C1.2', 'C1.3'],
    ],
    ['--not a core label', ['--label', '2', '--not', '2.B'], ['B1.3']],
    ['--not a main label', ['--not', '1'], ['B1.3', 'B2.2', 'C1.2', 'C1.3', 'C2.1', 'C3.1']],
    ['--group', ['--group', 'B', '--label', '2'], ['B1.3', 'B2.2']],
    ['--respondent', ['--respondent', 'C1'], ['C1.1', 'C1.2', 'C1.3']],
    [
      'two respondents and a label',
      ['--respondent', 'C1', '--respondent', 'C2', '--label', '2.B'],
      ['C1.2', 'C1.3', 'C2.1'],
    ],
    ['--where', ['--where', 'type=gelukszoekers'], ['C1.1', 'C1.2', 'C1.3', 'C3.1', 'C3.2']],
    ['--where a number', ['--where', 'age=17'], ['C2.1', 'C2.2']],
    [
      '--where two attributes (both)',
      ['--where', 'type=gelukszoekers', '--where', 'age=15'],
      ['C3.1', 'C3.2'],
    ],
    [
      '--where one attribute twice (either value)',
      ['--where', 'type=gelukszoekers', '--where', 'type=bijverdieners', '--label', '1.B'],
      ['C2.2'],
    ],
    ['--where role', ['--where', 'role=jeugdarts'], ['B1.1', 'B1.2', 'B1.3']],
    ['--coder anna', ['--coder', 'anna', '--label', '2.A'], ['B1.3', 'C1.3']],
    ['--coder bram', ['--coder', 'bram', '--label', '2.A'], ['C1.2']],
    [
      '--coder bram: only the fragments in his scope',
      ['--coder', 'bram'],
      ['C1.1', 'C1.2', 'C1.3', 'C2.1', 'C2.2', 'C3.1', 'C3.2'],
    ],
    ['--text, ignoring case', ['--text', 'SCHAAM'], ['C1.1']],
    ['--text, ignoring diacritics', ['--text', 'schäm'], ['B1.1']],
    ['--text across a line break', ['--text', 'eten en'], ['C1.2']],
    ['--text', ['--text', 'vertrouw'], ['B1.2', 'B2.1', 'C2.2']],
    ['--uncoded (all coders merged)', ['--uncoded'], ['C3.1']],
    ['--uncoded for bram', ['--coder', 'bram', '--uncoded'], ['C1.3', 'C3.1', 'C3.2']],
    ['--uncoded for anna', ['--coder', 'anna', '--uncoded'], ['C2.2', 'C3.1']],
    ['--uncoded in group B', ['--uncoded', '--group', 'B'], []],
    ['--codebook', ['--codebook', 'cb', '--label', '2.B', '--group', 'C'], ['C1.2', 'C1.3', 'C2.1']],
    [
      'label, group, attribute, coder and text together',
      [
        '--label',
        '1',
        '--group',
        'C',
        '--where',
        'type=gelukszoekers',
        '--coder',
        'anna',
        '--text',
        'eigenlijk',
      ],
      ['C1.1', 'C3.2'],
    ],
    [
      'the same, less one label',
      [
        '--label',
        '1',
        '--not',
        '1.A',
        '--group',
        'C',
        '--where',
        'type=gelukszoekers',
        '--coder',
        'anna',
        '--text',
        'eigenlijk',
      ],
      [],
    ],
    [
      'respondent, uncoded and coder',
      ['--respondent', 'C3', '--uncoded', '--coder', 'bram', '--not', '2'],
      ['C3.1', 'C3.2'],
    ],
  ])('%s', (_, args, expected) => {
    expect(codes(args)).toEqual(expected);
  });

  it('with no filter: every fragment, in study order', () => {
    expect(codes([])).toEqual([
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
});

describe('retrieve: what it shows per fragment', () => {
  it('JSON: respondent and attributes, merged labels with names, each coder, memos, text', () => {
    const { fragments } = retrieve(['--respondent', 'C1', '--context']);
    expect(fragments[1]).toEqual({
      code: 'C1.2',
      codebook: 'cb',
      group: 'C',
      respondent: 'C1',
      attributes: { type: 'gelukszoekers', age: 16 },
      labels: [
        { id: '2.A', name: 'Onderdak', main: 'Behoeften' },
        { id: '2.B', name: 'Geld', main: 'Behoeften' },
      ],
      coders: [
        { coder: 'anna', labels: ['2.B'] },
        { coder: 'bram', labels: ['2.A'] },
      ],
      codersDiffer: true,
      memos: [],
      context: 'Dat hoeft niet.\n\nWat heb je nodig?',
      text: 'geld voor eten\nen een bed',
    });
    expect(fragments[0]!.codersDiffer).toBe(false);
    const b12 = retrieve(['--respondent', 'B1']).fragments[1]!;
    expect(b12.coders).toEqual([{ coder: 'anna', labels: ['1.A', '1.B'] }]);
    expect(b12.memos).toEqual([{ coder: 'anna', label: '1.B', memo: 'vertrouwen weg' }]);
    expect(b12).not.toHaveProperty('context');
  });

  it('Markdown: a quote list ending in the code, labels, coders when they differ, memos, context', () => {
    const r = runCli(['retrieve', MINI, '--label', '1.A', '--label', '2.A', '--context']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    const md = r.stdout;
    expect(md).toContain('7 fragments with labels 1.A or 2.A (coders anna, bram merged)');
    expect(md).toContain(
      '**B1.1** · B1 (role: jeugdarts) · 1.A Schaamte\n\n*Before:* Kun je iets vertellen over je werk?\n\n> Ik werk als jeugdarts. Veel jongens schamen zich om langs te komen. [B1.1]\n\n- memo anna, 1.A: schamen\n',
    );
    // Paragraphs stay paragraphs of the quote.
    expect(md).toContain(
      '> Ze komen pas als het echt niet meer gaat.\n>\n> Dan is het vertrouwen vaak al weg. Nou: dat geldt niet voor iedereen. [B1.2]',
    );
    expect(md).toContain(
      '**C1.2** · C1 (type: gelukszoekers, age: 16) · 2.A Onderdak, 2.B Geld · anna: 2.B; bram: 2.A',
    );
    // Both coders gave C1.1 the same label: no per-coder list.
    expect(md).toContain('**C1.1** · C1 (type: gelukszoekers, age: 16) · 1.A Schaamte\n');
    expect(md).toContain('**C3.2** · C3 (type: gelukszoekers, age: 15) · 1.A Schaamte · anna: 1.A; bram: –');
    expect(md).not.toContain('B2.1');
  });

  it('Markdown escapes transcript text: <script> and links stay text', () => {
    const md = runCli(['retrieve', MINI, '--respondent', 'C3', '--uncoded']).stdout;
    expect(md).toContain('> hoi &lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(2)&gt;');
    expect(md).not.toMatch(/<script|<img|\]\(javascript/);
    expect(runCli(['retrieve', MINI, '--uncoded', '--group', 'B']).stdout).toContain(
      '0 fragments with no label',
    );
  });

  it('CSV: one row per fragment with attribute and per-coder columns; --excel; stdout only', () => {
    const r = runCli(['retrieve', MINI, '--group', 'C', '--label', '2', '--format', 'csv', '--context']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    const rows = parse<Record<string, string>>(r.stdout, { columns: true });
    expect(Object.keys(rows[0]!)).toEqual([
      'code',
      'codebook',
      'group',
      'respondent',
      'age',
      'type',
      'labels',
      'label_names',
      'labels_anna',
      'labels_bram',
      'coders_differ',
      'memos',
      'context',
      'text',
    ]);
    expect(rows.map((x) => x.code)).toEqual(['C1.2', 'C1.3', 'C2.1']);
    expect(rows[0]).toMatchObject({
      age: '16',
      type: 'gelukszoekers',
      labels: '2.A; 2.B',
      label_names: '2.A Onderdak; 2.B Geld',
      labels_anna: '2.B',
      labels_bram: '2.A',
      coders_differ: 'yes',
      text: 'geld voor eten\nen een bed',
    });
    expect(rows[2]).toMatchObject({ labels_anna: '2.B', labels_bram: '2.B', coders_differ: 'no' });
    const memo = parse<Record<string, string>>(
      runCli(['retrieve', MINI, '--respondent', 'B1', '--format', 'csv']).stdout,
      { columns: true },
    );
    expect(memo.map((x) => x.memos)).toEqual(['anna 1.A: schamen', 'anna 1.B: vertrouwen weg', '']);
    expect(Object.keys(memo[0]!)).not.toContain('context');
    const excel = runCli(['retrieve', MINI, '--label', '1.A', '--format', 'csv', '--excel']).stdout;
    expect(excel.startsWith('\uFEFFcode;codebook;group;respondent;')).toBe(true);
    expect(excel.split('\r\n')).toHaveLength(6);
  });

  it('CSV: a cell that would run as a spreadsheet formula gets a leading apostrophe', () => {
    const study = copyStudy('mini');
    const file = join(study, 'sources/C2.txt');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace('Sem: ik verdien zo wat bij', 'Sem: =HYPERLINK("x";"ik verdien")'),
    );
    const rows = parse<Record<string, string>>(
      runCli(['retrieve', study, '--respondent', 'C2', '--format', 'csv']).stdout,
      { columns: true },
    );
    expect(rows[0]!.text).toBe('\'=HYPERLINK("x";"ik verdien")');
    // Markdown and JSON give the words as they are.
    expect(retrieve(['--respondent', 'C2'], study).fragments[0]!.text).toBe('=HYPERLINK("x";"ik verdien")');
  });

  it('--share counts: codes, respondents and labels, no text, context or memos in any format', () => {
    const texts = ['jeugdarts. Veel', 'schamen zich', 'vertrouwen weg', 'Kun je iets', 'geld voor eten'];
    for (const format of ['md', 'csv', 'json']) {
      const r = runCli(['retrieve', MINI, '--share', 'counts', '--context', '--format', format]);
      expect(r.status).toBe(0);
      for (const t of texts)
        expect({ format, t, found: r.stdout.includes(t) }).toEqual({ format, t, found: false });
      expect(r.stdout).toContain('C1.2');
      expect(r.stdout).toContain('2.A');
    }
    expect(runCli(['retrieve', MINI, '--share', 'counts', '--label', '1.B']).stdout).toContain(
      '- **B1.2** · B1 (role: jeugdarts) · 1.A Schaamte, 1.B Wantrouwen\n',
    );
    const study = copyStudy('mini');
    const config = join(study, 'qualkit.json');
    const json = JSON.parse(readFileSync(config, 'utf8')) as Record<string, unknown>;
    writeFileSync(config, JSON.stringify({ ...json, privacy: { share: 'counts' } }));
    expect(runCli(['retrieve', study, '--label', '1.A']).stdout).not.toContain('schamen zich');
    expect(runCli(['retrieve', study, '--label', '1.A', '--share', 'quotes']).stdout).toContain(
      'schamen zich',
    );
  });

  it('shows the pseudonymised text the source book shows', () => {
    const book = JSON.parse(runCli(['ingest', 'data-sample', '--format', 'json']).stdout) as {
      code: string;
      text: string;
    }[];
    const { fragments } = retrieve([], 'data-sample');
    expect(fragments.map((f) => [f.code, f.text])).toEqual(book.map((f) => [f.code, f.text]));
    // data-sample/sources/C1-whatsapp.txt: "mn nummer is 06-41234567 als je liever belt. of insta @jayjay_2009"
    const c13 = retrieve(['--text', '[telefoon-1]'], 'data-sample').fragments;
    expect(c13.map((f) => f.code)).toEqual(['C1.3']);
    expect(c13[0]!.text).toContain('mn nummer is [TELEFOON-1] als je liever belt. of insta [HANDLE-1]');
    const md = runCli(['retrieve', 'data-sample', '--respondent', 'C1']).stdout;
    expect(md).toContain('[TELEFOON-1]');
    expect(md).not.toMatch(/41234567|jayjay|Jayden/);
  });
});

describe('retrieve --all opens a co-occurrence cell', () => {
  interface Pairs {
    codebook: string;
    pairs: { a: string; b: string; fragments: number }[];
  }
  const cooccurrence = (study: string, extra: string[] = []) =>
    JSON.parse(runCli(['freq', study, '--cooccurrence', '--format', 'json', ...extra]).stdout) as Pairs[];
  let mini: Pairs[] = [];
  beforeAll(() => {
    mini = cooccurrence(MINI);
  });

  // Hand-counted: the fragments carrying both labels (merged over both coders).
  it.each<[string, string, string[]]>([
    ['1.A', '1.B', ['B1.2']],
    ['2.A', '2.B', ['C1.2', 'C1.3']],
    ['1.A', '2.A', []],
    ['1.A', '2.B', []],
    ['1.B', '2.A', []],
    ['1.B', '2.B', []],
  ])('mini study %s + %s: the fragments freq --cooccurrence counted', (a, b, expected) => {
    expect(codes(['--label', a, '--label', b, '--all'])).toEqual(expected);
    const pair = mini[0]!.pairs.find((p) => p.a === a && p.b === b);
    expect(pair?.fragments ?? 0).toBe(expected.length);
  });

  it.each([
    ['dv2', []],
    ['dv3', []],
    ['dv4', []],
    ['dv3', ['--coder', 'anna']],
    ['dv4', ['--coder', 'bram']],
  ])('data-sample %s %j: the top pairs', (codebook, extra) => {
    const [table] = cooccurrence('data-sample', ['--codebook', codebook, ...extra]);
    expect(table!.pairs.length).toBeGreaterThan(0);
    for (const p of table!.pairs.slice(0, 2))
      expect({
        pair: `${p.a}+${p.b}`,
        n: retrieve(
          ['--codebook', codebook, '--label', p.a, '--label', p.b, '--all', ...extra],
          'data-sample',
        ).count,
      }).toEqual({ pair: `${p.a}+${p.b}`, n: p.fragments });
  });
});

describe('retrieve: wrong input is a clear usage error (exit 2, nothing on stdout)', () => {
  it.each<[string[], string]>([
    [['--label', '9.Z'], 'unknown label "9.Z": no core label 9.Z in codebook cb'],
    [['--label', '1.Z'], 'unknown label "1.Z"'],
    [['--not', '7'], 'unknown label "7": no main label 7 in codebook cb'],
    [
      ['--label', 'schaamte'],
      '"schaamte" is not a label: give a core label such as 3.J or a main label such as 3',
    ],
    [['--where', 'height=3'], 'no respondent has the attribute "height"; attributes: age, role, type'],
    [
      ['--where', 'type=bijverdiener'],
      'no respondent has type=bijverdiener; values of type: bijverdieners, gelukszoekers',
    ],
    [['--where', 'type'], '--where takes attribute=value (e.g. --where type=bijverdieners); got "type"'],
    [['--where', '=x'], '--where takes attribute=value'],
    [['--group', 'X'], 'unknown group "X"; the study has B, C'],
    [['--respondent', 'B9'], 'unknown respondent "B9"'],
    [['--coder', 'zoe'], 'unknown coder "zoe"; the study declares anna, bram'],
    [['--codebook', 'dv3'], 'unknown codebook "dv3"; the study has cb'],
    [['--label', '1.A', '--all', '--any'], 'give --all or --any, not both'],
    [
      ['--uncoded', '--label', '1.A'],
      '--uncoded lists fragments without labels; it cannot be combined with --label',
    ],
    [['--text', '  '], '--text needs some text to search for'],
    [['--format', 'xlsx'], '--format must be one of md, csv, json; got "xlsx"'],
    [['--share', 'all'], '--share must be one of quotes, counts; got "all"'],
  ])('%j', (args, message) => {
    const r = runCli(['retrieve', MINI, ...args]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('the source book run writes shows each fragment’s labels', () => {
  it('Markdown beside the code, CSV in a last column (hand-counted, both coders merged)', () => {
    const out = join(copyStudy('mini'), 'out');
    expect(runCli(['run', MINI, '--out', out]).status).toBe(0);
    const md = readFileSync(join(out, 'source-book.md'), 'utf8');
    expect(md).toContain('**B1.2** *(1.A Schaamte, 1.B Wantrouwen)* R: Ze komen pas');
    expect(md).toContain('**C1.2** *(2.A Onderdak, 2.B Geld)* Jay 14-02-2026 21:09: geld voor eten');
    expect(md).toContain('**C3.1** anoniem\\_9');
    const rows = parse<Record<string, string>>(readFileSync(join(out, 'source-book.csv'), 'utf8'), {
      columns: true,
    });
    expect(rows.map((r) => [r.code, r.labels])).toEqual([
      ['B1.1', '1.A'],
      ['B1.2', '1.A; 1.B'],
      ['B1.3', '2.A'],
      ['B2.1', '1.B'],
      ['B2.2', '2.B'],
      ['C1.1', '1.A'],
      ['C1.2', '2.A; 2.B'],
      ['C1.3', '2.A; 2.B'],
      ['C2.1', '2.B'],
      ['C2.2', '1.B'],
      ['C3.1', ''],
      ['C3.2', '1.A'],
    ]);
    const bram = join(copyStudy('mini'), 'out');
    expect(runCli(['report', MINI, '--out', bram, '--coder', 'bram']).status).toBe(0);
    expect(readFileSync(join(bram, 'source-book.md'), 'utf8')).toContain('**C1.2** *(2.A Onderdak)* Jay');
  });
});

describe('retrieve as a command', () => {
  it('has --help with examples and is listed', () => {
    const r = runCli(['retrieve', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Usage: qualkit retrieve');
    expect(r.stdout).toMatch(/Examples?:\n\s+\$ qualkit retrieve /);
    expect(runCli(['--help']).stdout).toContain('retrieve');
  });

  it('loads no network module', () => {
    const r = spawnSync(
      process.execPath,
      [
        '--import',
        join(ROOT, 'test/helpers/network-guard.mjs'),
        CLI,
        'retrieve',
        'data-sample',
        '--label',
        '1',
        '--context',
      ],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(r.stderr).not.toContain('NETWORK-MODULE');
    expect(r.status).toBe(0);
  });
});
