import { error, type Diagnostic } from '../core/diagnostics.js';
import { decodeEntities } from '../core/html-entities.js';
import { isSpeakerName, speakersAmong } from './speaker-label.js';
import { mergeConsecutive, type Reader, type Turn } from './turn.js';

// A timing line; the WebVTT standard does not require spaces around the arrow.
const TIME = String.raw`(?:(\d{1,2}):)?(\d{1,2}):(\d{2})[.,]\d{1,3}`;
const TIMING = new RegExp(String.raw`^\s*${TIME}\s*-->\s*(?:\d{1,2}:)?\d{1,2}:\d{2}[.,]\d{1,3}`);
// "Name: text" in the payload (Zoom, SRT); "- Name: text" for a dialogue line.
const NAME_PREFIX = /^([^:<>\n]{1,60}?):\s+(.*)$/s;
// A line that is only a cue number (SRT) or a Teams cue id, written just above a timing line.
const CUE_ID = /^\s*(?:\d+|[0-9a-f-]+\/\d+-\d+)\s*$/i;
// Styling tags of WebVTT and SRT and WebVTT time stamps; a `<` not opening one of these is text.
const TAG = /<\/?(?:c|i|b|u|s|v|lang|ruby|rt|font)(?:[.\s][^>]*)?>|<\d{1,2}:\d{2}(?::\d{2})?[.,]\d{1,3}>/gi;
const VOICE_TAG = /<v(?:\.[^\s>]+)*(?:\s+([^>]*))?>|<\/v\s*>/gi;
// ASS/SSA override tags that subtitle editors put in SRT: {\an8}, {\i1}, {\pos(10,20)}.
const ASS_TAG = /\{\\[^}]*\}/g;

interface Cue {
  start: string;
  payload: string[];
  payloadLine: number;
}

/**
 * Splits a subtitle file into cues. As in the WebVTT parsing algorithm, every timing line
 * starts a new cue, also without a blank line before it; a cue number or Teams id just
 * above it belongs to the new cue, not to the text of the one before. Blocks with no
 * timing line (other than the WEBVTT header and NOTE, STYLE and REGION blocks) are reported.
 */
function splitCues(text: string, file: string, diagnostics: Diagnostic[]): Cue[] {
  const cues: Cue[] = [];
  const lines = text.split('\n');
  let cue: Cue | undefined;
  let blockStart = true;
  let skipBlock = false;
  let pending: { line: number; text: string } | undefined;
  const reportNoTiming = (block: { line: number; text: string }) =>
    diagnostics.push(
      error(
        file,
        block.line,
        'subtitles/no-timing',
        `Unexpected block without a timing line ("${block.text.slice(0, 40)}"), expected "00:00:01.000 --> 00:00:04.000"`,
      ),
    );
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') {
      if (pending) reportNoTiming(pending);
      cue = undefined;
      pending = undefined;
      blockStart = true;
      skipBlock = false;
      continue;
    }
    const timing = TIMING.exec(line);
    if (timing) {
      cue = {
        start: `${(timing[1] ?? '0').padStart(2, '0')}:${timing[2]!.padStart(2, '0')}:${timing[3]}`,
        payload: [],
        payloadLine: i + 2,
      };
      cues.push(cue);
      pending = undefined;
      blockStart = false;
      skipBlock = false;
      continue;
    }
    const wasBlockStart = blockStart;
    blockStart = false;
    if (skipBlock) continue;
    if (cue) {
      // A cue number right above the next timing line (no blank line between cues).
      if (CUE_ID.test(line) && i + 1 < lines.length && TIMING.test(lines[i + 1]!)) continue;
      if (cue.payload.length === 0) cue.payloadLine = i + 1;
      cue.payload.push(line);
      continue;
    }
    if (wasBlockStart && /^(WEBVTT|NOTE|STYLE|REGION)(\s|$)/.test(line.trim())) {
      skipBlock = true;
      continue;
    }
    if (pending) {
      // Two lines and still no timing line: report the block once and skip the rest of it.
      reportNoTiming(pending);
      pending = undefined;
      skipBlock = true;
      continue;
    }
    pending = { line: i + 1, text: line.trim() };
  }
  if (pending) reportNoTiming(pending);
  return cues.filter((c) => c.payload.some((l) => l.trim() !== ''));
}

/** Plain text of a payload: styling tags removed, character references decoded, white space collapsed. */
function plain(text: string): string {
  return decodeEntities(text.replace(TAG, '')).replace(/\s+/g, ' ').trim();
}

