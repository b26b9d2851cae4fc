import { describe, expect, it } from 'vitest';
import {
  detectIdentifiers,
  nameMatcher,
  passesIbanCheck,
  type NameSpec,
} from '../../src/privacy/detect-identifiers.js';
import { decodeKeyBytes, parseKeyCsv, parseNamesCsv } from '../../src/privacy/key-file.js';
import { Pseudonymiser } from '../../src/privacy/pseudonymise.js';
import { scanFileText } from '../../src/privacy/scan-text.js';

const found = (text: string, names?: (string | NameSpec)[]) =>
  detectIdentifiers(text, names ? nameMatcher(names) : undefined).map((m) => [m.kind, m.value]);

// Every spelling issue 14 lists, each as the value the detector must return whole.
describe('the spellings a Dutch researcher expects caught', () => {
  it.each([
    ['bel 06.12.34.56.78 even', 'phone', '06.12.34.56.78'],
    ['bel 06-12-34-56-78 even', 'phone', '06-12-34-56-78'],
    ['bel 06 12 34 56 78 even', 'phone', '06 12 34 56 78'],
    ['kantoor (010) 123 45 67.', 'phone', '(010) 123 45 67'],
    ['kantoor (0575) 12 34 56', 'phone', '(0575) 12 34 56'],
    ['tel.0612345678', 'phone', '0612345678'],
    ['Tel.:06-12345678', 'phone', '06-12345678'],
    ['tel.+31612345678', 'phone', '+31612345678'],
    ['zijn insta is instagram.com/jv_2009.', 'url', 'instagram.com/jv_2009'],
    ['op tiktok.com/@jv.official!', 'url', 'tiktok.com/@jv.official'],
    ['zie m.facebook.com/profile.php?id=1000', 'url', 'm.facebook.com/profile.php?id=1000'],
    ['snap: x/@jv_2009', 'handle', '@jv_2009'],
    ['rekening BE68 5390 0754 7034 van', 'iban', 'BE68 5390 0754 7034'],
    ['rekening BE68539007547034.', 'iban', 'BE68539007547034'],
    ['konto DE89 3704 0044 0532 0130 00', 'iban', 'DE89 3704 0044 0532 0130 00'],
    ['account GB29 NWBK 6016 1331 9268 19 ok', 'iban', 'GB29 NWBK 6016 1331 9268 19'],
    ['iban nl91abna0417164300 toch', 'iban', 'nl91abna0417164300'],
    ['iban NL91ABNA0417164300 toch', 'iban', 'NL91ABNA0417164300'],
    ['postcode 5611ab', 'postcode', '5611ab'],
    ['postcode 5611AB.', 'postcode', '5611AB'],
    ['Date of birth: March 14, 2009', 'birthdate', 'March 14, 2009'],
    ['born on March 14th, 2009', 'birthdate', 'March 14th, 2009'],
    ['DOB: Dec 3 2008', 'birthdate', 'Dec 3 2008'],
  ])('%s → %s %s', (text, kind, value) => {
    expect(found(text)).toEqual([[kind, value]]);
  });

  it('checks IBANs with ISO 13616 mod-97, not by shape', () => {
    for (const iban of [
      'NL91ABNA0417164300',
      'BE68539007547034',
      'DE89370400440532013000',
      'FR1420041010050500013M02606',
    ])
      expect(passesIbanCheck(iban)).toBe(true);
    expect(passesIbanCheck('NL91ABNA0417164301')).toBe(false);
    expect(passesIbanCheck('BE68539007547035')).toBe(false);
    expect(found('iban NL91ABNA0417164301 en BE68 5390 0754 7035')).toEqual([]);
  });

  it('finds two IBANs written one after the other', () => {
    expect(found('NL91ABNA0417164300 BE68539007547034')).toEqual([
      ['iban', 'NL91ABNA0417164300'],
      ['iban', 'BE68539007547034'],
    ]);
  });

  it('matches names in composed and decomposed Unicode, both ways', () => {
    const nfd = 'Zoe\u0308';
    expect(found(`ik ben ${nfd}.`, ['Zoë'])).toEqual([['name', nfd]]);
    expect(found('ik ben Zoë.', [nfd])).toEqual([['name', 'Zoë']]);
    expect(found(`ZOE\u0308 en zoë`, ['Zoë'])).toEqual([
      ['name', 'ZOE\u0308'],
      ['name', 'zoë'],
    ]);
    // "Zoe" is not "Zoë": the combining mark is part of the word.
    expect(found(`ik ben ${nfd}`, ['Zoe'])).toEqual([]);
  });

  it('takes name parts joined by - or _ in file names, the longest name whole', () => {
    expect(found('sources/C1-jayden-de-vries.txt', ['Jayden', 'de Vries'])).toEqual([
      ['name', 'jayden'],
      ['name', 'de-vries'],
    ]);
    expect(found('sources/C1_jayden_de_vries.txt', ['Jayden de Vries', 'Jayden'])).toEqual([
      ['name', 'jayden_de_vries'],
    ]);
    const p = new Pseudonymiser([
      { name: 'Jayden de Vries', pseudonym: '' },
      { name: 'Jayden', pseudonym: 'Sem' },
    ]);
    expect(p.apply('C1-jayden-de-vries.txt, Jayden de Vries en jayden')).toBe(
      'C1-[PERSOON-1].txt, [PERSOON-1] en Sem',
    );
  });

  it('gives a name in NFD and in NFC one placeholder', () => {
    const p = new Pseudonymiser([{ name: 'Zoë', pseudonym: '' }]);
    expect(p.apply('Zoe\u0308 en Zoë')).toBe('[PERSOON-1] en [PERSOON-1]');
  });

  it('matches a name marked case-sensitive only as written, the others in any case', () => {
    const names = [{ name: 'Storm', caseSensitive: true }, { name: 'Roos', caseSensitive: true }, 'Jayden'];
    expect(found('Storm zei dat de storm en de roos JAYDEN raakten; Roos ook', names)).toEqual([
      ['name', 'Storm'],
      ['name', 'JAYDEN'],
      ['name', 'Roos'],
    ]);
  });

  it('reads case_sensitive from the names file, and refuses an unknown value at its line', () => {
    const ok = parseNamesCsv('name,pseudonym,case_sensitive\nStorm,,yes\nJayden,Sem,\n', 'names.csv');
    expect(ok.diagnostics).toEqual([]);
    expect(ok.names).toEqual([
      { name: 'Storm', pseudonym: '', caseSensitive: true },
      { name: 'Jayden', pseudonym: 'Sem' },
    ]);
    const bad = parseNamesCsv('name,pseudonym,case_sensitive\nStorm,,misschien\n', 'names.csv');
    expect(bad.diagnostics.map((d) => [d.line, d.rule])).toEqual([[2, 'privacy/bad-case-flag']]);
  });
});

