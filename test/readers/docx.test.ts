import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { docxToText } from '../../src/io/docx-to-text.js';
import { makeDocx, type DocxBlock } from '../helpers/make-docx.js';
import { copyStudy, FIXTURES, runCli } from '../helpers/run-cli.js';

const WORD = makeDocx([
  { heading: 'Interview B4' },
  'I: Hoe gaat het?',
  'R: Goed, dank je. Coördinatie is lastig.',
  'Tweede alinea van het antwoord.',
  { heading: 'Deel 2' },
  { row: ['Interviewer', 'Wat heb je nodig?'] },
  { row: ['R', 'Een bed & rust <nu>.'] },
]);

/** The mini study with B1 read from a Word file made of `blocks`, the respondent speaking as `speaker`. */
function studyWithDocx(blocks: DocxBlock[] | Buffer, speaker = 'R'): string {
  const dir = copyStudy('mini');
  writeFileSync(join(dir, 'sources/B1.docx'), Buffer.isBuffer(blocks) ? blocks : makeDocx(blocks));
  writeFileSync(
    join(dir, 'qualkit.json'),
    readFileSync(join(dir, 'qualkit.json'), 'utf8').replace(
      '{ "file": "sources/B1.txt", "respondent": "B1", "speaker": "R" }',
      `{ "file": "sources/B1.docx", "respondent": "B1", "speaker": "${speaker}" }`,
    ),
  );
  return dir;
}

/** B1's fragments as [code, text, line, start, context]. */
function fragments(blocks: DocxBlock[] | Buffer, speaker = 'R'): string[][] {
  const r = runCli(['ingest', studyWithDocx(blocks, speaker), '--format', 'csv']);
  expect(r.stderr).not.toContain('error');
  return (parse(r.stdout, { columns: true }) as Record<string, string>[])
    .filter((x) => x.respondent === 'B1')
    .map((x) => [x.code!, x.text!, x.line!, x.start!, x.context!]);
}

