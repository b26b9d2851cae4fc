import { describe, expect, it } from 'vitest';
import { decodeText, decodeTextReporting } from '../../src/io/decode-text.js';

const SAMPLE = 'Coördinatie, financiën, ‘zo’n’ “café” – ïs\r\nregel 2';
const EXPECTED = SAMPLE.replace('\r\n', '\n');

describe('decodeText', () => {
  it('reads UTF-8 with and without BOM, normalising line ends', () => {
    expect(decodeText(Buffer.from(SAMPLE, 'utf8'))).toBe(EXPECTED);
    expect(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(SAMPLE, 'utf8')]))).toBe(
      EXPECTED,
    );
  });
  it('reads UTF-16 LE and BE, with or without BOM', () => {
    const le = Buffer.from(SAMPLE, 'utf16le');
    const be = Buffer.from(le).swap16();
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), le]))).toBe(EXPECTED);
    expect(decodeText(Buffer.concat([Buffer.from([0xfe, 0xff]), be]))).toBe(EXPECTED);
    expect(decodeText(le)).toBe(EXPECTED);
    expect(decodeText(be)).toBe(EXPECTED);
  });
  it('falls back to Windows-1252 for bytes that are not UTF-8', () => {
    // "Coördinatie ‘zo’n’ café" in Windows-1252: ö=F6, ‘=91, ’=92, é=E9
    const bytes = Buffer.from([
      0x43, 0x6f, 0xf6, 0x72, 0x64, 0x20, 0x91, 0x7a, 0x6f, 0x92, 0x6e, 0x92, 0x20, 0x63, 0x61, 0x66, 0xe9,
    ]);
    expect(decodeText(bytes)).toBe('Coörd ‘zo’n’ café');
  });
  it('reads UTF-8 with one stray Windows-1252 byte as UTF-8, naming the line of the stray byte', () => {
    // "Zoë" and "café" in UTF-8, and on line 3 one "é" pasted as the single Windows-1252 byte E9.
    const bytes = Buffer.concat([
      Buffer.from('I: Zoë?\nR: café, ja\nR: d', 'utf8'),
      Buffer.from([0xe9]),
      Buffer.from('j\u00e0 vu\n', 'utf8'),
    ]);
    expect(decodeTextReporting(bytes)).toEqual({
      text: 'I: Zoë?\nR: café, ja\nR: déjà vu\n',
      stray: [{ line: 3, byte: 0xe9, read: 'é' }],
    });
    expect(decodeTextReporting(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]))!.stray).toEqual([
      { line: 3, byte: 0xe9, read: 'é' },
    ]);
  });
  it('rejects binary data', () => {
    expect(
      decodeText(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00])),
    ).toBeUndefined();
  });
});
