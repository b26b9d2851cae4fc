import { warning, type Diagnostic } from '../core/diagnostics.js';
import { speakersAmong } from './speaker-label.js';
import type { Paragraph, Reader, Turn } from './turn.js';

/**
 * A speaker line: `Naam: tekst`, `I: tekst`, `**Interviewer:** tekst`, optionally after a
 * time stamp (`[00:01:23] R: ...`, `00:01:23 R: ...`). The name is one to four words;
 * the first starts with a capital, the others too unless they are name particles, so
 * ordinary sentences with a colon ("Let op: ...") are not taken for a speaker.
 */
const SPEAKER_LINE =
  /^\s*(?:\[?(\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?)\]?\s+)?(?:\*\*|__)?([^:*_\n]{1,60}?)(?:\*\*|__)?\s*:\s*(?:\*\*|__)?(?:\s+|$)(.*)$/u;

/**
 * The speaker labels of a transcript: names the config declares, the usual interview
 * labels (I, R, Interviewer, Respondent), and any name-like label that starts a line at
 * least twice. A label seen once ("Nou: dat weet ik niet") is more likely a sentence than a
 * speaker, and stays part of the turn it stands in.
 */
function findSpeakers(lines: readonly string[], declared: readonly string[]): Set<string> {
  const labels: string[] = [];
  for (const line of lines) {
    const m = SPEAKER_LINE.exec(line);
    if (m) labels.push(m[2]!.trim());
  }
  return speakersAmong(labels, declared);
}

/**
 * Reads plain-text and Markdown transcripts. A turn runs from its speaker line to the
 * next; blank lines inside it separate paragraphs. Lines before the first speaker
 * (title, date, Markdown headings) and Markdown headings anywhere are not part of a turn.
 */
export const readTextTranscript: Reader = (text, file, options) => {
  const diagnostics: Diagnostic[] = [];
  const turns: Turn[] = [];
  let current: Turn | undefined;
  let paragraph: Paragraph | undefined;
  const lines = text.split('\n');
  const known = findSpeakers(lines, options.knownSpeakers ?? []);

  const closeParagraph = () => {
    if (current && paragraph && paragraph.text.trim() !== '')
      current.paragraphs.push({ text: paragraph.text.trim(), line: paragraph.line });
    paragraph = undefined;
  };

  lines.forEach((raw, index) => {
    const lineNo = index + 1;
    const line = raw.replace(/\s+$/, '');
    if (/^#{1,6}\s/.test(line) || /^(-{3,}|\*{3,}|_{3,})$/.test(line.trim())) {
      closeParagraph();
      return;
    }
    const m = SPEAKER_LINE.exec(line);
    if (m && known.has(m[2]!.trim())) {
      closeParagraph();
      current = { speaker: m[2]!.trim(), paragraphs: [], line: lineNo, ...(m[1] ? { start: m[1] } : {}) };
      turns.push(current);
      paragraph = { text: m[3]!.trim(), line: lineNo };
      return;
    }
    if (line.trim() === '') {
      closeParagraph();
      return;
    }
    if (!current) return; // preamble before the first speaker
    if (paragraph) paragraph.text += (paragraph.text === '' ? '' : ' ') + line.trim();
    else paragraph = { text: line.trim(), line: lineNo };
  });
  closeParagraph();

  const spoken = turns.filter((t) => t.paragraphs.length > 0);
  for (const t of turns)
    if (t.paragraphs.length === 0)
      diagnostics.push(warning(file, t.line, 'transcript/empty-turn', `Turn of "${t.speaker}" has no text`));
  return { turns: spoken, diagnostics };
};
