import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { convergenceVerdict, type TriangulationCell } from '../../src/analysis/triangulate.js';
import { readLiterature } from '../../src/readers/read-literature.js';
import { runCli } from '../helpers/run-cli.js';

/*
 * A small study, worked out by hand:
 *   P (professionals, interview, codebook cb1): P1, P2 — no type
 *   Y (young people, chat, cb1): Y1 gelukszoekers, Y2 bijverdieners
 *   L (literature, cb2): L1 (2 excerpts), L2 (1 excerpt)
 * Theme set: Schaamte (cb1 1.A, cb2 1.A), Angst (cb1 1.B only), Onderdak (cb1 2.A, cb2 1.C),
 *            Geld (cb1 2.B, cb2 1.B), Drugs (cb1 3.A, never coded).
 * Codings: P1.1 1.A | P1.2 2.A type gelukszoekers | P2.1 1.A | P2.2 2.B type bijverdieners
 *          Y1.1 1.A | Y1.2 2.A | Y2.1 2.B | Y2.2 1.B
 *          L1.1 1.A contradicts | L1.2 1.C type gelukszoekers | L2.1 1.A contradicts
 */
function fixtureStudy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'qualkit-tri-'));
  mkdirSync(join(dir, 'sources'));
  writeFileSync(
    join(dir, 'cb1.csv'),
    'subquestion,main_no,main_label,core_letter,core_label,definition\n1,1,Drempels,A,Schaamte,\n1,1,Drempels,B,Angst,\n1,2,Behoeften,A,Onderdak,\n1,2,Behoeften,B,Geld,\n1,3,Middelen,A,Drugs,\n',
  );
  writeFileSync(
    join(dir, 'cb2.csv'),
    'subquestion,main_no,main_label,core_letter,core_label,definition\nL,1,Literatuur,A,Taboe,\nL,1,Literatuur,B,Geldzorgen,\nL,1,Literatuur,C,Slaapplek,\n',
  );
  writeFileSync(
    join(dir, 'themes.csv'),
    'theme,category,description,codebook,label\nSchaamte,persoonlijk,Schaamte als drempel.,cb1,1.A\nSchaamte,persoonlijk,Schaamte als drempel.,cb2,1.A\nAngst,persoonlijk,Angst.,cb1,1.B\nOnderdak,praktisch,Een slaapplek.,cb1,2.A\nOnderdak,praktisch,Een slaapplek.,cb2,1.C\nGeld,praktisch,Inkomen.,cb1,2.B\nGeld,praktisch,Inkomen.,cb2,1.B\nDrugs,praktisch,Middelen.,cb1,3.A\n',
  );
  writeFileSync(
    join(dir, 'sources/P1.txt'),
    'I: Vraag?\nR: Ze schamen zich diep voor wat ze doen.\nI: En?\nR: Gelukszoekers hebben eerst een bed nodig.\n',
  );
  writeFileSync(
    join(dir, 'sources/P2.txt'),
    'I: Vraag?\nR: Schaamte houdt ze weg bij ons.\nI: En?\nR: Bijverdieners willen vooral geld.\n',
  );
  writeFileSync(
    join(dir, 'sources/Y1.txt'),
    '14-02-2026 21:03 - Outreach: Hoi\n14-02-2026 21:04 - Ali: ik schaam me <b>echt</b>\n14-02-2026 21:05 - Outreach: Ok\n14-02-2026 21:06 - Ali: ik heb geen plek om te slapen\n',
  );
  writeFileSync(
    join(dir, 'sources/Y2.csv'),
    'timestamp,sender,message\n1,hulp,Hoi\n2,sam,ik wil gewoon geld verdienen\n3,hulp,Ok\n4,sam,soms ben ik bang\n',
  );
  writeFileSync(
    join(dir, 'sources/lit.csv'),
    'reference,page,excerpt\nAuteur A (2020) fictief,3,Schaamte bleek geen drempel te zijn.\nAuteur A (2020) fictief,7,Gelukszoekers noemen een slaapplek als eerste behoefte.\nAuteur B (2021) fictief,12,Ook hier speelde schaamte nauwelijks een rol.\n',
  );
  writeFileSync(
    join(dir, 'codings.csv'),
    'fragment,label,stance,type\nP1.1,1.A,,\nP1.2,2.A,,gelukszoekers\nP2.1,1.A,,\nP2.2,2.B,,bijverdieners\nY1.1,1.A,,\nY1.2,2.A,,\nY2.1,2.B,,\nY2.2,1.B,,\nL1.1,1.A,contradicts,\nL1.2,1.C,,gelukszoekers\nL2.1,1.A,contradicts,\n',
  );
  writeFileSync(
    join(dir, 'qualkit.json'),
    JSON.stringify({
      study: 'Triangulation fixture',
      codebooks: [
        { id: 'cb1', file: 'cb1.csv' },
        { id: 'cb2', file: 'cb2.csv' },
      ],
      groups: [
        { letter: 'P', name: 'Professionals', kind: 'interview', codebook: 'cb1' },
        { letter: 'Y', name: 'Jongeren', kind: 'chat', codebook: 'cb1' },
        { letter: 'L', name: 'Literatuur', kind: 'literature', codebook: 'cb2' },
      ],
      respondents: [
        { id: 'P1' },
        { id: 'P2' },
        { id: 'Y1', attributes: { type: 'gelukszoekers' } },
        { id: 'Y2', attributes: { type: 'bijverdieners' } },
      ],
      sources: [
        { file: 'sources/P1.txt', respondent: 'P1', speaker: 'R' },
        { file: 'sources/P2.txt', respondent: 'P2', speaker: 'R' },
        { file: 'sources/Y1.txt', respondent: 'Y1', speaker: 'Ali' },
        { file: 'sources/Y2.csv', respondent: 'Y2', speaker: 'sam' },
        { file: 'sources/lit.csv', group: 'L' },
      ],
      coders: [{ name: 'anna', file: 'codings.csv' }],
      privacy: { pseudonymise: false },
      triangulation: { themes: ['themes.csv'] },
    }),
  );
  return dir;
}

