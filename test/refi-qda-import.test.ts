import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/run-cli.js';

const NS = 'urn:QDA-XML:project:1.0';
const guid = (n: number, kind = 0) =>
  `${kind.toString(16).padStart(8, '0')}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

async function qdpx(qde: string | Buffer, sources: Record<string, string | Buffer> = {}): Promise<string> {
  const zip = new JSZip();
  zip.file('project.qde', qde);
  for (const [name, text] of Object.entries(sources)) zip.file(`sources/${name}`, text);
  const file = join(mkdtempSync(join(tmpdir(), 'qualkit-imp-')), 'p.qdpx');
  writeFileSync(file, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
  return file;
}

function importIt(file: string) {
  const out = join(mkdtempSync(join(tmpdir(), 'qualkit-impout-')), 'study');
  return { ...runCli(['import', 'qdpx', file, '-o', out]), out };
}

const codebook = `<CodeBook><Codes><Code guid="${guid(1, 1)}" name="Drempels" isCodable="false"><Code guid="${guid(2, 1)}" name="Schaamte" isCodable="true"/><Code guid="${guid(3, 1)}" name="Wantrouwen" isCodable="true"/></Code></Codes></CodeBook>`;
const users = `<Users><User guid="${guid(1, 2)}" name="anna"/><User guid="${guid(2, 2)}" name="bram"/></Users>`;
const selection = (n: number, start: number, end: number, user: number, code: number, description = '') =>
  `<PlainTextSelection guid="${guid(n, 3)}" startPosition="${start}" endPosition="${end}" creatingUser="${guid(user, 2)}">${description ? `<Description>${description}</Description>` : ''}<Coding guid="${guid(n, 4)}" creatingUser="${guid(user, 2)}"><CodeRef targetGUID="${guid(code, 1)}"/></Coding></PlainTextSelection>`;

describe('import qdpx keeps interviews whole', () => {
  it('gives one respondent per source without cases, one fragment per range with every coder, memos from Description', async () => {
    // As ATLAS.ti and QualCoder write it: no cases, one selection per coder and code.
    const text = 'Ik schaam me. Ik vertrouw niemand. Verder niets.';
    const sources = [1, 2, 3]
      .map(
        (s) =>
          `<TextSource guid="${guid(s, 5)}" name="interview ${s}.txt" plainTextPath="internal://${guid(s, 5)}.txt">${selection(s * 10, 0, 13, 1, 2, 'schaamte &amp; taboe')}${selection(s * 10 + 1, 0, 13, 2, 2)}${selection(s * 10 + 2, 14, 34, 1, 3)}${selection(s * 10 + 3, 14, 34, 2, 2)}</TextSource>`,
      )
      .join('');
    const file = await qdpx(
      `<?xml version="1.0" encoding="utf-8"?><Project xmlns="${NS}" name="Atlas-achtig">${users}${codebook}<Sources>${sources}</Sources></Project>`,
      Object.fromEntries([1, 2, 3].map((s) => [`${guid(s, 5)}.txt`, text])),
    );
    const r = importIt(file);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('3 respondents, 6 fragments in 3 sources, 12 codings by 2 coder(s)');
    expect(r.stderr).toContain('3 source(s) had no case');
    expect(runCli(['validate', r.out]).status).toBe(0);
    const anna = parse(readFileSync(join(r.out, 'codings/anna.csv'), 'utf8'), { columns: true });
    expect(anna[0]).toEqual({ fragment: 'A1.1', label: '1.A', memo: 'schaamte & taboe' });
    const bram = parse(readFileSync(join(r.out, 'codings/bram.csv'), 'utf8'), { columns: true });
    expect(bram.slice(0, 2)).toEqual([
      { fragment: 'A1.1', label: '1.A', memo: '' },
      { fragment: 'A1.2', label: '1.A', memo: '' },
    ]);
    // Every word is kept: the text after the last selection is a context row.
    const source = readFileSync(join(r.out, 'sources/001-A1-interview-1-txt.csv'), 'utf8');
    expect(source).toContain('Verder niets.');
  });

  it('reports positions outside the text, overlaps, annotations and unescaped names in IMPORT-NOTES.md', async () => {
    const text = 'Een korte tekst van veertig tekens lang.';
    const file = await qdpx(
      `<?xml version="1.0" encoding="utf-8"?><Project xmlns="${NS}" name="Slecht">${users}${codebook}<Sources><TextSource guid="${guid(1, 5)}" name="![x](http://evil.example/i.png) &lt;img src=x&gt;" plainTextPath="internal://${guid(1, 5)}.txt">${selection(1, 0, 9, 1, 2)}${selection(2, 5, 15, 1, 3)}${selection(3, 30, 99, 1, 2)}<PlainTextSelection guid="${guid(4, 3)}" startPosition="-1" endPosition="4"><Coding guid="${guid(9, 4)}"><CodeRef targetGUID="${guid(2, 1)}"/></Coding></PlainTextSelection><PlainTextSelection guid="${guid(5, 3)}" startPosition="20" endPosition="25"><Description>alleen een opmerking</Description></PlainTextSelection></TextSource></Sources></Project>`,
      { [`${guid(1, 5)}.txt`]: text },
    );
    const r = importIt(file);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('2 selection(s) with positions outside their text were not imported');
    expect(r.stderr).toMatch(/positions 30–99 run past the end of the text \(40 characters\)/);
    expect(r.stderr).toMatch(/positions -1–4 are not whole numbers/);
    expect(r.stderr).toContain('1 selection(s) overlapped the one before them');
    expect(r.stderr).toContain('1 annotation(s) have no place in qualkit');
    const notes = readFileSync(join(r.out, 'IMPORT-NOTES.md'), 'utf8');
    expect(notes).toContain('alleen een opmerking');
    expect(notes).not.toContain('](http');
    expect(notes).not.toContain('<img');
    expect(notes).not.toMatch(/(?<!\\)!\[/);
  });

  it('refuses malformed XML, a project.qde that is not UTF-8, and reads a Latin-1 source with a note', async () => {
    const bare = await qdpx(
      `<?xml version="1.0" encoding="utf-8"?>\n<Project xmlns="${NS}" name="x">\n<Notes><Note guid="${guid(1, 6)}"><PlainTextContent>jij & ik</PlainTextContent></Note></Notes></Project>`,
    );
    const r = importIt(bare);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/p\.qdpx:project\.qde:3: error Not well-formed XML: "&" that starts no entity/);
    const unclosed = importIt(await qdpx(`<Project xmlns="${NS}"><Sources></Project>`));
    expect(unclosed.status).toBe(1);
    expect(unclosed.stderr).toContain('Not well-formed XML');
    const latin1 = importIt(await qdpx(Buffer.from(`<Project xmlns="${NS}" name="caf\xe9"/>`, 'latin1')));
    expect(latin1.status).toBe(1);
    expect(latin1.stderr).toContain('are not UTF-8');
    const source = importIt(
      await qdpx(
        `<Project xmlns="${NS}" name="x">${users}${codebook}<Sources><TextSource guid="${guid(1, 5)}" name="s" plainTextPath="internal://${guid(1, 5)}.txt">${selection(1, 0, 4, 1, 2)}</TextSource></Sources></Project>`,
        { [`${guid(1, 5)}.txt`]: Buffer.from('caf\xe9 au lait', 'latin1') },
      ),
    );
    expect(source.status, source.stderr).toBe(0);
    expect(source.stderr).toContain(
      '1 byte sequence(s) are not UTF-8 (first at line 1); they were read as U+FFFD',
    );
  });

  it('refuses a zip bomb and 10,000 nested codes with a located message, without running out of memory or stack', async () => {
    // 65 MB of one letter deflates to about 64 KB.
    const bomb = importIt(
      await qdpx(`<Project xmlns="${NS}" name="x"/>`, { 'a.txt': Buffer.alloc(65 * 1024 * 1024, 97) }),
    );
    expect(bomb.status).toBe(1);
    expect(bomb.stderr).toContain('sources/a.txt inflates to more than 64 MB; refused');
    const depth = 10_000;
    let codes = '';
    for (let i = 0; i < depth; i++) codes += `<Code guid="${guid(i, 1)}" name="c${i}" isCodable="true">\n`;
    for (let i = 0; i < depth; i++) codes += '</Code>';
    const nested = importIt(
      await qdpx(
        `<Project xmlns="${NS}" name="x">\n<CodeBook><Codes>\n${codes}</Codes></CodeBook></Project>`,
      ),
    );
    expect(nested.status).toBe(1);
    expect(nested.stderr).toMatch(
      /project\.qde:67: error codes nested more than 64 deep \(at code "c64"\); refused/,
    );
  });
});
