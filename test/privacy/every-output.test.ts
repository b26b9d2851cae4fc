import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/run-cli.js';

// Invented identifiers in every spelling issue 14 lists, planted in a chat of the sample study.
const NFD_ZOE = 'Zoe\u0308';
const PLANTED = {
  phoneDots: '06.47.29.83.15',
  phonePairs: '06-58-31-92-74',
  phoneArea: '(010) 418 27 93',
  phoneGlued: '0693817264',
  phoneIntl: '+31 6 2748 1937',
  bareUrl: 'instagram.com/jv_2009',
  tiktok: 'tiktok.com/@jv.official',
  url: 'https://chat.example.nl/jv',
  email: 'jayden.vos@example.nl',
  handle: '@jv_2009',
  ibanBe: 'BE68 5390 0754 7034',
  ibanLower: 'nl91abna0417164300',
  bsn: '111222333',
  postcodeLower: '5611ab',
  postcode: '4811 CD',
  birthEn: 'March 14, 2009',
  birthNl: '14-03-2009',
  name: 'Jayden',
  surname: 'de Vries',
  nickname: 'jv_sneaky',
  storm: 'Storm',
};
// Ordinary text in the same fragments that must come out unchanged.
const KEPT = [
  'sinds 2019 OK',
  '1500 MB',
  'om 21:05',
  'fragment B3.7',
  'versie 1.2.3',
  'nummer 123456789',
  'ISBN 978-90-274-3964-2',
  '100 km',
  '€ 12,50',
  'de storm',
];
const P = PLANTED;
const TURNS = [
  // One of each kind first: the triangulation quotes only the first fragments of a theme.
  `${P.storm}: ${P.phoneDots}, ${P.bareUrl}, ${P.email}, ${P.handle}, ${P.ibanBe}, ${P.bsn}, ${P.postcodeLower}, born on ${P.birthEn}`,
  `ik ben ${NFD_ZOE} ${P.surname}, bel ${P.phoneDots} of ${P.phonePairs}, ${KEPT[0]}`,
  `thuis ${P.phoneArea} of tel.${P.phoneGlued} of ${P.phoneIntl}, ${KEPT[1]} ${KEPT[2]}`,
  `volg ${P.bareUrl} of ${P.tiktok} of ${P.url}, mail ${P.email}, ${P.handle}, ${KEPT[3]}, ${KEPT[4]}`,
  `rekening ${P.ibanBe} of ${P.ibanLower}, bsn ${P.bsn}, ${KEPT[5]} klopt niet, ${KEPT[6]}`,
  `postcode ${P.postcodeLower} of ${P.postcode}, Date of birth: ${P.birthEn}, geboren op ${P.birthNl}, ${KEPT[7]}, ${KEPT[8]}`,
  `${P.nickname} is mijn naam, ${P.storm} zei het, maar ${KEPT[9]} was hard`,
];
const SOURCE = 'sources/C5-jayden-de-vries.txt';

/** The sample study with a planted chat C5 (coded differently by anna and bram), in a temporary folder. */
function plantedStudy(privacy: Record<string, unknown> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'qualkit-every-'));
  cpSync(join(ROOT, 'data-sample'), join(dir, 'study'), { recursive: true });
  cpSync(join(ROOT, 'codebooks'), join(dir, 'codebooks'), { recursive: true });
  const study = join(dir, 'study');
  writeFileSync(
    join(study, SOURCE),
    TURNS.map(
      (t, i) =>
        `15-02-2026 20:${10 + 2 * i} - Outreach De Haven: en verder?\n15-02-2026 20:${11 + 2 * i} - Jayden: ${t}\n`,
    ).join(''),
  );
  writeFileSync(
    join(study, 'names.csv'),
    `name,pseudonym,case_sensitive\nJayden,,\nde Vries,,\nZoë,,\njv_sneaky,,\nStorm,,yes\n`,
  );
  const config = JSON.parse(readFileSync(join(study, 'qualkit.json'), 'utf8'));
  config.respondents.push({ id: 'C5', attributes: { type: 'bijverdieners', age: 16 } });
  config.sources.push({ file: SOURCE, respondent: 'C5', speaker: 'Jayden' });
  config.privacy = { names: 'names.csv', key: '../private/key.csv', ...privacy };
  writeFileSync(join(study, 'qualkit.json'), JSON.stringify(config, null, 2));
  const add = (file: string, rows: string[]) =>
    writeFileSync(join(study, file), readFileSync(join(study, file), 'utf8') + rows.join('\n') + '\n');
  add(
    'codings/anna.csv',
    TURNS.map((_, i) => `C5.${i + 1},1.C,,,`),
  );
  add('codings/bram.csv', ['C5.1,4.A,', 'C5.2,4.A,']);
  return study;
}