describe('Word transcripts', () => {
  it('turn headings into skipped Markdown headings and two-cell table rows into speaker turns', async () => {
    expect((await docxToText(WORD, 'b4.docx')).text).toBe(
      [
        '# Interview B4',
        'I: Hoe gaat het?',
        'R: Goed, dank je. Coördinatie is lastig.',
        'Tweede alinea van het antwoord.',
        '# Deel 2',
        'Interviewer: Wat heb je nodig?',
        'R: Een bed & rust <nu>.',
      ].join('\n\n'),
    );
  });

  it('are read as a source, paragraphs kept, lines given as Word paragraph numbers', () => {
    expect(fragments(WORD)).toEqual([
      [
        'B1.1',
        'Goed, dank je. Coördinatie is lastig.\n\nTweede alinea van het antwoord.',
        '3',
        '',
        'Hoe gaat het?',
      ],
      // Paragraph 8: each table cell holds a paragraph of its own (6 and 7 are the row above).
      ['B1.2', 'Een bed & rust <nu>.', '8', '', 'Wat heb je nodig?'],
    ]);
  });

  it('name a file that is not a Word document', () => {
    const r = runCli(['validate', studyWithDocx(Buffer.from('just text'))]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(
      /sources\/B1\.docx: error not a readable \.docx file \(it is not a Word document\); open it in Word and save it as \.docx/,
    );
  });

  it('leave footnotes, endnotes and comments out of what was said, marks included, and say so', () => {
    const blocks: DocxBlock[] = [
      'I: Hoe kwam je hier?',
      {
        runs: [
          'R: Via school',
          { footnote: 'Onverstaanbaar op de opname.' },
          ' en ',
          { text: 'vrienden', comment: 'Navragen' },
          '.',
        ],
      },
      { runs: ['Daarna', { endnote: 'Zie logboek.' }, ' niet meer.'] },
    ];
    expect(fragments(blocks)).toEqual([
      ['B1.1', 'Via school en vrienden.\n\nDaarna niet meer.', '2', '', 'Hoe kwam je hier?'],
    ]);
    const r = runCli(['validate', studyWithDocx(blocks)]);
    expect(r.stdout).toContain(
      'B1.docx: warning 1 footnote, 1 endnote, 1 comment not read as transcript text',
    );
  });

  it('read tracked changes as accepted: deletions out, insertions in, with a warning', () => {
    const blocks: DocxBlock[] = [
      'I: Ging je mee?',
      { runs: ['R: Ik ging ', { text: 'niet ', del: true }, { text: 'wel ', ins: true }, 'mee.'] },
    ];
    expect(fragments(blocks).map((f) => f[1])).toEqual(['Ik ging wel mee.']);
    expect(runCli(['validate', studyWithDocx(blocks)]).stdout).toContain(
      'warning has tracked changes (1 insertions, 1 deletions): read as if all were accepted',
    );
  });

  it('keep nested list items apart, count empty paragraphs, and number lines after soft breaks by Word paragraph', () => {
    const blocks: DocxBlock[] = [
      'I: Wat wil je?\nEn waarom?',
      '',
      'R: Twee dingen:',
      { item: 'een deur', level: 0 },
      { item: 'liefst beneden', level: 1 },
      'I: Dank je.\nTot ziens.',
      'R: Dag.',
    ];
    expect(fragments(blocks)).toEqual([
      ['B1.1', 'Twee dingen:\n\neen deur\n\nliefst beneden', '3', '', 'Wat wil je? En waarom?'],
      ['B1.2', 'Dag.', '7', '', 'Dank je. Tot ziens.'],
    ]);
  });

  it('read a bold name and a tab (no colon) as a speaker', () => {
    const blocks: DocxBlock[] = [
      { runs: [{ text: 'Interviewer', bold: true }, '\tHoe gaat het?'] },
      { runs: [{ text: 'Noor Haddad', bold: true }, '\tGoed.'] },
    ];
    expect(fragments(blocks, 'Noor Haddad')).toEqual([['B1.1', 'Goed.', '2', '', 'Hoe gaat het?']]);
  });

  it('read a name on its own line above the text', () => {
    const blocks: DocxBlock[] = [
      'Interview 3',
      'Interviewer',
      'Hoe gaat het?',
      'Noor',
      'Goed.',
      'Dat wel.',
      'Interviewer',
      'En thuis?',
      'Noor',
      'Ook.',
    ];
    expect(fragments(blocks, 'Noor')).toEqual([
      ['B1.1', 'Goed.\n\nDat wel.', '5', '', 'Hoe gaat het?'],
      ['B1.2', 'Ook.', '10', '', 'En thuis?'],
    ]);
  });

  it('read a three-column table time | speaker | text, skipping its header row', () => {
    const blocks: DocxBlock[] = [
      {
        table: [
          ['Tijd', 'Spreker', 'Tekst'],
          ['00:00:05', 'Interviewer', 'Hoe?'],
          ['00:00:09', 'Noor', 'Zo.'],
          ['0:12', 'Noor', 'En zo.'],
        ],
      },
    ];
    // Rows of cells: header 1–3, then 4–6, 7–9, 10–12; a row is one turn, as a line of a text transcript.
    expect(fragments(blocks, 'Noor')).toEqual([
      ['B1.1', 'Zo.', '7', '00:00:09', 'Hoe?'],
      ['B1.2', 'En zo.', '10', '00:00:12', ''],
    ]);
  });

  it('read the Microsoft Teams transcript layouts: "Name   0:03" above the text, and the older timing-name-text paragraphs', () => {
    const teams: DocxBlock[] = [
      'Interview Noor',
      'Ilse Verbeek started transcription',
      'Ilse Verbeek   0:03\nHoe kwam je hier?',
      'Noor Haddad   0:09',
      'Via school.',
      'Ilse Verbeek   1:02:15\nMooi.',
    ];
    expect(fragments(teams, 'Noor Haddad')).toEqual([
      ['B1.1', 'Via school.', '5', '00:00:09', 'Hoe kwam je hier?'],
    ]);
    const stream: DocxBlock[] = [
      '0:0:0.0 --> 0:0:5.600\nIlse Verbeek\nHoe kwam je hier?',
      '0:0:6.0 --> 0:0:8.100\nNoor Haddad\nVia school.',
    ];
    expect(fragments(stream, 'Noor Haddad')).toEqual([
      ['B1.1', 'Via school.', '2', '00:00:06', 'Hoe kwam je hier?'],
    ]);
  });

  it('read the Zoom-style "[Name] 00:01:23" header above the text', () => {
    const zoom: DocxBlock[] = [
      '[Ilse Verbeek] 00:00:03',
      'Hoe kwam je hier?',
      '[Noor Haddad] 00:00:09',
      'Via school.',
    ];
    expect(fragments(zoom, 'Noor Haddad')).toEqual([
      ['B1.1', 'Via school.', '4', '00:00:09', 'Hoe kwam je hier?'],
    ]);
  });
});

describe('text encodings through the CLI', () => {
  it('reads a UTF-16 WhatsApp export and a Windows-1252 transcript with their accents and curly quotes', () => {
    const dir = copyStudy('mini');
    const chat = readFileSync(join(dir, 'sources/C1.txt'), 'utf8').replace(
      'schaam me eigenlijk',
      'schaam me eigenlijk, “ja” ‘echt’ – geëmotioneerd',
    );
    writeFileSync(
      join(dir, 'sources/C1.txt'),
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(chat, 'utf16le')]),
    );
    // "Coördinatie ‘zo’n’ café" in Windows-1252.
    const cp1252 = Buffer.from([
      0x49, 0x3a, 0x20, 0x56, 0x72, 0x61, 0x61, 0x67, 0x3f, 0x0a, 0x52, 0x3a, 0x20, 0x43, 0x6f, 0xf6, 0x72,
      0x64, 0x20, 0x91, 0x7a, 0x6f, 0x92, 0x6e, 0x92, 0x20, 0x63, 0x61, 0x66, 0xe9, 0x0a,
    ]);
    writeFileSync(join(dir, 'sources/B1.txt'), cp1252);
    const rows = parse(runCli(['ingest', dir, '--format', 'csv']).stdout, { columns: true }) as Record<
      string,
      string
    >[];
    expect(rows.find((x) => x.code === 'C1.1')!.text).toBe(
      'gaat wel\n\nschaam me eigenlijk, “ja” ‘echt’ – geëmotioneerd',
    );
    expect(rows.find((x) => x.code === 'B1.1')!.text).toBe('Coörd ‘zo’n’ café');
  });
});

describe('Word drafts in cite-check', () => {
  it('find citations in footnotes, on the line of the paragraph that refers to them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'qualkit-docx-'));
    writeFileSync(
      join(dir, 'scriptie.docx'),
      makeDocx([
        'Hoofdstuk 5',
        '',
        { runs: ['Jongens schamen zich.', { footnote: 'Zie [B1.1] en [Bl.2].' }] },
      ]),
    );
    const r = runCli([
      'cite-check',
      join(dir, 'scriptie.docx'),
      '--study',
      join(FIXTURES, 'studies/mini'),
      '--format',
      'json',
    ]);
    expect(r.stdout).toContain('B1.1');
    expect(r.stdout).toContain('"line": 3');
    expect(r.stdout).toContain('Bl.2');
  });
});
