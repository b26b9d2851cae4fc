import type { SourceFormat } from '../config/study-config.js';
import { readChatCsv } from './read-chat-csv.js';
import { readLiterature } from './read-literature.js';
import { readSubtitles } from './read-subtitles.js';
import { readTextTranscript } from './read-text-transcript.js';
import { isWhatsAppLine, readWhatsApp } from './read-whatsapp.js';
import type { Reader } from './turn.js';

/** Source formats by name; `format` in the config and `--help` read these keys. */
/**
 * `docx` is read by the text transcript reader after io/docx-to-text.ts has turned the Word
 * file into text; its line numbers are then Word paragraph numbers.
 */
export const readers: Record<SourceFormat, Reader> = {
  text: readTextTranscript,
  docx: readTextTranscript,
  webvtt: readSubtitles,
  srt: readSubtitles,
  whatsapp: readWhatsApp,
  'chat-csv': readChatCsv,
  literature: readLiterature,
};

/** Chat formats: consecutive messages of one sender are merged into one turn (configurable). */
export const chatFormats: ReadonlySet<SourceFormat> = new Set(['whatsapp', 'chat-csv']);

/**
 * Picks the format of a source from its extension, and for `.txt` from its content: a
 * WhatsApp export is recognised by its first non-empty line carrying a WhatsApp time stamp.
 */
export function detectFormat(file: string, text: string): SourceFormat | undefined {
  const ext = file.toLowerCase().split('.').pop() ?? '';
  if (ext === 'vtt') return 'webvtt';
  if (ext === 'srt') return 'srt';
  if (ext === 'csv' || ext === 'tsv') return 'chat-csv';
  if (ext === 'md' || ext === 'markdown') return 'text';
  if (ext === 'docx') return 'docx';
  if (ext === 'txt' || ext === 'text') {
    // The first non-empty line, found without splitting the whole file (a chat log can be large).
    let at = 0;
    while (at <= text.length) {
      let end = text.indexOf('\n', at);
      if (end === -1) end = text.length;
      const line = text.slice(at, end);
      if (line.trim() !== '') return isWhatsAppLine(line) ? 'whatsapp' : 'text';
      at = end + 1;
    }
    return 'text';
  }
  return undefined;
}
