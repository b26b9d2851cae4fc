import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { makeDocx } from '../helpers/make-docx.js';
import { CLI, FIXTURES, ROOT, copyStudy, runCli } from '../helpers/run-cli.js';

// Invented identifiers of every kind the detectors know, planted in every input format.
const PLANTED = {
  name: 'Jayden Vos',
  nickname: 'jv_sneaky',
  phoneNl: '06-12345678',
  phoneIntl: '+31 6 2345 6789',
  phone0031: '0031 6 34567890',
  email: 'jayden.vos@example.nl',
  url: 'https://chat.example.nl/profiel/jv',
  handle: '@jv_2009',
  postcode: '5611 AB',
  iban: 'NL91ABNA0417164300',
  bsn: '111222333',
  birthdate: '14-03-2009',
};
const SENSITIVE = [
  PLANTED.name,
  PLANTED.nickname,
  PLANTED.phoneNl,
  PLANTED.phoneIntl,
  PLANTED.phone0031,
  PLANTED.email,
  PLANTED.url,
  PLANTED.handle,
  PLANTED.postcode,
  PLANTED.iban,
  PLANTED.bsn,
  PLANTED.birthdate,
];

function plantedStudy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'qualkit-pii-'));
  mkdirSync(join(dir, 'sources'));
  mkdirSync(join(dir, 'codings'));
  const P = PLANTED;
  writeFileSync(
    join(dir, 'sources/B1.txt'),
    `Interview B1\n\nI: Hoe heet hij?\nR: Hij heet ${P.name}, geboren op ${P.birthdate}.\nI: En verder?\nR: Hij woont bij ${P.postcode} en zijn bsn is ${P.bsn}.\n`,
  );
  writeFileSync(
    join(dir, 'sources/B2.md'),
    `# B2\n\n**Interviewer:** Contact?\n\n**Noor:** Mail ${P.email} of bel ${P.phoneNl}.\n\n**Interviewer:** Dank.\n\n**Noor:** Zijn rekening is ${P.iban}.\n`,
  );
  writeFileSync(
    join(dir, 'sources/B3.vtt'),
    `WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\n<v Ilse>Waar vind je hem?</v>\n\n2\n00:00:02.000 --> 00:00:05.000\n<v Karim>Op ${P.url} en als ${P.handle}.</v>\n`,
  );
  writeFileSync(
    join(dir, 'sources/B4.srt'),
    `1\n00:00:01,000 --> 00:00:02,000\nInterviewer: Nummer?\n\n2\n00:00:02,000 --> 00:00:04,000\nKarim: ${P.phoneIntl}, zegt ${P.name}.\n`,
  );
  writeFileSync(
    join(dir, 'sources/C1.txt'),
    `14-02-2026 21:03 - Outreach: Hoi ${P.nickname}!\n14-02-2026 21:05 - ${P.nickname}: bel ${P.phone0031}\n14-02-2026 21:06 - Outreach: Ok.\n14-02-2026 21:07 - ${P.nickname}: of mail ${P.email}\n`,
  );
  writeFileSync(
    join(dir, 'sources/C2.txt'),
    `[14-02-2026 20:01:10] Outreach: Hey\n[14-02-2026 20:02:30] ${P.name}: ik ben ${P.name}, ${P.handle}\n`,
  );
  writeFileSync(
    join(dir, 'sources/C3.csv'),
    `timestamp,sender,message\n2026-03-01T10:00:00,hulpverlener,Hoi\n2026-03-01T10:01:00,${P.nickname},"mijn iban ${P.iban}, bsn ${P.bsn}"\n`,
  );
  writeFileSync(
    join(dir, 'codebook.csv'),
    'subquestion,main_no,main_label,core_letter,core_label,definition\n1,1,Thema,A,Contact,x\n1,1,Thema,B,Geld,y\n',
  );
  writeFileSync(join(dir, 'names.csv'), `name,pseudonym\n${P.name},\n${P.nickname},\n`);
  writeFileSync(join(dir, 'codings/anna.csv'), 'fragment,label\nB1.1,1.A\nB2.2,1.B\nC1.1,1.A\nC3.1,1.B\n');
  writeFileSync(join(dir, 'codings/bram.csv'), 'fragment,label\nB1.1,1.A\nB2.2,1.A\nC1.1,1.A\n');
  writeFileSync(
    join(dir, 'qualkit.json'),
    JSON.stringify({
      study: 'Planted identifiers',
      codebooks: [{ id: 'cb', file: 'codebook.csv' }],
      groups: [
        { letter: 'B', name: 'Prof', kind: 'interview', codebook: 'cb' },
        { letter: 'C', name: 'Chat', kind: 'chat', codebook: 'cb' },
      ],
      respondents: ['B1', 'B2', 'B3', 'B4', 'C1', 'C2', 'C3'].map((id) => ({ id })),
      sources: [
        { file: 'sources/B1.txt', respondent: 'B1', speaker: 'R' },
        { file: 'sources/B2.md', respondent: 'B2', speaker: 'Noor' },
        { file: 'sources/B3.vtt', respondent: 'B3', speaker: 'Karim' },
        { file: 'sources/B4.srt', respondent: 'B4', speaker: 'Karim' },
        { file: 'sources/C1.txt', respondent: 'C1', speaker: P.nickname },
        { file: 'sources/C2.txt', respondent: 'C2', speaker: P.name },
        { file: 'sources/C3.csv', respondent: 'C3', speaker: P.nickname },
      ],
      coders: [
        { name: 'anna', file: 'codings/anna.csv' },
        { name: 'bram', file: 'codings/bram.csv' },
      ],
      privacy: { names: 'names.csv', key: 'private/key.csv' },
    }),
  );
  return dir;
}

