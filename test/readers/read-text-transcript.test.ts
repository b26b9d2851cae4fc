import { describe, expect, it } from 'vitest';
import { readTextTranscript } from '../../src/readers/read-text-transcript.js';
import { turnText } from '../../src/readers/turn.js';

const read = (text: string, knownSpeakers: string[] = []) =>
  readTextTranscript(text, 'x.txt', { knownSpeakers });

describe('plain-text transcripts', () => {
  it('reads I:/R: turns, skipping the title line, and keeps paragraphs and lines', () => {
    const { turns } = read(
      [
        'Interview B1 — 12 januari 2026',
        '',
        'I: Hoe begon het?',
        'R: Via een vriend.',
        'Die kende iemand.',
        '',
        'Meer weet ik niet.',
        'I: Dank je.',
      ].join('\n'),
    );
    expect(turns.map((t) => [t.speaker, t.line])).toEqual([
      ['I', 3],
      ['R', 4],
      ['I', 8],
    ]);
    expect(turns[1]!.paragraphs).toEqual([
      { text: 'Via een vriend. Die kende iemand.', line: 4 },
      { text: 'Meer weet ik niet.', line: 7 },
    ]);
  });

  it('reads full names with particles and Interviewer:', () => {
    const { turns } = read(
      'Interviewer: Wat doe je?\nMirjam de Wit: Ik ben veldwerker.\nInterviewer: En verder?\nMirjam de Wit: Ik luister vooral.',
    );
    expect(turns.map((t) => t.speaker)).toEqual([
      'Interviewer',
      'Mirjam de Wit',
      'Interviewer',
      'Mirjam de Wit',
    ]);
  });

  it('reads Markdown: bold speaker labels, headings skipped', () => {
    const { turns } = read(
      '# Interview A2\n\n**Interviewer:** Vertel.\n\n**Noor:** Eerste alinea.\n\nTweede alinea.\n\n## Deel 2\n\n**Interviewer:** Nog iets?\n**Noor:** Nee.',
    );
    expect(turns.map((t) => t.speaker)).toEqual(['Interviewer', 'Noor', 'Interviewer', 'Noor']);
    expect(turnText(turns[1]!)).toBe('Eerste alinea.\n\nTweede alinea.');
  });

  it('does not take a sentence with a colon for a speaker', () => {
    const { turns } = read(
      'I: Vraag?\nR: Antwoord.\nLet op: dit hoort bij het antwoord.\nNou: ook dit.\nI: Volgende.\nR: Ja.',
    );
    expect(turns.map((t) => t.speaker)).toEqual(['I', 'R', 'I', 'R']);
    expect(turnText(turns[1]!)).toBe('Antwoord. Let op: dit hoort bij het antwoord. Nou: ook dit.');
  });

  it('accepts a speaker named once when the config declares it', () => {
    const { turns } = read('I: Vraag?\nKarim: Antwoord.', ['Karim']);
    expect(turns.map((t) => t.speaker)).toEqual(['I', 'Karim']);
  });

  it('keeps a time stamp before the speaker as the start', () => {
    const { turns } = read('[00:01:02] I: Vraag?\n[00:01:09] R: Antwoord.');
    expect(turns.map((t) => [t.speaker, t.start])).toEqual([
      ['I', '00:01:02'],
      ['R', '00:01:09'],
    ]);
  });
});