// Ordinary text from transcripts and reports that must come out as it went in.
describe('ordinary text is kept', () => {
  it.each([
    ['sinds 2019 OK'],
    ['een bestand van 1500 MB'],
    ['2000mg per dag, 1000 ml water, 5000 KM gereden'],
    ['1600cc, 2000pk, 1000ms, 1920px, 4000Hz, 1990er jaren'],
    ['de 1001st en 1234th'],
    ['in 2019 en 2020 was het anders'],
    ['om 21:05, 14:30:00 en 09.15 uur'],
    ['€ 1.234,56 of 1500 euro of 12.000.000'],
    ['fragmenten B3.7, C12.104 en A1.1-A1.3'],
    ['nummer 123456789 (geen elfproef) en 987654320'],
    ['ISBN 978-90-274-3964-2 en 9789027439642'],
    ['versie 1.2.3, node 20.11.1, v2.0.612345678'],
    ['100 km, 5 GB, 3000 kcal, 1234 SA'],
    ['op 14-02-2026 21:03 en 01.03.2026 19:04'],
    ['source-book.md, index.html, data-sample/sources/C1-whatsapp.txt'],
    ['score 0.6667 en 0.06123456789'],
    ['mail ons, zie hoofdstuk 5.nl/3 niet'],
  ])('%s', (text) => {
    expect(found(text)).toEqual([]);
  });
});

describe('the key file', () => {
  it('refuses a damaged byte at its line', () => {
    const good = Buffer.from(
      'placeholder,kind,original\n[PERSOON-1],name,Jayden\n[TELEFOON-1],phone,0612345678\n',
    );
    expect(decodeKeyBytes(good, 'key.csv')).toEqual({ text: good.toString(), diagnostics: [] });
    const bad = Buffer.from(good);
    bad[good.indexOf('0612')] = 0xff;
    expect(decodeKeyBytes(bad, 'key.csv').diagnostics.map((d) => [d.line, d.rule])).toEqual([
      [3, 'privacy/damaged-key'],
    ]);
    const nul = Buffer.from(good);
    nul[good.indexOf('Jayden')] = 0;
    expect(decodeKeyBytes(nul, 'key.csv').diagnostics.map((d) => [d.line, d.rule])).toEqual([
      [2, 'privacy/damaged-key'],
    ]);
  });

  it('refuses a damaged header or placeholder at its line', () => {
    expect(parseKeyCsv('placeholdr,kind,original\n[PERSOON-1],name,J\n', 'k').diagnostics[0]!.rule).toBe(
      'privacy/damaged-key',
    );
    expect(
      parseKeyCsv('placeholder,kind,original\n[TELEFOOM-1],phone,0612345678\n', 'k').diagnostics.map(
        (d) => d.line,
      ),
    ).toEqual([2]);
  });
});

describe('the scan of written text undoes its escaping', () => {
  const names = nameMatcher(['jv_sneaky']);
  it.each([
    ['source-book.md', 'naam jv\\_sneaky en 06\\-12345678'],
    ['index.html', 'naam jv_sneaky &amp; 06&#45;12345678'],
    [
      'project.qde',
      '<Code name="jv_sneaky" guid="06123456-7890-4abc-8def-061234567890">06&#x2D;12345678</Code>',
    ],
    ['out.json', '{"text": "naam \\"jv_sneaky\\" \\u0030612345678"}'],
  ])('%s', (file, text) => {
    expect(scanFileText(text, file, names).map((d) => d.rule)).toEqual(['privacy/name', 'privacy/phone']);
  });

  it('does not take GUIDs in XML for phone numbers', () => {
    expect(scanFileText('<Source guid="06123456-7890-4abc-8def-061234567890"/>', 'p.qde', undefined)).toEqual(
      [],
    );
  });
});
