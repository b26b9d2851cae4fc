import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

/*
 * A study built for the needs analysis, worked out by hand:
 *   S (students, chat, perspective self): S1 forens (commuter), S2 forens, S3 internationaal
 *   P (professionals, interview): P1, no type
 * Codebook cb: 1.A Geld op, 1.B Onderdak, 1.C Steun. Custom needs set, in a file named
 * needs.csv: Geld (1.A, praktisch), Onderdak (1.B, praktisch), Steun (1.C, hulpverlening).
 * Codings:
 *   S1.1 1.A                         a commuter about her own money       → self forens
 *   S1.2 1.A type verpleegkunde      a commuter about nursing students    → others verpleegkunde
 *   S2.1 1.B contradicts             a commuter: housing is no problem    → self forens, contradicting
 *   S2.2 1.B contradicts, type gelukszoekers                              → others gelukszoekers, contradicting
 *   P1.1 1.B type verpleegkunde                                           → others verpleegkunde
 *   P1.2 1.C type gelukszoekers                                           → others gelukszoekers
 * S3 (internationaal) has a fragment but no need coded, and nobody speaks about the type.
 */
function needsStudy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'qualkit-needs-'));
  mkdirSync(join(dir, 'sources'));
  writeFileSync(
    join(dir, 'cb.csv'),
    'subquestion,main_no,main_label,core_letter,core_label,definition\n1,1,Behoeften,A,Geld op,\n1,1,Behoeften,B,Onderdak,\n1,1,Behoeften,C,Steun,\n',
  );
  writeFileSync(
    join(dir, 'needs.csv'),
    'theme,category,description,codebook,label\nGeld,praktisch,Geld tot het eind van de maand.,cb,1.A\nOnderdak,praktisch,Een kamer.,cb,1.B\nSteun,hulpverlening,Iemand die luistert.,cb,1.C\n',
  );
  writeFileSync(
    join(dir, 'signals.csv'),
    'theme,category,description,codebook,label\nGeldgebrek,materieel,Geen geld.,cb,1.A\n',
  );
  const chat = (who: string, lines: string[]) =>
    'timestamp,sender,message\n' +
    lines.map((l, i) => `${2 * i + 1},hulp,Vraag\n${2 * i + 2},${who},${l}`).join('\n') +
    '\n';
  writeFileSync(
    join(dir, 'sources/S1.csv'),
    chat('sam', [
      'Mijn geld is aan het eind van de maand altijd op.',
      'Verpleegkundestudenten hebben nooit geld over.',
    ]),
  );
  writeFileSync(
    join(dir, 'sources/S2.csv'),
    chat('kim', [
      'Een kamer vinden was voor mij geen enkel probleem.',
      'Gelukszoekers vinden ook wel een kamer zeggen ze.',
    ]),
  );
  writeFileSync(join(dir, 'sources/S3.csv'), chat('lee', ['Ik studeer hier sinds september.']));
  writeFileSync(
    join(dir, 'sources/P1.txt'),
    'I: Vraag?\nR: Verpleegkundestudenten zoeken vaak een kamer dicht bij het ziekenhuis.\nI: En?\nR: Gelukszoekers hebben vooral iemand nodig die luistert.\n',
  );
  writeFileSync(
    join(dir, 'codings.csv'),
    'fragment,label,memo,stance,type\nS1.1,1.A,,,\nS1.2,1.A,,,verpleegkunde\nS2.1,1.B,,contradicts,\nS2.2,1.B,,contradicts,gelukszoekers\nP1.1,1.B,,,verpleegkunde\nP1.2,1.C,,,gelukszoekers\n',
  );
  writeFileSync(
    join(dir, 'qualkit.json'),
    JSON.stringify({
      study: 'Needs fixture',
      codebooks: [{ id: 'cb', file: 'cb.csv' }],
      groups: [
        { letter: 'S', name: 'Studenten', kind: 'chat', codebook: 'cb' },
        { letter: 'P', name: 'Professionals', kind: 'interview', codebook: 'cb' },
      ],
      respondents: [
        { id: 'S1', attributes: { type: 'forens' } },
        { id: 'S2', attributes: { type: 'forens' } },
        { id: 'S3', attributes: { type: 'internationaal' } },
        { id: 'P1' },
      ],
      sources: [
        { file: 'sources/S1.csv', respondent: 'S1', speaker: 'sam' },
        { file: 'sources/S2.csv', respondent: 'S2', speaker: 'kim' },
        { file: 'sources/S3.csv', respondent: 'S3', speaker: 'lee' },
        { file: 'sources/P1.txt', respondent: 'P1', speaker: 'R' },
      ],
      coders: [{ name: 'anna', file: 'codings.csv' }],
      privacy: { pseudonymise: false },
      triangulation: {
        themes: [{ set: 'needs.csv', needs: true, title: 'Behoeften per type' }, 'signals.csv'],
      },
    }),
  );
  return dir;
}

