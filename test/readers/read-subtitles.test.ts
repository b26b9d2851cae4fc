import { describe, expect, it } from 'vitest';
import { readSubtitles } from '../../src/readers/read-subtitles.js';
import { turnText } from '../../src/readers/turn.js';

describe('WebVTT and SRT', () => {
  it('reads Teams VTT voice tags and merges consecutive cues of one speaker, keeping the first start time', () => {
    const vtt = [
      'WEBVTT',
      '',
      '6d7e/18-0',
      '00:00:05.120 --> 00:00:09.870',
      '<v Ilse Verbeek>Hoe kwam je hier?</v>',
      '',
      '6d7e/19-0',
      '00:00:10.000 --> 00:00:12.000',
      '<v Youssef Amrani>Via school.</v>',
      '',
      '6d7e/19-1',
      '00:00:12.000 --> 00:00:15.500',
      '<v Youssef Amrani>Een mentor wees me</v>',
      '',
      '6d7e/19-2',
      '00:00:15.500 --> 00:00:17.000',
      '<v Youssef Amrani>de weg.</v>',
      '',
      '6d7e/20-0',
      '00:01:15.500 --> 00:01:17.000',
      '<v Ilse Verbeek>Mooi.</v>',
    ].join('\n');
    const { turns, diagnostics } = readSubtitles(vtt, 'a.vtt', {});
    expect(diagnostics).toEqual([]);
    expect(turns.map((t) => [t.speaker, t.start, t.line])).toEqual([
      ['Ilse Verbeek', '00:00:05', 5],
      ['Youssef Amrani', '00:00:10', 9],
      ['Ilse Verbeek', '00:01:15', 21],
    ]);
    expect(turnText(turns[1]!)).toBe('Via school. Een mentor wees me de weg.');
  });

  it('reads Zoom VTT with "Name: text" payloads and no cue ids, and skips NOTE blocks', () => {
    const vtt =
      'WEBVTT\n\nNOTE made by hand\n\n1\n00:00:01.000 --> 00:00:04.500\nSanne Bos: Hallo.\n\n2\n00:00:05.000 --> 00:00:08.000\nKarim: Hoi, ik ben er.\n';
    const { turns } = readSubtitles(vtt, 'z.vtt', {});
    expect(turns.map((t) => [t.speaker, turnText(t)])).toEqual([
      ['Sanne Bos', 'Hallo.'],
      ['Karim', 'Hoi, ik ben er.'],
    ]);
  });

  it('reads SRT with comma milliseconds and multi-line cues', () => {
    const srt =
      '1\n00:00:01,000 --> 00:00:04,500\nInterviewer: Wat heb je nodig?\n\n2\n00:00:05,000 --> 00:00:08,000\nKarim: Rust.\nEn een bed.\n\n3\n00:00:08,000 --> 00:00:09,000\nmeer niet\n';
    const { turns } = readSubtitles(srt, 'b.srt', { knownSpeakers: ['Karim'] });
    expect(turns.map((t) => [t.speaker, turnText(t), t.start])).toEqual([
      ['Interviewer', 'Wat heb je nodig?', '00:00:01'],
      ['Karim', 'Rust. En een bed. meer niet', '00:00:05'],
    ]);
  });

  it('reports a block without timing with its line', () => {
    const { diagnostics } = readSubtitles('WEBVTT\n\n1\nnot a timing\nHallo\n', 'bad.vtt', {});
    expect(diagnostics).toMatchObject([{ file: 'bad.vtt', line: 3, rule: 'subtitles/no-timing' }]);
  });

  // Cases from subtitle tools, the WebVTT standard's parsing rules and the W3C parser's tests.
  const said = (text: string, file = 'x.srt', knownSpeakers: string[] = []) =>
    readSubtitles(text, file, { knownSpeakers }).turns.map((t) => [t.speaker, turnText(t), t.line]);

  it('keeps a cue that starts with "Dus:" or "Nou:" in the turn of the one speaking (a label seen once is text)', () => {
    const srt = [
      '1',
      '00:00:01,000 --> 00:00:03,000',
      'Interviewer: Hoe kwam je bij ons?',
      '',
      '2',
      '00:00:03,500 --> 00:00:05,000',
      'Youssef: Via school.',
      '',
      '3',
      '00:00:05,000 --> 00:00:07,000',
      'Dus: via vrienden eigenlijk.',
      '',
      '4',
      '00:00:07,000 --> 00:00:08,000',
      'en mijn broer.',
      '',
      '5',
      '00:00:08,000 --> 00:00:09,000',
      'Nou: dat weet ik niet.',
      '',
    ].join('\n');
    expect(said(srt, 'x.srt', ['Youssef'])).toEqual([
      ['Interviewer', 'Hoe kwam je bij ons?', 3],
      ['Youssef', 'Via school. Dus: via vrienden eigenlijk. en mijn broer. Nou: dat weet ik niet.', 7],
    ]);
    // Not declared, but a name that starts two cues is a speaker.
    const vtt = `WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nInterviewer: Ja?\n\n00:00:02.000 --> 00:00:03.000\nNoor Haddad: Eerst.\n\n00:00:03.000 --> 00:00:04.000\nInterviewer: En?\n\n00:00:04.000 --> 00:00:05.000\nNoor Haddad: Dan.\n\n00:00:05.000 --> 00:00:06.000\nNou: klaar.\n`;
    expect(said(vtt, 'x.vtt').map((t) => t[0])).toEqual([
      'Interviewer',
      'Noor Haddad',
      'Interviewer',
      'Noor Haddad',
    ]);
    expect(said(vtt, 'x.vtt')[3]![1]).toBe('Dan. Nou: klaar.');
  });

  it('starts a new cue at every timing line, also without a blank line between cues', () => {
    const vtt = [
      'WEBVTT',
      '',
      '00:00:10.000 --> 00:00:12.000',
      '<v Ilse>Hoe kom je in contact?',
      '00:00:12.500 --> 00:00:14.000',
      '<v Youssef>Via school.',
      '00:00:14.000 --> 00:00:15.000',
      '<v Ilse>Mooi.',
    ].join('\n');
    expect(said(vtt, 'x.vtt')).toEqual([
      ['Ilse', 'Hoe kom je in contact?', 4],
      ['Youssef', 'Via school.', 6],
      ['Ilse', 'Mooi.', 8],
    ]);
    const srt =
      '1\n00:00:01,000 --> 00:00:02,000\nI: Vraag?\n2\n00:00:02,000 --> 00:00:03,000\nR: Antwoord.\n';
    expect(said(srt)).toEqual([
      ['I', 'Vraag?', 3],
      ['R', 'Antwoord.', 6],
    ]);
  });

  it('reads "-->" without spaces around it, as the WebVTT standard allows', () => {
    expect(said('WEBVTT\n\n00:00:10.000-->00:00:12.000\n<v Anna>Ja.\n', 'x.vtt')).toEqual([
      ['Anna', 'Ja.', 4],
    ]);
  });

  it('keeps a bare < or > in SRT text; only styling tags are removed', () => {
    const srt =
      '1\n00:00:01,000 --> 00:00:03,000\nR: Hoe oud, < 16 of > 18? <i>Echt</i> <font color="red">zo</font>.\n';
    expect(said(srt)).toEqual([['R', 'Hoe oud, < 16 of > 18? Echt zo.', 3]]);
  });

  it('decodes every HTML character reference in WebVTT', () => {
    const vtt =
      'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Anna>&#39;t Caf&eacute; a&#x2F;b&lrm; &amp; &lt;3 &nbsp;&euro;5 &notanentity;\n';
    expect(said(vtt, 'x.vtt')).toEqual([['Anna', "'t Café a/b\u200e & <3 €5 ¬anentity;", 4]]);
  });

  it('gives each of two voice spans in one cue to its own voice', () => {
    const vtt =
      'WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Anna>Ja.</v> <v Bram>Nee.</v>\n\n00:00:03.000 --> 00:00:04.000\n<v.loud Bram>Echt niet.\n';
    expect(said(vtt, 'x.vtt')).toEqual([
      ['Anna', 'Ja.', 4],
      ['Bram', 'Nee. Echt niet.', 4],
    ]);
  });

  it('drops ASS positioning tags ({\\an8}) before a speaker name in SRT', () => {
    const srt =
      '1\n00:00:01,000 --> 00:00:02,000\n{\\an8}Anna: Boven in beeld.\n\n2\n00:00:02,000 --> 00:00:03,000\nAnna: {\\i1}Onder{\\i0}.\n';
    expect(said(srt)).toEqual([['Anna', 'Boven in beeld. Onder.', 3]]);
  });

  it('splits dialogue dashes in one cue between the speakers', () => {
    const srt =
      '1\n00:00:01,000 --> 00:00:03,000\n- Anna: Kom je?\n- Bram: Straks.\n\n2\n00:00:03,000 --> 00:00:04,000\n- Anna: Goed.\n';
    expect(said(srt)).toEqual([
      ['Anna', 'Kom je?', 3],
      ['Bram', 'Straks.', 4],
      ['Anna', 'Goed.', 8],
    ]);
  });
});