const digits = (s: string) => s.replace(/\D/g, '');
const DIGIT_VALUES = [P.phoneDots, P.phoneArea, P.phoneGlued, P.phoneIntl, P.ibanBe, P.ibanLower, P.bsn];

/** Every planted value, in any spelling of its digits, absent from one output. */
function expectClean(where: string, content: string) {
  const lower = content.normalize('NFC').toLowerCase();
  for (const value of [...Object.values(PLANTED), 'zoë', 'jayden-de-vries', 'vries'])
    if (value !== P.storm)
      expect({ where, value, found: lower.includes(value.toLowerCase()) }).toEqual({
        where,
        value,
        found: false,
      });
  // Marked case-sensitive: "Storm" is a name, "de storm" is weather.
  expect({ where, found: /\bStorm\b/.test(content) }).toEqual({ where, found: false });
  for (const value of DIGIT_VALUES)
    expect({ where, value, found: digits(content).includes(digits(value).slice(-8)) }).toEqual({
      where,
      value,
      found: false,
    });
}

/** The output holds the planted fragments: a placeholder of every kind. */
function expectEveryPlaceholder(where: string, content: string) {
  const words = ['TELEFOON', 'URL', 'EMAIL', 'HANDLE', 'IBAN', 'BSN', 'POSTCODE', 'GEBOORTEDATUM', 'PERSOON'];
  expect({ where, missing: words.filter((w) => !content.includes(`[${w}-`)) }).toEqual({
    where,
    missing: [],
  });
}

const filesIn = (dir: string): [string, string][] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .map((f) => [f, readFileSync(f, 'utf8')]);