const e = (fragments: number, respondents: number, contradicting = 0) => ({
  fragments,
  respondents,
  contradicting,
});

describe('needs per respondent type', () => {
  const dir = needsStudy();
  const needsJson = runCli([
    'triangulate',
    dir,
    '--themes',
    join(dir, 'needs.csv'),
    '--needs',
    '--format',
    'json',
  ]);
  const data = JSON.parse(needsJson.stdout);
  const row = (need: string) =>
    data.needs.categories
      .flatMap((c: { rows: unknown[] }) => c.rows)
      .find((r: { need: string }) => r.need === need);

  it('lists the types the study has, reference types only when used', () => {
    expect(needsJson.status).toBe(0);
    expect(data.needs.types.map((t: { name: string }) => t.name)).toEqual([
      'gelukszoekers',
      'forens',
      'internationaal',
      'verpleegkunde',
    ]);
    expect(data.needs.types.map((t: { selfRespondents: number }) => t.selfRespondents)).toEqual([0, 2, 1, 0]);
  });

  it("counts a self group's coding about another type under others for that type, not as its self-report", () => {
    // Geld: S1.1 is the commuter's own; S1.2 is a commuter speaking about nursing students.
    expect(row('Geld').cells).toEqual([
      { self: e(0, 0), others: e(0, 0) },
      { self: e(1, 1), others: e(0, 0) },
      { self: e(0, 0), others: e(0, 0) },
      { self: e(0, 0), others: e(1, 1) },
    ]);
  });

  it('counts contradicting codings apart, also when they name a type', () => {
    // Onderdak: S2.1 contradicts (commuter, self); S2.2 contradicts about gelukszoekers; P1.1 states it for verpleegkunde.
    expect(row('Onderdak').cells).toEqual([
      { self: e(0, 0), others: e(0, 0, 1) },
      { self: e(0, 0, 1), others: e(0, 0) },
      { self: e(0, 0), others: e(0, 0) },
      { self: e(0, 0), others: e(1, 1) },
    ]);
    expect(row('Steun').cells[0]).toEqual({ self: e(0, 0), others: e(1, 1) });
  });

  it('flags a gap only where others speak and nobody of the type does; a type nobody speaks about is not covered', () => {
    expect(
      data.needs.types.map((t: { name: string; coverage: string; gap: boolean; notCovered: boolean }) => [
        t.name,
        t.coverage,
        t.gap,
        t.notCovered,
      ]),
    ).toEqual([
      ['gelukszoekers', 'others only', true, false],
      ['forens', 'self', false, false],
      ['internationaal', 'not covered', false, true],
      ['verpleegkunde', 'others only', true, false],
    ]);
    expect(data.needs.gaps).toEqual(['gelukszoekers', 'verpleegkunde']);
    expect(data.needs.notCovered).toEqual(['internationaal']);
  });

  it('gives numbers and lists in JSON', () => {
    const geld = data.themes.find((t: { name: string }) => t.name === 'Geld');
    expect(geld.labels).toEqual([{ codebook: 'cb', labels: ['1.A'] }]);
    expect(geld.groupsNaming).toEqual(['S']);
    const verpleegkunde = data.needs.perType.find((t: { type: string }) => t.type === 'verpleegkunde');
    expect(verpleegkunde.categories).toEqual([
      {
        name: 'praktisch',
        self: [],
        others: [
          { need: 'Geld', ...e(1, 1) },
          { need: 'Onderdak', ...e(1, 1) },
        ],
      },
      { name: 'hulpverlening', self: [], others: [] },
    ]);
  });

  it('says all of it in the Markdown report', () => {
    const md = runCli(['triangulate', dir, '--themes', join(dir, 'needs.csv'), '--needs']).stdout;
    expect(md).toContain('| Geld | · | · | 1 / 1 | · | · | · | · | 1 / 1 |');
    expect(md).toContain('| Onderdak | · | 1 contra | 1 contra | · | · | · | · | 1 / 1 |');
    expect(md).toContain('**No self-reported needs** for: gelukszoekers, verpleegkunde.');
    expect(md).toContain('**Not covered**: internationaal. Nobody in the study');
    expect(md).toContain('#### internationaal — not covered');
    expect(md).toContain('| praktisch | – | Geld (1 / 1); Onderdak (1 / 1) |');
    expect(md).not.toMatch(/gemarginaliseerden|slachtoffers|bijverdieners/);
  });

  it('adds needs and the signal map to a set of your own only when asked, whatever its file is called', () => {
    const plain = JSON.parse(
      runCli(['triangulate', dir, '--themes', join(dir, 'needs.csv'), '--format', 'json']).stdout,
    );
    expect(plain.needs).toBeNull();
    expect(plain.set.title).toBe('Triangulation: needs');
    const signals = JSON.parse(
      runCli(['triangulate', dir, '--themes', join(dir, 'signals.csv'), '--format', 'json']).stdout,
    );
    expect(signals.signalMap).toBeNull();
    const asked = JSON.parse(
      runCli(['triangulate', dir, '--themes', join(dir, 'signals.csv'), '--signal-map', '--format', 'json'])
        .stdout,
    );
    expect(asked.signalMap.map((s: { name: string; fragments: number }) => [s.name, s.fragments])).toEqual([
      ['Geldgebrek', 2],
    ]);
    // The shipped needs set keeps its default, and --no-needs leaves it out.
    const shipped = runCli(['triangulate', dir, '--themes', 'needs', '--no-needs', '--format', 'json']);
    expect(JSON.parse(shipped.stdout).needs).toBeNull();
  });

  it('takes needs, signalMap and title from triangulation.themes in qualkit run', () => {
    const out = join(dir, 'reports');
    const r = runCli(['run', dir, '--out', out]);
    expect(r.status).toBe(0);
    const needsMd = readFileSync(join(out, 'triangulation-needs.md'), 'utf8');
    expect(needsMd).toMatch(/^# Behoeften per type\n/);
    expect(needsMd).toContain('## Needs × respondent type');
    const signalsMd = readFileSync(join(out, 'triangulation-signals.md'), 'utf8');
    expect(signalsMd).toMatch(/^# Triangulation: signals\n/);
    expect(signalsMd).not.toContain('## Signal map');
  });

  it('names a wrong triangulation.themes entry by its field', () => {
    const config = JSON.parse(readFileSync(join(dir, 'qualkit.json'), 'utf8'));
    config.triangulation.themes = [{ set: 'needs.csv', needs: 'yes' }, { signalMap: true }];
    writeFileSync(join(dir, 'bad.json'), JSON.stringify(config, null, 2));
    const r = runCli(['validate', join(dir, 'bad.json')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /error triangulation\.themes\[0\]\.needs: Invalid input: expected boolean, received string/,
    );
    expect(r.stderr).toMatch(/error triangulation\.themes\[1\]\.set: missing: expected string/);
  });

  it("says when no row of a theme set names one of the study's codebooks", () => {
    const r = runCli(['triangulate', dir, '--themes', 'barriers']);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain(
      'warning no row of theme set "barriers" names a codebook of this study (the set names dv2, dv3, dv4; the study has cb): every theme reads n/a [themes/no-codebook]',
    );
    expect(r.stdout).toContain(
      '**Note:** no row of theme set "barriers" names a codebook of this study (the set names dv2, dv3, dv4; the study has cb): every theme reads n/a.',
    );
    const html = runCli(['triangulate', dir, '--themes', 'barriers', '--format', 'html']).stdout;
    expect(html).toContain('<p class="gap">Note: no row of theme set &quot;barriers&quot; names a codebook');
    // A set that names a codebook of the study says nothing of the kind.
    expect(runCli(['triangulate', dir, '--themes', join(dir, 'needs.csv')]).stderr).toBe('');
  });
});