/** A part of a cue said by one voice: the voice's name when the cue names it. */
interface Part {
  voice?: string;
  text: string;
  line: number;
}

/**
 * The parts of a cue: one per `<v Name>` span (a cue may hold two voices), or one per
 * dialogue line when two or more lines start with a dash (`- Anna: Ja.` / `- Bram: Nee.`),
 * or else the whole cue.
 */
function partsOf(cue: Cue): Part[] {
  const payload = cue.payload.map((l) => l.replace(ASS_TAG, ''));
  const joined = payload.join('\n');
  if (/<v[\s.>]/i.test(joined)) {
    const parts: Part[] = [];
    let voice: string | undefined;
    let at = 0;
    let from = 0;
    const push = (to: number) => {
      const text = joined.slice(from, to);
      if (text.trim() !== '') parts.push({ ...(voice ? { voice } : {}), text, line: lineAt(from) });
    };
    const lineAt = (offset: number) => cue.payloadLine + (joined.slice(0, offset).match(/\n/g)?.length ?? 0);
    for (const m of joined.matchAll(VOICE_TAG)) {
      at = m.index;
      push(at);
      voice = m[0].startsWith('</') ? undefined : m[1]?.trim() || undefined;
      from = at + m[0].length;
    }
    push(joined.length);
    return parts;
  }
  const dashed = payload.filter((l) => /^\s*[-–]\s*\S/.test(l)).length;
  if (dashed >= 2) {
    const parts: Part[] = [];
    payload.forEach((l, k) => {
      if (/^\s*[-–]\s*\S/.test(l) || parts.length === 0)
        parts.push({ text: l.replace(/^\s*[-–]\s*/, ''), line: cue.payloadLine + k });
      else parts[parts.length - 1]!.text += `\n${l}`;
    });
    return parts;
  }
  return [{ text: joined.replace(/^\s*[-–]\s+(?=[^:\n]{1,60}:\s)/, ''), line: cue.payloadLine }];
}

/**
 * Reads WebVTT (Teams: `<v Name>` voice tags; Zoom: `Name: text` payloads) and SubRip.
 * A `Name: ` at the start of a cue names the speaker when the name is declared in the
 * config, is a usual interview label, or starts at least two cues; otherwise ("Dus: via
 * vrienden") it is what was said. Consecutive cues of one speaker are merged into one turn
 * that keeps the first cue's start time; cues with no speaker continue the previous one.
 */
export const readSubtitles: Reader = (text, file, options) => {
  const diagnostics: Diagnostic[] = [];
  const cues = splitCues(text, file, diagnostics).map((cue) => ({ cue, parts: partsOf(cue) }));
  const labels: string[] = [];
  const voices: string[] = [];
  let unvoiced = 0;
  for (const { parts } of cues)
    for (const part of parts) {
      if (part.voice) voices.push(part.voice);
      else unvoiced++;
      const named = NAME_PREFIX.exec(plain(part.text));
      if (named && !part.voice) labels.push(named[1]!.trim());
    }
  const speakers = speakersAmong(labels, [...(options.knownSpeakers ?? []), ...voices]);
  // Zoom names the speaker of every cue: there a name seen once is someone who spoke once.
  if (unvoiced >= 2 && labels.length === unvoiced)
    for (const name of labels) if (isSpeakerName(name, speakers)) speakers.add(name);
  const turns: Turn[] = [];
  let lastSpeaker: string | undefined;
  for (const { cue, parts } of cues)
    for (const part of parts) {
      let speaker = part.voice;
      let said = plain(part.text);
      if (!speaker) {
        const named = NAME_PREFIX.exec(said);
        const name = named?.[1]!.trim();
        if (named && name && speakers.has(name)) {
          speaker = name;
          said = named[2]!.trim();
        }
      }
      speaker ??= lastSpeaker;
      if (said === '') continue;
      if (!speaker) {
        diagnostics.push(
          error(
            file,
            part.line,
            'subtitles/no-speaker',
            'Unexpected cue without a speaker, expected a <v Name> tag or "Name: text"',
          ),
        );
        continue;
      }
      lastSpeaker = speaker;
      turns.push({
        speaker,
        paragraphs: [{ text: said, line: part.line }],
        line: part.line,
        start: cue.start,
      });
    }
  return { turns: mergeConsecutive(turns, false), diagnostics };
};
