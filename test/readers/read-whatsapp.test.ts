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
});
