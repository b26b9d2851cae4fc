import { error, type Diagnostic } from '../core/diagnostics.js';
import { mergeConsecutive, type Reader, type Turn } from './turn.js';

const TIMING = /^\s*(\d{1,2}:)?(\d{1,2}):(\d{2})[.,](\d{1,3})\s+-->\s+(\d{1,2}:)?\d{1,2}:\d{2}[.,]\d{1,3}/;
const VOICE = /<v(?:\.[^\s>]+)*\s+([^>]+)>/;
// Zoom and SRT put the speaker as "Name: text" in the payload.
const NAME_PREFIX = /^([^:<>\n]{1,60}?):\s+(.*)$/s;

interface Cue {
  line: number;
  start: string;
  payload: string;
  payloadLine: number;
}

/** Splits a subtitle file into cues (blocks separated by blank lines with a timing line). */
function splitCues(text: string, file: string, diagnostics: Diagnostic[]): Cue[] {
  const cues: Cue[] = [];
  const lines = text.split('\n');
  let i = 0;
  while (i < lines.length) {
    while (i < lines.length && lines[i]!.trim() === '') i++;
    const blockStart = i;
    const block: string[] = [];
    while (i < lines.length && lines[i]!.trim() !== '') block.push(lines[i++]!);
    if (block.length === 0) break;
    const first = block[0]!.trim();
    if (/^(WEBVTT|NOTE|STYLE|REGION)\b/.test(first)) continue;
    const t = block.findIndex((l) => TIMING.test(l));
    if (t < 0 || t > 1) {
      diagnostics.push(
        error(
          file,
          blockStart + 1,
          'subtitles/no-timing',
          `Unexpected block without a timing line ("${first.slice(0, 40)}"), expected "00:00:01.000 --> 00:00:04.000"`,
        ),
      );
      continue;
    }
    const timing = TIMING.exec(block[t]!)!;
    const start = `${timing[1] ?? '00:'}${timing[2]!.padStart(2, '0')}:${timing[3]}`;
    const payload = block.slice(t + 1).join('\n');
    if (payload.trim() === '') continue;
    cues.push({ line: blockStart + 1, start, payload, payloadLine: blockStart + t + 2 });
  }
  return cues;
}

function stripTags(text: string): string {
  return text
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Reads WebVTT (Teams: `<v Name>` voice tags; Zoom: `Name: text` payloads) and SubRip.
 * Consecutive cues of one speaker are merged into one turn that keeps the first cue's
 * start time. Cues with no recognisable speaker continue the previous speaker's turn.
 */
export const readSubtitles: Reader = (text, file) => {
  const diagnostics: Diagnostic[] = [];
  const turns: Turn[] = [];
  let lastSpeaker: string | undefined;
  for (const cue of splitCues(text, file, diagnostics)) {
    let speaker: string | undefined;
    let body = cue.payload;
    const voice = VOICE.exec(body);
    if (voice) speaker = voice[1]!.trim();
    else {
      const named = NAME_PREFIX.exec(stripTags(body));
      if (named) {
        speaker = named[1]!.trim();
        body = named[2]!;
      }
    }
    speaker ??= lastSpeaker;
    const said = stripTags(body);
    if (said === '') continue;
    if (!speaker) {
      diagnostics.push(
        error(
          file,
          cue.payloadLine,
          'subtitles/no-speaker',
          'Unexpected cue without a speaker, expected a <v Name> tag or "Name: text"',
        ),
      );
      continue;
    }
    lastSpeaker = speaker;
    turns.push({
      speaker,
      paragraphs: [{ text: said, line: cue.payloadLine }],
      line: cue.payloadLine,
      start: cue.start,
    });
  }
  return { turns: mergeConsecutive(turns, false), diagnostics };
};