const allOutput = (dir: string) =>
  readdirSync(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')] as const);
const digits = (s: string) => s.replace(/\D/g, '');

describe('pseudonymisation at ingest', () => {
  const study = plantedStudy();
  const out = join(study, 'reports');
  const run = runCli(['run', study, '--out', out]);

  it('runs cleanly', () => {
    expect(run.stderr).toContain('→ 14 files');
    expect(run.status).toBe(0);
  });

  it('no planted identifier reaches any output, in any spelling of its digits', () => {
    for (const [file, content] of allOutput(out)) {
      for (const value of SENSITIVE)
        expect({ file, found: content.includes(value) }).toEqual({ file, found: false });
      for (const value of [PLANTED.phoneNl, PLANTED.phoneIntl, PLANTED.phone0031, PLANTED.bsn, PLANTED.iban])
        expect({ file, found: digits(content).includes(digits(value).slice(-8)) }).toEqual({
          file,
          found: false,
        });
    }
  });

  it('replaces each value by the same placeholder everywhere', () => {
    const rows = parse(readFileSync(join(out, 'source-book.csv'), 'utf8'), { columns: true }) as Record<
      string,
      string
    >[];
    const text = Object.fromEntries(rows.map((r) => [r.code, r.text]));
    expect(text['B1.1']).toBe('Hij heet [PERSOON-1], geboren op [GEBOORTEDATUM-1].');
    expect(text['B4.1']).toBe('[TELEFOON-2], zegt [PERSOON-1].');
    expect(text['C2.1']).toBe('ik ben [PERSOON-1], [HANDLE-1]');
    expect(rows.find((r) => r.code === 'C2.1')!.speaker).toBe('[PERSOON-1]');
    expect(text['C1.2']).toBe('of mail [EMAIL-1]');
  });

  it('writes the key outside the reports, readable by its owner only, and it restores every value', () => {
    const keyFile = join(study, 'private/key.csv');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const key = parse(readFileSync(keyFile, 'utf8'), { columns: true }) as {
      placeholder: string;
      kind: string;
      original: string;
    }[];
    expect(new Set(key.map((k) => k.kind))).toEqual(
      new Set(['name', 'phone', 'email', 'url', 'handle', 'postcode', 'iban', 'bsn', 'birthdate']),
    );
    const restore = (s: string) => key.reduce((t, k) => t.split(k.placeholder).join(k.original), s);
    const book = restore(readFileSync(join(out, 'source-book.md'), 'utf8'));
    for (const value of SENSITIVE)
      expect({ value, restored: book.includes(value) }).toEqual({ value, restored: true });
  });

  it('keeps placeholders the same on a second run (the key is reused)', () => {
    const before = readFileSync(join(out, 'source-book.csv'), 'utf8');
    expect(runCli(['run', study, '--out', out]).status).toBe(0);
    expect(readFileSync(join(out, 'source-book.csv'), 'utf8')).toBe(before);
  });

  it('privacy-scan finds every planted value in the sources, with file and line, and nothing in the reports', () => {
    const sources = runCli(['privacy-scan', join(study, 'sources'), '--study', study]);
    expect(sources.status).toBe(1);
    const kinds = new Set([...sources.stdout.matchAll(/\[privacy\/(\w+)\]/g)].map((m) => m[1]));
    expect(kinds).toEqual(
      new Set(['name', 'phone', 'email', 'url', 'handle', 'postcode', 'iban', 'bsn', 'birthdate']),
    );
    expect(sources.stdout).toMatch(
      /sources\/B1\.txt:4:\d+: error birthdate "14••••••09" \[privacy\/birthdate\]/,
    );
    for (const value of SENSITIVE) expect(sources.stdout).not.toContain(value);
    const reports = runCli(['privacy-scan', out, '--study', study]);
    expect(reports.stdout).toBe('');
    expect(reports.status).toBe(0);
  });

  it('privacy-scan reads .docx exports too and never scans the key file', () => {
    writeFileSync(join(out, 'handout.docx'), makeDocx(['Contact: ' + PLANTED.email]));
    const r = runCli(['privacy-scan', study, '--study', study]);
    expect(r.stdout).toMatch(/reports\/handout\.docx:1:\d+: error email/);
    expect(r.stdout).toMatch(/private\/key\.csv: warning the key file holds the originals by design/);
  });
});

describe('run refuses to leak', () => {
  it('writes nothing when pseudonymisation is off and identifiers would reach the reports', () => {
    const study = plantedStudy();
    const config = JSON.parse(readFileSync(join(study, 'qualkit.json'), 'utf8'));
    config.privacy.pseudonymise = false;
    writeFileSync(join(study, 'qualkit.json'), JSON.stringify(config));
    const out = join(study, 'reports');
    const r = runCli(['run', study, '--out', out]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('identifiers would reach the reports; nothing was written');
    expect(r.stderr).toMatch(/source-book\.csv:\d+:\d+: error phone "06•••••••78"/);
    expect(() => readdirSync(out)).toThrow();
  });

  it('refuses a key file inside the report folder', () => {
    const study = plantedStudy();
    const r = runCli(['run', study, '--out', join(study, 'private')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('would sit inside the report folder');
  });
});

describe('sharing level counts', () => {
  it('leaves every fragment text out of every output', () => {
    const out = mkdtempSync(join(tmpdir(), 'qualkit-counts-'));
    expect(runCli(['run', join(FIXTURES, 'studies/mini'), '--out', out, '--share', 'counts']).status).toBe(0);
    const texts = (
      parse(runCli(['ingest', join(FIXTURES, 'studies/mini'), '--format', 'csv']).stdout, {
        columns: true,
      }) as { text: string; context: string }[]
    )
      .flatMap((r) => [r.text, r.context])
      .filter((t) => t.length > 8);
    expect(texts.length).toBeGreaterThan(10);
    const files = allOutput(out);
    expect(files.map(([f]) => f)).not.toContain('source-book.md');
    for (const [file, content] of files)
      for (const t of texts)
        expect({ file, text: t, found: content.includes(t) }).toEqual({ file, text: t, found: false });
    expect(readFileSync(join(out, 'source-book.csv'), 'utf8').split('\n')[0]).toBe(
      'code,group,interview,respondent,source,line,labels',
    );
  });

  it('can be set in the config', () => {
    const study = copyStudy('mini');
    const config = JSON.parse(readFileSync(join(study, 'qualkit.json'), 'utf8'));
    config.privacy = { share: 'counts' };
    writeFileSync(join(study, 'qualkit.json'), JSON.stringify(config));
    const out = join(study, 'out');
    expect(runCli(['run', study, '--out', out]).status).toBe(0);
    expect(readFileSync(join(out, 'index.html'), 'utf8')).not.toContain('<blockquote>');
  });
});

describe('no network', () => {
  const guarded = (args: string[]) =>
    spawnSync(process.execPath, ['--import', join(ROOT, 'test/helpers/network-guard.mjs'), CLI, ...args], {
      cwd: ROOT,
      encoding: 'utf8',
    });

  it('the guard itself catches a network module (control)', () => {
    const r = spawnSync(
      process.execPath,
      ['--import', join(ROOT, 'test/helpers/network-guard.mjs'), '-e', "import('node:https')"],
      { encoding: 'utf8' },
    );
    expect(r.status).toBe(99);
  });

  it.each([
    [['run', 'data-sample', '--out', mkdtempSync(join(tmpdir(), 'qualkit-net-'))]],
    [['ingest', 'data-sample', '--format', 'json']],
    [['agree', 'data-sample', '--disagreements']],
    [['freq', 'data-sample', '--cooccurrence']],
    [['privacy-scan', 'data-sample/sources', '--study', 'data-sample']],
    [['--help']],
    [['code', '--help']],
  ])('qualkit %j loads no http, https, net, tls, dgram or http2 module', (args) => {
    const r = guarded(args);
    expect(r.stderr).not.toContain('NETWORK-MODULE');
    expect(r.status === 0 || r.status === 1).toBe(true);
  });

  it('qualkit code is the one command that loads node:http (once the study’s config is read, to serve the page)', () => {
    const r = guarded(['code', 'data-sample', '--coder', 'anna']);
    expect(r.status).toBe(99);
    expect(r.stderr).toContain('NETWORK-MODULE imported: node:http');
    // With node:http allowed it serves; test/code-page/code-server.test.ts runs its whole session guarded
    // (no https, net, tls, dgram or http2, and no outgoing connection).
  });

  it('not even when reading a .docx draft through mammoth', () => {
    const dir = mkdtempSync(join(tmpdir(), 'qualkit-net-docx-'));
    writeFileSync(join(dir, 'd.docx'), makeDocx(['Zie [C1.1].']));
    const r = guarded(['cite-check', join(dir, 'd.docx'), '--study', 'data-sample']);
    expect(r.stderr).not.toContain('NETWORK-MODULE');
    expect(r.status).toBe(0);
  });
});