describe('with pseudonymisation on, no planted value reaches any output', () => {
  const study = plantedStudy();
  const out = join(study, '..', 'out');
  const run = runCli(['run', study, '--out', out]);
  const book = readFileSync(join(out, 'source-book.csv'), 'utf8');

  it('run writes the reports', () => {
    expect(run.stderr).toContain('files in');
    expect(run.status).toBe(0);
  });

  it('the source book has every planted fragment, each value replaced, the ordinary text kept', () => {
    const c5 = book.split('\n').filter((l) => l.startsWith('C5.'));
    expect(c5).toHaveLength(7);
    for (const word of [
      'TELEFOON',
      'URL',
      'EMAIL',
      'HANDLE',
      'IBAN',
      'BSN',
      'POSTCODE',
      'GEBOORTEDATUM',
      'PERSOON',
    ])
      expect(c5.join('\n')).toContain(`[${word}-`);
    for (const kept of KEPT) expect(c5.join('\n')).toContain(kept);
    // The file name: every part of the name replaced, "de-vries" as the whole "de Vries".
    expect(book).toMatch(/sources\/C5-\[PERSOON-\d+\]-\[PERSOON-\d+\]\.txt/);
  });

  it('run: source book, reports, HTML, triangulation, agreement files', () => {
    const files = filesIn(out);
    expect(files.map(([f]) => f.slice(out.length + 1))).toEqual(
      expect.arrayContaining(['source-book.md', 'index.html', 'report.md', 'triangulation-barriers.md']),
    );
    for (const name of ['source-book.md', 'index.html', 'triangulation-barriers.md', 'disagreements.csv'])
      expectEveryPlaceholder(name, files.find(([f]) => f.endsWith(name))![1]);
    for (const [f, content] of files) expectClean(f, content);
  });

  it.each([
    [['ingest', '--format', 'csv']],
    [['ingest', '--format', 'json']],
    [['ingest', '--format', 'md']],
    [['agree', '--disagreements']],
    [['agree', '--disagreements', '--format', 'csv']],
    [['agree', '--disagreements', '--format', 'json']],
    [['triangulate', '--themes', 'barriers']],
    [['triangulate', '--themes', 'barriers', '--format', 'html']],
    [['triangulate', '--themes', 'barriers', '--format', 'json']],
    [['freq', '--by', 'type']],
    [['overview']],
  ])('stdout of %j', (args) => {
    const r = runCli([args[0]!, study, ...args.slice(1)]);
    expect(r.status).toBe(0);
    if (args[0] !== 'freq' && args[0] !== 'overview') expectEveryPlaceholder(args.join(' '), r.stdout);
    expectClean(args.join(' '), r.stdout);
  });

  it('suggestions', () => {
    const dir = join(study, '..', 'suggest');
    expect(runCli(['suggest', study, '--for', 'bram', '--out', dir]).status).toBe(0);
    const files = filesIn(dir);
    expectEveryPlaceholder('suggestions', files.map(([, c]) => c).join(''));
    for (const [f, content] of files) expectClean(f, content);
  });

  it('qdpx and qdc', async () => {
    const target = join(study, '..', 'x.qdpx');
    expect(runCli(['export', 'qdpx', study, '-o', target]).status).toBe(0);
    const zip = await JSZip.loadAsync(readFileSync(target));
    const entries = Object.values(zip.files).filter((f) => !f.dir);
    let all = '';
    for (const e of entries) {
      const text = await e.async('string');
      all += text;
      expectClean(`x.qdpx:${e.name}`, text);
    }
    expectEveryPlaceholder('x.qdpx', all);
    const dir = join(study, '..', 'qdc');
    expect(runCli(['export', 'qdc', study, '-o', dir]).status).toBe(0);
    for (const [f, content] of filesIn(dir)) expectClean(f, content);
  });

  it('at sharing level counts too (the source names stay, pseudonymised)', async () => {
    const dir = join(study, '..', 'counts');
    expect(runCli(['run', study, '--out', dir, '--share', 'counts']).status).toBe(0);
    expect(readFileSync(join(dir, 'source-book.csv'), 'utf8')).toMatch(
      /sources\/C5-\[PERSOON-\d+\]-\[PERSOON-\d+\]\.txt/,
    );
    for (const [f, content] of filesIn(dir)) expectClean(f, content);
    const target = join(study, '..', 'counts.qdpx');
    expect(runCli(['export', 'qdpx', study, '-o', target, '--share', 'counts']).status).toBe(0);
    const zip = await JSZip.loadAsync(readFileSync(target));
    for (const e of Object.values(zip.files).filter((f) => !f.dir))
      expectClean(e.name, await e.async('string'));
  });

  it('the fragment cache', () => {
    expect(existsSync(join(study, '.qualkit-cache.json'))).toBe(true);
    expectClean('.qualkit-cache.json', readFileSync(join(study, '.qualkit-cache.json'), 'utf8'));
  });

  it('privacy-scan over every output finds nothing, and over the planted source finds every kind', () => {
    const clean = runCli(['privacy-scan', out, join(study, '..', 'x.qdpx'), '--study', study]);
    expect(clean.stdout).toBe('');
    expect(clean.status).toBe(0);
    const source = runCli(['privacy-scan', join(study, SOURCE), '--study', study]);
    expect(source.status).toBe(1);
    // Per line of the chat (each planted turn, its sender Jayden first): every planted value once, nothing else.
    const perLine = new Map<string, string[]>();
    for (const m of source.stdout.matchAll(/\.txt:(\d+):\d+: error .*\[privacy\/(\w+)\]/g))
      perLine.set(m[1]!, [...(perLine.get(m[1]!) ?? []), m[2]!]);
    expect(Object.fromEntries(perLine)).toEqual({
      2: ['name', 'name', 'phone', 'url', 'email', 'handle', 'iban', 'bsn', 'postcode', 'birthdate'],
      4: ['name', 'name', 'name', 'phone', 'phone'],
      6: ['name', 'phone', 'phone', 'phone'],
      8: ['name', 'url', 'url', 'url', 'email', 'handle'],
      10: ['name', 'iban', 'iban', 'bsn'],
      12: ['name', 'postcode', 'postcode', 'birthdate', 'birthdate'],
      14: ['name', 'name', 'name'],
    });
  });
});

