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
    const { turns } = readSubtitles(srt, 'b.srt', {});
    expect(turns.map((t) => [t.speaker, turnText(t), t.start])).toEqual([
      ['Interviewer', 'Wat heb je nodig?', '00:00:01'],
      ['Karim', 'Rust. En een bed. meer niet', '00:00:05'],
    ]);
  });

  it('reports a block without timing with its line', () => {
    const { diagnostics } = readSubtitles('WEBVTT\n\n1\nnot a timing\nHallo\n', 'bad.vtt', {});
    expect(diagnostics).toMatchObject([{ file: 'bad.vtt', line: 3, rule: 'subtitles/no-timing' }]);
  });
});
