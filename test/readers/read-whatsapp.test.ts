import { describe, expect, it } from 'vitest';
import { readWhatsApp } from '../../src/readers/read-whatsapp.js';
import { detectFormat } from '../../src/readers/registry.js';

const LRM = '\u200e';

describe('WhatsApp exports', () => {
  it('reads the Dutch Android layout: multi-line messages, system lines and media placeholders left out', () => {
    const chat = [
      '14-02-2026 21:00 - Berichten en gesprekken worden end-to-end versleuteld. Niemand buiten deze chat kan ze lezen.',
      '14-02-2026 21:03 - Outreach De Haven: Hoi! Hoe gaat het?',
      '14-02-2026 21:05 - Jayden: gaat wel',
      'beetje moe',
      '14-02-2026 21:06 - Jayden: <Media weggelaten>',
      '14-02-2026 21:07 - Jayden heeft de groep verlaten',
      '14-02-2026 21:08 - Jayden: Dit bericht is verwijderd',
      '14-02-2026 21:09 - Jayden: ok <Dit bericht is bewerkt>',
    ].join('\n');
    const { turns, diagnostics } = readWhatsApp(chat, 'c.txt', {});
    expect(diagnostics).toEqual([]);
    expect(turns.map((t) => [t.speaker, t.paragraphs[0]!.text, t.line, t.start])).toEqual([
      ['Outreach De Haven', 'Hoi! Hoe gaat het?', 2, '14-02-2026 21:03'],
      ['Jayden', 'gaat wel\nbeetje moe', 3, '14-02-2026 21:05'],
      ['Jayden', 'ok', 8, '14-02-2026 21:09'],
    ]);
  });

  it('reads the iOS layout with seconds and left-to-right marks', () => {
    const chat = [
      `[14-02-2026 20:00:00] Outreach: ${LRM}Berichten en gesprekken worden end-to-end versleuteld.`,
      '[14-02-2026 20:01:10] Outreach: Hey, alles goed?',
      `${LRM}[14-02-2026 20:02:11] Sem: ${LRM}afbeelding weggelaten`,
      '[14-02-2026 20:02:30] Sem: ik verdien zo wat bij',
    ].join('\n');
    const { turns } = readWhatsApp(chat, 'i.txt', {});
    expect(turns.map((t) => [t.speaker, t.paragraphs[0]!.text, t.start])).toEqual([
      ['Outreach', 'Hey, alles goed?', '14-02-2026 20:01:10'],
      ['Sem', 'ik verdien zo wat bij', '14-02-2026 20:02:30'],
    ]);
  });

  it('reads the English Android layouts, including 12-hour times', () => {
    const chat =
      '14/02/2026, 21:03 - Outreach: Hi\n14/02/2026, 21:04 - Jay: <Media omitted>\n2/14/26, 9:05 PM - Jay: hoi';
    const { turns } = readWhatsApp(chat, 'e.txt', {});
    expect(turns.map((t) => [t.speaker, t.paragraphs[0]!.text])).toEqual([
      ['Outreach', 'Hi'],
      ['Jay', 'hoi'],
    ]);
  });

  it('reports text before the first message', () => {
    const { diagnostics } = readWhatsApp('hallo\n14-02-2026 21:03 - A: b', 'w.txt', {});
    expect(diagnostics).toMatchObject([{ line: 1, rule: 'whatsapp/no-timestamp' }]);
  });

  it('is recognised in a .txt file by its time stamps', () => {
    expect(detectFormat('chat.txt', '\n14-02-2026 21:03 - A: b')).toBe('whatsapp');
    expect(detectFormat('chat.txt', `${LRM}[14-02-2026 20:00:00] A: b`)).toBe('whatsapp');
    expect(detectFormat('interview.txt', 'I: vraag\nR: antwoord')).toBe('text');
  });

  it('keeps only the caption of an attached file, and leaves out iOS document and waiting placeholders', () => {
    const android = [
      '14-02-2026 21:03 - Outreach: Stuur maar',
      '14-02-2026 21:04 - Jayden: IMG-20260214-WA0001.jpg (bestand bijgevoegd)',
      '14-02-2026 21:05 - Jayden: IMG-20260214-WA0002.jpg (bestand bijgevoegd)',
      'dit is mijn kamer',
      '14-02-2026 21:06 - Jayden: PTT-20260214-WA0003.opus (file attached)',
      '14-02-2026 21:07 - Jayden: Wachten op dit bericht. Dit kan even duren.',
      '14-02-2026 21:08 - Jayden: ik heb dat document weggelaten',
    ].join('\n');
    expect(
      readWhatsApp(android, 'c.txt', {}).turns.map((t) => [t.speaker, t.paragraphs[0]!.text, t.line]),
    ).toEqual([
      ['Outreach', 'Stuur maar', 1],
      ['Jayden', 'dit is mijn kamer', 3],
      ['Jayden', 'ik heb dat document weggelaten', 7],
    ]);
    const ios = [
      '[14-02-2026 20:01:10] Outreach: Hey',
      `[14-02-2026 20:02:11] Sem: ${LRM}rooster.pdf • 2 pages ${LRM}document omitted`,
      `[14-02-2026 20:02:12] Sem: ${LRM}Waiting for this message. This may take a while.`,
      '[14-02-2026 20:02:30] Sem: klopt',
    ].join('\n');
    expect(readWhatsApp(ios, 'c.txt', {}).turns.map((t) => t.paragraphs[0]!.text)).toEqual(['Hey', 'klopt']);
  });

  it('removes the edited marker from the last message when the export ends with a newline', () => {
    const chat = '14-02-2026 21:03 - Outreach: Hoi\n14-02-2026 21:09 - Jayden: ok <Dit bericht is bewerkt>\n';
    expect(readWhatsApp(chat, 'c.txt', {}).turns.map((t) => t.paragraphs[0]!.text)).toEqual(['Hoi', 'ok']);
    const en = `[14/02/2026, 21:09:00] Jayden: fine ${LRM}<This message was edited>\r\n`.replace('\r', '');
    expect(readWhatsApp(en, 'c.txt', {}).turns.map((t) => t.paragraphs[0]!.text)).toEqual(['fine']);
  });
});
