import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { docxToText, htmlToBlocks } from '../../src/io/docx-to-text.js';
import { makeDocx } from '../helpers/make-docx.js';
import { copyStudy, runCli } from '../helpers/run-cli.js';

const WORD = makeDocx([
  { heading: 'Interview B4' },
  'I: Hoe gaat het?',
  'R: Goed, dank je. Coördinatie is lastig.',
  'Tweede alinea van het antwoord.',
  { heading: 'Deel 2' },
  { row: ['Interviewer', 'Wat heb je nodig?'] },
  { row: ['R', 'Een bed & rust <nu>.'] },
]);

describe('Word transcripts', () => {
  it('turn headings into skipped Markdown headings and two-cell table rows into speaker turns', async () => {
    expect(await docxToText(WORD, 'b4.docx')).toBe(
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

  it('decodes entities and joins multi-cell rows', () => {
    expect(
      htmlToBlocks(
        '<table><tr><td><p>a</p></td><td><p>b</p></td><td><p>c &amp; d</p></td></tr></table><p>x&#39;y</p>',
      ),
    ).toEqual(['a | b | c & d', "x'y"]);
  });

  it('are read as a source, paragraphs kept, lines given as Word paragraph numbers', () => {
    const dir = copyStudy('mini');
    writeFileSync(join(dir, 'sources/B1.docx'), WORD);
    writeFileSync(
      join(dir, 'qualkit.json'),
      readFileSync(join(dir, 'qualkit.json'), 'utf8').replace('"sources/B1.txt"', '"sources/B1.docx"'),
    );
    const r = runCli(['ingest', dir, '--format', 'csv']);
    const rows = (parse(r.stdout, { columns: true }) as Record<string, string>[]).filter(
      (x) => x.respondent === 'B1',
    );
    expect(rows.map((x) => [x.code, x.text, x.line, x.context])).toEqual([
      [
        'B1.1',
        'Goed, dank je. Coördinatie is lastig.\n\nTweede alinea van het antwoord.',
        '3',
        'Hoe gaat het?',
      ],
      ['B1.2', 'Een bed & rust <nu>.', '7', 'Wat heb je nodig?'],
    ]);
  });

  it('name a file that is not a Word document', () => {
    const dir = copyStudy('mini');
    writeFileSync(join(dir, 'sources/B1.docx'), 'just text');
    writeFileSync(
      join(dir, 'qualkit.json'),
      readFileSync(join(dir, 'qualkit.json'), 'utf8').replace('"sources/B1.txt"', '"sources/B1.docx"'),
    );
    const r = runCli(['validate', dir]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(`${dir}/sources/B1.docx: error not a readable .docx file`);
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