describe('with pseudonymisation off, every writer refuses', () => {
  const study = plantedStudy({ pseudonymise: false });
  const ALL = ['birthdate', 'bsn', 'email', 'handle', 'iban', 'name', 'phone', 'postcode', 'url'];
  const refused = (args: string[], expected = ALL) => {
    const r = runCli(args);
    expect({ args, status: r.status }).toEqual({ args, status: 1 });
    expect(r.stderr).toMatch(/identifiers would reach .*; (nothing was written|the output stops before)/);
    // Every kind planted in what the output holds is among the findings.
    const kinds = new Set([...r.stderr.matchAll(/ error .*\[privacy\/(\w+)\]/g)].map((m) => m[1]));
    kinds.delete('leak');
    expect({ args, kinds: [...kinds].sort() }).toEqual({ args, kinds: expected });
    expectClean(args.join(' '), r.stdout);
    return r;
  };

  it.each([
    [['run', '--out', 'OUT']],
    [['ingest', '--out', 'OUT']],
    [['suggest', '--for', 'bram', '--out', 'OUT']],
    [['export', 'qdpx', '-o', 'OUT/x.qdpx']],
  ])('%j writes no file', (args) => {
    const dir = mkdtempSync(join(tmpdir(), 'qualkit-refused-'));
    const sub = args[0] === 'export' ? 2 : 1;
    refused(
      [...args.slice(0, sub), study, ...args.slice(sub).map((a) => a.replace('OUT', join(dir, 'o')))],
      ALL,
    );
    expect(existsSync(join(dir, 'o')) ? readdirSync(join(dir, 'o')) : []).toEqual([]);
  });

  it.each([
    [['ingest', '--format', 'csv']],
    [['ingest', '--format', 'json']],
    [['agree', '--disagreements']],
    [['triangulate', '--themes', 'barriers', '--format', 'html']],
  ])('%j prints no identifier', (args) => {
    const r = refused([args[0]!, study, ...args.slice(1)], ALL);
    expect(r.stderr).toMatch(/error phone "06••••••••••15"/);
  });

  it('catches a name of the names file alone (the names file is read with pseudonymisation off)', () => {
    const s = plantedStudy({ pseudonymise: false });
    writeFileSync(
      join(s, SOURCE),
      '15-02-2026 20:10 - Outreach De Haven: hoi\n15-02-2026 20:11 - Jayden: ik ben Zoë\n',
    );
    const r = refused(['ingest', s, '--format', 'csv'], ['handle', 'name', 'phone']);
    expect(r.stderr).toMatch(/error name from the names file "Z••"/);
  });
});

describe('export refuses what the pseudonymiser does not touch', () => {
  const withConfig = (change: (config: Record<string, any>) => void) => {
    const study = plantedStudy();
    const config = JSON.parse(readFileSync(join(study, 'qualkit.json'), 'utf8'));
    change(config);
    writeFileSync(join(study, 'qualkit.json'), JSON.stringify(config));
    return study;
  };
  it.each([
    [
      'a respondent attribute',
      (c: Record<string, any>) => (c.respondents[0].attributes.contact = '06-11223344'),
    ],
    ['the study name', (c: Record<string, any>) => (c.study = 'Studie met Zoë')],
  ])('%s, in qdpx and qdc', (_, change) => {
    const study = withConfig(change);
    const target = join(study, '..', 'x.qdpx');
    const r = runCli(['export', 'qdpx', study, '-o', target]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/x\.qdpx:project\.qde:\d+:\d+: error (phone|name)/);
    expect(r.stderr).toContain('identifiers would reach the export; nothing was written');
    expect(existsSync(target)).toBe(false);
  });

  it('a codebook definition, in qdc', () => {
    const study = plantedStudy();
    const file = join(study, '..', 'codebooks/dv4.csv');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace('Huidige leeftijd,Alle', 'Huidige leeftijd,Bel 06-11223344: alle'),
    );
    const dir = join(study, '..', 'qdc');
    const q = runCli(['export', 'qdc', study, '-o', dir]);
    expect(q.stderr).toMatch(/dv4\.qdc:\d+:\d+: error phone "06•••••••44"/);
    expect(q.status).toBe(1);
    expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
  });

  it('a memo in the codings', () => {
    const study = plantedStudy();
    const file = join(study, 'codings/anna.csv');
    writeFileSync(file, readFileSync(file, 'utf8') + 'C5.6,4.A,"bel hem: tel. 06-11223344",,\n');
    const target = join(study, '..', 'x.qdpx');
    const r = runCli(['export', 'qdpx', study, '-o', target]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/project\.qde:\d+:\d+: error phone "06•••••••44"/);
    expect(existsSync(target)).toBe(false);
  });
});

