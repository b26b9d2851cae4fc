import { describe, expect, it } from 'vitest';
import { readChatCsv } from '../../src/readers/read-chat-csv.js';

describe('CSV chat exports', () => {
  it('reads timestamp, sender, message with quoted commas and line breaks, keeping the start line of each row', () => {
    const csv =
      'timestamp,sender,message\n2026-03-01T10:00:00,hulpverlener,"Hoi, welkom"\n2026-03-01T10:01:00,anoniem_9,"regel een\nregel twee"\n2026-03-01T10:02:00,anoniem_9,ok\n';
    const { turns, diagnostics } = readChatCsv(csv, 'c.csv', {});
    expect(diagnostics).toEqual([]);
    expect(turns.map((t) => [t.speaker, t.paragraphs[0]!.text, t.line])).toEqual([
      ['hulpverlener', 'Hoi, welkom', 2],
      ['anoniem_9', 'regel een\nregel twee', 3],
      ['anoniem_9', 'ok', 5],
    ]);
  });

  it('takes configured headers and semicolons from Dutch Excel, with a BOM', () => {
    const csv = '\uFEFFTijd;Afzender;Bericht\n1-3-2026 10:00;hulpverlener;Hoi; hoe gaat het?\n';
    const bad = readChatCsv(csv, 'd.csv', {
      columns: { timestamp: 'Tijd', sender: 'Afzender', message: 'Bericht' },
    });
    expect(bad.diagnostics).toMatchObject([{ line: 2, rule: 'csv/extra-cells' }]);
    const good = readChatCsv(
      '\uFEFFTijd;Afzender;Bericht\n1-3-2026 10:00;hulpverlener;"Hoi; hoe gaat het?"\n',
      'd.csv',
      { columns: { timestamp: 'Tijd', sender: 'Afzender', message: 'Bericht' } },
    );
    expect(good.turns.map((t) => [t.speaker, t.paragraphs[0]!.text, t.start])).toEqual([
      ['hulpverlener', 'Hoi; hoe gaat het?', '1-3-2026 10:00'],
    ]);
  });

  it('names the missing column and the header it found', () => {
    const { diagnostics } = readChatCsv('time,from,text\n1,a,b\n', 'x.csv', {});
    expect(diagnostics).toMatchObject([{ file: 'x.csv', line: 1, rule: 'chat-csv/missing-column' }]);
    expect(diagnostics[0]!.message).toContain('"timestamp"');
    expect(diagnostics[0]!.message).toContain('"from"');
  });
});