describe('qualkit triangulate', () => {
  const dir = fixtureStudy();
  const json = runCli([
    'triangulate',
    dir,
    '--themes',
    join(dir, 'themes.csv'),
    '--format',
    'json',
    '--by-type',
    '--signal-map',
  ]);
  const data = JSON.parse(json.stdout);
  const theme = (name: string) => data.themes.find((t: { name: string }) => t.name === name);

  it('reads the literature file as group L, one respondent per publication', () => {
    expect(json.status).toBe(0);
    expect(data.groups).toEqual([
      { letter: 'P', name: 'Professionals', perspective: 'professional', respondents: 2 },
      { letter: 'Y', name: 'Jongeren', perspective: 'self', respondents: 2 },
      { letter: 'L', name: 'Literatuur', perspective: 'literature', respondents: 2 },
    ]);
  });

  it('fills the convergence matrix with fragments / respondents, silent and n/a cells, as worked out by hand', () => {
    expect(
      data.themes.map((t: { name: string; cells: { text: string }[] }) => [
        t.name,
        ...t.cells.map((c) => c.text),
      ]),
    ).toEqual([
      ['Schaamte', '2 / 2', '1 / 1', '2 / 2 (2 contra)'],
      ['Angst', 'silent', '1 / 1', 'n/a'],
      ['Onderdak', '1 / 1', '1 / 1', '1 / 1'],
      ['Geld', '1 / 1', '1 / 1', 'silent'],
      ['Drugs', 'silent', 'silent', 'n/a'],
    ]);
  });

  it('gives the Farmer et al. verdicts worked out by hand', () => {
    // Schaamte: P and Y support, L's evidence contradicts → dissonance. Angst: P and Y can speak, only Y does → silence.
    // Onderdak: all three → agreement. Geld: P and Y but not L → partial agreement. Drugs: nobody → no evidence.
    expect(data.themes.map((t: { name: string; verdict: string }) => [t.name, t.verdict])).toEqual([
      ['Schaamte', 'dissonance'],
      ['Angst', 'silence'],
      ['Onderdak', 'agreement'],
      ['Geld', 'partial agreement'],
      ['Drugs', 'no evidence'],
    ]);
  });

  it('shows the contradicting quotes for a contradicting cell, with their codes', () => {
    expect(theme('Schaamte').cells[2].quotes).toEqual([
      { code: 'L1.1', text: 'Schaamte bleek geen drempel te zijn.', stance: 'contradicts' },
      { code: 'L2.1', text: 'Ook hier speelde schaamte nauwelijks een rol.', stance: 'contradicts' },
    ]);
    expect(theme('Schaamte').cells[0].quotes.map((q: { code: string }) => q.code)).toEqual(['P1.1', 'P2.1']);
  });

  it('tabulates needs per type, self-reported apart from what others say, as worked out by hand', () => {
    // Only the types the study has (respondent attributes and coding types), reference order.
    expect(data.needs.types).toEqual([
      { name: 'gelukszoekers', selfRespondents: 1, coverage: 'self', gap: false, notCovered: false },
      { name: 'bijverdieners', selfRespondents: 1, coverage: 'self', gap: false, notCovered: false },
    ]);
    const row = (need: string) =>
      data.needs.categories
        .flatMap((c: { rows: unknown[] }) => c.rows)
        .find((r: { need: string }) => r.need === need);
    const e = (fragments: number, respondents: number, contradicting = 0) => ({
      fragments,
      respondents,
      contradicting,
    });
    // Onderdak: self Y1.2 (gelukszoeker); others P1.2 and L1.2, both about gelukszoekers.
    expect(row('Onderdak').cells[0]).toEqual({ self: e(1, 1), others: e(2, 2) });
    // Geld: self Y2.1 (bijverdiener); others P2.2 about bijverdieners.
    expect(row('Geld').cells[1]).toEqual({ self: e(1, 1), others: e(1, 1) });
    // Schaamte: self Y1.1 (gelukszoeker); the professionals and literature name no type.
    expect(row('Schaamte').cells[0]).toEqual({ self: e(1, 1), others: e(0, 0) });
    expect(data.needs.gaps).toEqual([]);
    expect(data.needs.notCovered).toEqual([]);
  });

  it('lists the signal map by evidence, with the groups that name each theme', () => {
    expect(
      data.signalMap.map(
        (s: { name: string; fragments: number; groups: { letter: string; name: string }[] }) => [
          s.name,
          s.fragments,
          s.groups.map((g) => `${g.letter} ${g.name}`).join('; '),
        ],
      ),
    ).toEqual([
      ['Schaamte', 5, 'P Professionals; Y Jongeren; L Literatuur'],
      ['Onderdak', 3, 'P Professionals; Y Jongeren; L Literatuur'],
      ['Geld', 2, 'P Professionals; Y Jongeren'],
      ['Angst', 1, 'Y Jongeren'],
      ['Drugs', 0, ''],
    ]);
  });

  it('renders Markdown and HTML with transcript text escaped, and takes a template of your own', () => {
    const html = runCli(['triangulate', dir, '--themes', join(dir, 'themes.csv'), '--format', 'html']).stdout;
    expect(html).toContain('Y1.1</b> ik schaam me &lt;b&gt;echt&lt;/b&gt;');
    expect(html).not.toContain('<b>echt</b>');
    const md = runCli(['triangulate', dir, '--themes', join(dir, 'themes.csv')]).stdout;
    expect(md).toContain('| Schaamte | 2 / 2 | 1 / 1 | 2 / 2 (2 contra) | **dissonance** |');
    writeFileSync(join(dir, 'mine.md.hbs'), '{{#each themes}}{{name}}={{verdict}};{{/each}}');
    expect(
      runCli([
        'triangulate',
        dir,
        '--themes',
        join(dir, 'themes.csv'),
        '--template',
        join(dir, 'mine.md.hbs'),
      ]).stdout,
    ).toBe('Schaamte=dissonance;Angst=silence;Onderdak=agreement;Geld=partial agreement;Drugs=no evidence;');
  });

  it('leaves quotes out at sharing level counts', () => {
    const counts = JSON.parse(
      runCli([
        'triangulate',
        dir,
        '--themes',
        join(dir, 'themes.csv'),
        '--format',
        'json',
        '--share',
        'counts',
      ]).stdout,
    );
    expect(
      counts.themes.flatMap((t: { cells: { quotes: unknown[] }[] }) => t.cells.flatMap((c) => c.quotes)),
    ).toEqual([]);
  });

  it('is written by qualkit run when the config names theme sets, and linked from the index', () => {
    const out = join(dir, 'reports');
    expect(runCli(['run', dir, '--out', out]).status).toBe(0);
    expect(readFileSync(join(out, 'triangulation-themes.md'), 'utf8')).toContain('**dissonance**');
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toContain(
      '<a href="triangulation-themes.html">triangulation-themes.html</a>',
    );
  });

  it('names a label the theme set maps that the codebook lacks', () => {
    writeFileSync(join(dir, 'bad.csv'), 'theme,category,description,codebook,label\nX,,,cb1,9.Z\n');
    const r = runCli(['triangulate', dir, '--themes', join(dir, 'bad.csv')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/bad\.csv:2: error Unknown label 9\.Z in codebook cb1/);
  });
});

describe('convergenceVerdict', () => {
  const cell = (over: Partial<TriangulationCell>): TriangulationCell => ({
    group: 'X',
    applicable: true,
    fragments: 0,
    respondents: 0,
    supporting: 0,
    contradicting: 0,
    contradicts: false,
    silent: true,
    quotes: [],
    ...over,
  });
  it('needs two groups that can speak to a theme', () => {
    expect(convergenceVerdict([cell({ fragments: 3, silent: false }), cell({ applicable: false })])).toBe(
      'one source only',
    );
  });
  it('counts groups that all contradict as agreeing with each other', () => {
    expect(
      convergenceVerdict([
        cell({ fragments: 1, contradicts: true, silent: false }),
        cell({ fragments: 2, contradicts: true, silent: false }),
      ]),
    ).toBe('agreement');
  });
});

describe('readLiterature', () => {
  it('reads reference, page and excerpt, one turn per excerpt', () => {
    const { turns, diagnostics } = readLiterature(
      'reference;page;excerpt\nA (2020);3;"Een; twee"\nA (2020);;Drie\n',
      'l.csv',
      {},
    );
    expect(diagnostics).toEqual([]);
    expect(turns.map((t) => [t.speaker, t.start, t.paragraphs[0]!.text, t.line])).toEqual([
      ['A (2020)', 'p. 3', 'Een; twee', 2],
      ['A (2020)', undefined, 'Drie', 3],
    ]);
  });
});
