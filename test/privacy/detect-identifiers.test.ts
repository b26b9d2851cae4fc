import { describe, expect, it } from 'vitest';
import { detectIdentifiers, nameMatcher, passesElevenTest } from '../../src/privacy/detect-identifiers.js';
import { Pseudonymiser } from '../../src/privacy/pseudonymise.js';

const kinds = (text: string, names?: string[]) =>
  detectIdentifiers(text, names ? nameMatcher(names) : undefined).map((m) => [m.kind, m.value]);

describe('detectIdentifiers', () => {
  it.each([
    ['bel me op 06-12345678 ok', 'phone', '06-12345678'],
    ['bel me op 06 1234 5678 ok', 'phone', '06 1234 5678'],
    ['nummer +31 6 1234 5678.', 'phone', '+31 6 1234 5678'],
    ['nummer 0031612345678!', 'phone', '0031612345678'],
    ['kantoor 020-1234567', 'phone', '020-1234567'],
    ['uk +44 20 7946 0958', 'phone', '+44 20 7946 0958'],
    ['mail jay.d@voorbeeld.nl graag', 'email', 'jay.d@voorbeeld.nl'],
    ['kijk op https://voorbeeld.nl/pagina?x=1.', 'url', 'https://voorbeeld.nl/pagina?x=1'],
    ['of www.voorbeeld.nl', 'url', 'www.voorbeeld.nl'],
    ['volg @jay_0612 op insta', 'handle', '@jay_0612'],
    ['ik woon bij 1234 AB in de buurt', 'postcode', '1234 AB'],
    ['iban NL91 ABNA 0417 1643 00 toch', 'iban', 'NL91 ABNA 0417 1643 00'],
    ['iban NL91ABNA0417164300 toch', 'iban', 'NL91ABNA0417164300'],
    ['bsn 111222333 klopt', 'bsn', '111222333'],
    ['bsn 123.456.782 klopt', 'bsn', '123.456.782'],
    ['ik ben geboren op 14-03-2009 in', 'birthdate', '14-03-2009'],
    ['geboortedatum: 3 april 2009', 'birthdate', '3 april 2009'],
  ])('%s → %s', (text, kind, value) => {
    expect(kinds(text)).toEqual([[kind, value]]);
  });

  it('leaves ordinary numbers, times, fragment codes and dates alone', () => {
    expect(
      kinds(
        'Om 21:05 op 14-02-2026 zei hij (B3.7) dat hij 16 is, 2 keer per week, 123456789 euro, 4 havo, score 0.6667',
      ),
    ).toEqual([]);
  });

  it('checks BSN numbers with the eleven test', () => {
    expect(passesElevenTest('111222333')).toBe(true);
    expect(passesElevenTest('123456782')).toBe(true);
    expect(passesElevenTest('123456789')).toBe(false);
  });

  it('finds names from a names file as whole words, case-insensitively, longest first', () => {
    expect(
      kinds('Jayden en jayden, Mirjam de Wit en Jaydenstraat', ['Jayden', 'Mirjam', 'Mirjam de Wit']),
    ).toEqual([
      ['name', 'Jayden'],
      ['name', 'jayden'],
      ['name', 'Mirjam de Wit'],
    ]);
  });
});

describe('Pseudonymiser', () => {
  it('gives the same value the same placeholder everywhere, phone numbers compared by digits', () => {
    const p = new Pseudonymiser([
      { name: 'Jayden', pseudonym: '' },
      { name: 'Mirjam de Wit', pseudonym: 'Saskia' },
    ]);
    expect(p.apply('Jayden belt 06-12345678 en mail jay@x.nl')).toBe(
      '[PERSOON-1] belt [TELEFOON-1] en mail [EMAIL-1]',
    );
    expect(p.apply('jayden: +31 6 1234 5678 of 0612345678, Mirjam de Wit weet het')).toBe(
      '[PERSOON-1]: [TELEFOON-1] of [TELEFOON-1], Saskia weet het',
    );
    expect(p.key().map((e) => [e.placeholder, e.original])).toEqual([
      ['[PERSOON-1]', 'Jayden'],
      ['[TELEFOON-1]', '06-12345678'],
      ['[EMAIL-1]', 'jay@x.nl'],
      ['Saskia', 'Mirjam de Wit'],
    ]);
  });

  it('continues numbering from an existing key', () => {
    const p = new Pseudonymiser([], [{ placeholder: '[TELEFOON-4]', kind: 'phone', original: '0612345678' }]);
    expect(p.apply('06-12345678 en 06-87654321')).toBe('[TELEFOON-4] en [TELEFOON-5]');
  });
});

describe('the cheap tests that let a pattern be skipped', () => {
  it('never skip a text the pattern matches', async () => {
    const fc = (await import('fast-check')).default;
    const { PATTERNS, NEED_TESTS } = await import('../../src/privacy/detect-identifiers.js');
    const piece = fc.constantFrom(
      '06',
      '-',
      '12345678',
      '+31 6 1234 5678',
      '0031',
      'a.b@example.nl',
      '@jay_09',
      'www.',
      'https://x.nl/p',
      'NL91 ABNA 0417 1643 00',
      '123.456.782',
      '1234 AB',
      'geboren op 3-4-2009',
      'Geb.: 3 april 2009',
      'DOB 2009-04-03',
      'Date of birth: March 14, 2009',
      'instagram.com/jv',
      'tiktok.com/@jv',
      '/',
      '(010) 123 45 67',
      'tel.',
      'BE68 5390 0754 7034',
      'nl91abna0417164300',
      '5611ab',
      ' ',
      '\n',
      'tekst',
      'ë',
      '😀',
      '.',
      ',',
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 12 }).map((p) => p.join('')),
        (text) => {
          for (const p of PATTERNS) {
            p.re.lastIndex = 0;
            if (p.re.test(text)) expect(NEED_TESTS[p.can](text), `${p.kind} matches "${text}"`).toBe(true);
          }
        },
      ),
      { numRuns: 2000, seed: 3 },
    );
  });
});