describe('the key file', () => {
  it('a damaged key is refused at its line and left untouched', () => {
    const study = plantedStudy();
    const out = join(study, '..', 'out');
    expect(runCli(['run', study, '--out', out]).status).toBe(0);
    const keyFile = join(study, '..', 'private/key.csv');
    const bytes = readFileSync(keyFile);
    bytes[bytes.indexOf('[TELEFOON-1]') + 2] = 0xff;
    writeFileSync(keyFile, bytes, { mode: 0o600 });
    const r = runCli(['run', study, '--out', out]);
    expect(r.status).toBe(1);
    const line = bytes.subarray(0, bytes.indexOf(0xff)).toString('latin1').split('\n').length;
    expect(r.stderr).toContain(`private/key.csv:${line}: error The key file is damaged (byte`);
    expect(readFileSync(keyFile).equals(bytes)).toBe(true);
  });

  it('a key readable by others is tightened to 0600, with a message', () => {
    const study = plantedStudy();
    const out = join(study, '..', 'out');
    expect(runCli(['ingest', study, '--out', out]).status).toBe(0);
    const keyFile = join(study, '..', 'private/key.csv');
    chmodSync(keyFile, 0o644);
    const r = runCli(['ingest', study, '--out', out]);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(
      /key\.csv was readable by others \(mode 0644\); it is now readable by its owner only \(0600\)/,
    );
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
  });

  it('an output folder that is a symbolic link to the key folder is refused', () => {
    const study = plantedStudy();
    const link = join(study, '..', 'reports-link');
    mkdirSync(join(study, '..', 'private'), { recursive: true });
    symlinkSync(join(study, '..', 'private'), link);
    const r = runCli(['run', study, '--out', link]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('would sit inside the report folder');
    expect(readdirSync(join(study, '..', 'private'))).toEqual([]);
  });
});

describe('privacy-scan', () => {
  it('undoes Markdown escaping, lists every value in every file, and goes on past a binary file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'qualkit-scan-'));
    writeFileSync(join(dir, 'names.csv'), 'name,pseudonym\njv_sneaky,\n');
    writeFileSync(join(dir, 'a-source-book.md'), '| C1.1 | jv\\_sneaky zegt 06\\-12345678 |\n');
    writeFileSync(join(dir, 'b.png.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0x49, 0x48]));
    writeFileSync(join(dir, 'c.csv'), 'text\n06-12345678\nnog eens 06-12345678\n');
    writeFileSync(join(dir, 'd.txt'), 'jv_sneaky 06-12345678\n');
    const r = runCli(['privacy-scan', dir, '--names', join(dir, 'names.csv')]);
    expect(r.status).toBe(1);
    const errors = r.stdout.split('\n').filter((l) => l.includes(' error '));
    expect(errors.map((l) => l.slice(l.lastIndexOf('/', l.indexOf(':')) + 1).replace(/ ".*/, ''))).toEqual([
      'a-source-book.md:1:10: error name from the names file',
      'a-source-book.md:1:26: error phone',
      'c.csv:2:1: error phone',
      'c.csv:3:10: error phone',
      'd.txt:1:1: error name from the names file',
      'd.txt:1:11: error phone',
    ]);
    expect(r.stdout).toMatch(/b\.png\.txt: warning not scanned: not a text file/);
    expect(r.stdout).toMatch(/names\.csv: warning the names file holds the real names by design/);
    expect(r.stderr).toContain('3 file(s) scanned');
  });
});
