import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { copyStudy, runCli } from '../helpers/run-cli.js';

/** The mini study with source B1 replaced by `bytes` under the name `file` (in sources/). */
function studyWith(file: string, bytes: Buffer | string, speaker = 'R', format?: string): string {
  const dir = copyStudy('mini');
  writeFileSync(join(dir, 'sources', file), bytes);
  const config = readFileSync(join(dir, 'qualkit.json'), 'utf8').replace(
    '{ "file": "sources/B1.txt", "respondent": "B1", "speaker": "R" }',
    JSON.stringify({ file: `sources/${file}`, respondent: 'B1', speaker, ...(format ? { format } : {}) }),
  );
  writeFileSync(join(dir, 'qualkit.json'), config);
  return dir;
}

function fragmentsOf(dir: string, respondent = 'B1'): string[][] {
  const r = runCli(['ingest', dir, '--format', 'csv']);
  const rows = parse(r.stdout, { columns: true }) as Record<string, string>[];
  return rows.filter((x) => x.respondent === respondent).map((x) => [x.code!, x.text!, x.line!]);
}

describe('files as other programs write them, through the CLI', () => {
  it('reads UTF-8 with one stray Windows-1252 byte as UTF-8 and warns with the line', () => {
    const bytes = Buffer.concat([
      Buffer.from('I: Hoe heet je?\nR: Zoë, van het café.\nI: En dan?\nR: D', 'utf8'),
      Buffer.from([0xe9]),
      Buffer.from('jà vu.\n', 'utf8'),
    ]);
    const dir = studyWith('B1.txt', bytes);
    expect(fragmentsOf(dir)).toEqual([
      ['B1.1', 'Zoë, van het café.', '2'],
      ['B1.2', 'Déjà vu.', '4'],
    ]);
    const r = runCli(['validate', dir]);
    expect(r.stdout).toContain(`${dir}/sources/B1.txt:4: warning byte 0xE9 is not UTF-8`);
  });

  it('refuses .doc, .rtf and .odt with "save as .docx", also when renamed to .docx or .txt', () => {
    const doc = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
    const rtf = '{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Times;}}\\f0 R: Ja.\\par\n}';
    const odt = Buffer.concat([
      Buffer.from([
        0x50, 0x4b, 0x03, 0x04, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 8, 0, 0, 0,
      ]),
      Buffer.from('mimetypeapplication/vnd.oasis.opendocument.text', 'latin1'),
    ]);
    const cases: [string, Buffer | string, string][] = [
      ['B1.doc', doc, 'an old Word .doc file'],
      ['B1.docx', doc, 'an old Word .doc file'],
      ['B1.rtf', rtf, 'an RTF file'],
      ['B1.txt', rtf, 'an RTF file'],
      ['B1.odt', odt, 'an OpenDocument file (.odt, LibreOffice)'],
      ['B1.docx', odt, 'an OpenDocument file (.odt, LibreOffice)'],
    ];
    for (const [file, bytes, says] of cases) {
      const dir = studyWith(file, bytes, 'R', file.endsWith('.rtf') ? 'text' : undefined);
      const r = runCli(['validate', dir]);
      expect(r.status, file).toBe(1);
      expect(r.stdout, file).toContain(`${dir}/sources/${file}: error ${says}`);
      expect(r.stdout, file).toContain('.docx');
      expect(r.stdout, file).not.toMatch(/https?:|github|mammoth/i);
    }
  });
});
