import { describe, expect, it } from 'vitest';
import { fragmentRespondent, type RespondentSource } from '../../src/fragments/fragment-turns.js';
import type { Turn } from '../../src/readers/turn.js';

const turn = (speaker: string, line: number, ...paragraphs: string[]): Turn => ({
  speaker,
  line,
  paragraphs: paragraphs.map((text, i) => ({ text, line: line + i * 2 })),
});
const source = (name: string, turns: Turn[], over: Partial<RespondentSource> = {}): RespondentSource => ({
  source: name,
  format: 'text',
  turns,
  speakers: ['R'],
  split: 'turn',
  mergeMessages: false,
  ...over,
});

describe('fragmentRespondent', () => {
  it('numbers respondent turns from 1 and keeps the preceding interviewer turn as context', () => {
    const { fragments } = fragmentRespondent('B3', [
      source('b3.txt', [
        turn('I', 1, 'Vraag 1?'),
        turn('R', 2, 'Een.'),
        turn('I', 3, 'Vraag 2?'),
        turn('r', 4, 'Twee.', 'Drie.'),
      ]),
    ]);
    expect(fragments.map((f) => [f.code, f.group, f.interview, f.text, f.context, f.line])).toEqual([
      ['B3.1', 'B', 3, 'Een.', 'Vraag 1?', 2],
      ['B3.2', 'B', 3, 'Twee.\n\nDrie.', 'Vraag 2?', 4],
    ]);
  });

  it('splits at paragraphs when asked, each paragraph keeping its own line', () => {
    const { fragments } = fragmentRespondent('B3', [
      source('b3.txt', [turn('R', 4, 'Twee.', 'Drie.')], { split: 'paragraph' }),
    ]);
    expect(fragments.map((f) => [f.code, f.text, f.line])).toEqual([
      ['B3.1', 'Twee.', 4],
      ['B3.2', 'Drie.', 6],
    ]);
  });

  it("continues numbering across a respondent's sources, in the order given", () => {
    const { fragments, transcripts } = fragmentRespondent('D1', [
      source('chat.txt', [turn('R', 1, 'a'), turn('R', 2, 'b')], { mergeMessages: true }),
      source('interview.txt', [turn('I', 1, 'q'), turn('R', 2, 'c')]),
    ]);
    expect(fragments.map((f) => [f.code, f.source, f.text])).toEqual([
      ['D1.1', 'chat.txt', 'a\n\nb'],
      ['D1.2', 'interview.txt', 'c'],
    ]);
    expect(transcripts.map((t) => t.entries.map((e) => e.kind))).toEqual([
      ['fragment'],
      ['context', 'fragment'],
    ]);
  });

  it('is deterministic: the same turns give the same codes', () => {
    const make = () =>
      fragmentRespondent('C2', [source('c.txt', [turn('R', 1, 'x'), turn('I', 2, 'y'), turn('R', 3, 'z')])]);
    expect(make()).toEqual(make());
  });
});
