import { error, type Diagnostic } from '../core/diagnostics.js';
import type { Reader, Turn } from './turn.js';

// Android: `27-11-2026 14:03 - Naam: bericht`, `27/11/2026, 14:03 - Name: message`, `11/27/26, 2:03 PM - ...`
const ANDROID =
  /^(\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4},? \d{1,2}:\d{2}(?::\d{2})?(?:\s?[APap]\.?[Mm]\.?)?) - (.*)$/;
// iOS: `[27-11-2026 14:03:09] Naam: bericht`, `[27/11/2026, 14:03:09] Name: message`
const IOS = /^\[(\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4},? \d{1,2}:\d{2}(?::\d{2})?(?:\s?[APap]\.?[Mm]\.?)?)\] (.*)$/;
const SENDER = /^([^:]{1,80}?): (.*)$/s;
const EDITED = /\s*<(?:Dit bericht is bewerkt|This message was edited)>\s*$/i;
// Android exports made with media: the attached file's name, then the caption if any.
const ATTACHED = /^\S+\.\w{1,5} \((?:bestand bijgevoegd|file attached)\)[ \t]*\n?/i;
const DIRECTION_MARKS = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const DIRECTION_MARK = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/**
 * Messages WhatsApp writes in place of content: media left out of the export, deleted
 * messages, calls, view-once media, end-to-end notices. Dutch and English wording.
 */
const PLACEHOLDER = new RegExp(
  '^(?:' +
    [
      '<Media weggelaten>',
      '<Media omitted>',
      '<bijlage: [^>]*>',
      '<attached: [^>]*>',
      '(?:afbeelding|video|audio|sticker|GIF|document|contactkaart|foto) weggelaten',
      '(?:image|video|audio|sticker|GIF|document|Contact card|photo) omitted',
      'Dit bericht is verwijderd\\.?',
      'U hebt dit bericht verwijderd\\.?',
      'Je hebt dit bericht verwijderd\\.?',
      'This message was deleted\\.?',
      'You deleted this message\\.?',
      'Gemiste (?:spraak|video)oproep.*',
      'Missed (?:voice|video) call.*',
      'null',
      'Wachten op dit bericht\\. Dit kan even duren\\.?',
      'Waiting for this message\\. This may take a while\\.?',
      'Berichten en (?:oproepen|gesprekken) worden end-to-end versleuteld.*',
      'Messages and calls are end-to-end encrypted.*',
    ].join('|') +
    ')$',
  'is',
);
/**
 * iOS: a document left out of the export ("rooster.pdf • 2 pages document omitted"). Tried
 * only on messages ending so: its leading `[^\n]*` would otherwise scan every message.
 */
const DOCUMENT_OMITTED = /^[^\n]*\.\w{1,5}(?: • [^\n]*)? (?:document omitted|document weggelaten)$/is;

function isPlaceholder(message: string): boolean {
  if (PLACEHOLDER.test(message)) return true;
  const end = message.slice(-10).toLowerCase();
  return (end.endsWith('omitted') || end.endsWith('weggelaten')) && DOCUMENT_OMITTED.test(message);
}

export function isWhatsAppLine(line: string): boolean {
  const clean = line.replace(DIRECTION_MARKS, '');
  return ANDROID.test(clean) || IOS.test(clean);
}

/**
 * Reads a WhatsApp chat export (Android or iOS, Dutch or English layout) into one turn per
 * message. Lines without a time stamp continue the previous message. System lines (no
 * sender) and placeholders such as `<Media weggelaten>` are left out; of a message with an
 * attached file (`IMG-….jpg (bestand bijgevoegd)`) only the caption is kept. Consecutive
 * messages are merged later, when fragments are made, so the choice stays configurable.
 */
export const readWhatsApp: Reader = (text, file) => {
  const diagnostics: Diagnostic[] = [];
  const turns: Turn[] = [];
  const names = new Map<string, string>();
  // The message being read: continuation lines (no time stamp) are added to it until the next one starts.
  let speaker = '';
  let body: string | undefined;
  let line = 0;
  let start = '';
  let system = false;
  const finish = () => {
    if (body === undefined || system) return;
    let clean = body.trimEnd();
    if (clean.endsWith('>')) clean = clean.replace(EDITED, '');
    clean = clean.replace(ATTACHED, '').trim();
    if (clean === '' || isPlaceholder(clean)) return;
    turns.push({ speaker, paragraphs: [{ text: clean, line }], line, start });
  };
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const raw = lines[index]!;
    const row = DIRECTION_MARK.test(raw) ? raw.replace(DIRECTION_MARKS, '') : raw;
    const m = ANDROID.exec(row) ?? IOS.exec(row);
    if (m) {
      finish();
      const sent = SENDER.exec(m[2]!);
      const name = sent ? sent[1]!.trim() : '';
      // One string per name: a chat of a thousand messages has two or three senders.
      const known = names.get(name);
      if (known === undefined) names.set(name, name);
      speaker = known ?? name;
      body = sent ? sent[2]! : m[2]!;
      line = index + 1;
      start = m[1]!;
      system = !sent;
    } else if (body !== undefined) body += `\n${row}`;
    else if (row.trim() !== '')
      diagnostics.push(
        error(
          file,
          index + 1,
          'whatsapp/no-timestamp',
          `Unexpected text before the first message, expected a line like "27-11-2026 14:03 - Naam: bericht"`,
        ),
      );
  }
  finish();
  return { turns, diagnostics };
};
