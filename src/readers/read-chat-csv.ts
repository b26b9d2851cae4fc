import { error, type Diagnostic } from '../core/diagnostics.js';
import { parseCsv } from '../io/csv.js';
import type { Reader, Turn } from './turn.js';

/**
 * Reads a CSV chat export (one message per row: time stamp, sender, message). Which header
 * holds which field is configurable (`columns` in the source's config); comma or semicolon
 * delimiter, BOM and quoted multi-line messages are handled by the CSV layer.
 */
export const readChatCsv: Reader = (text, file, options) => {
  const columns = options.columns ?? { timestamp: 'timestamp', sender: 'sender', message: 'message' };
  const table = parseCsv(text, file);
  const diagnostics: Diagnostic[] = [...table.diagnostics];
  if (table.header.length === 0) return { turns: [], diagnostics };
  const want = {
    timestamp: columns.timestamp.toLowerCase(),
    sender: columns.sender.toLowerCase(),
    message: columns.message.toLowerCase(),
  };
  const missing = Object.values(want).filter((h) => !table.header.includes(h));
  if (missing.length > 0) {
    diagnostics.push(
      error(
        file,
        1,
        'chat-csv/missing-column',
        `Missing column(s) ${missing.map((m) => `"${m}"`).join(', ')}; the header has ${table.header.map((h) => `"${h}"`).join(', ')} (set "columns" in the source's config)`,
      ),
    );
    return { turns: [], diagnostics };
  }
  const turns: Turn[] = [];
  for (const row of table.rows) {
    const sender = row.cells[want.sender] ?? '';
    const message = row.cells[want.message] ?? '';
    if (sender === '') {
      diagnostics.push(
        error(file, row.line, 'chat-csv/no-sender', 'Unexpected empty sender, expected who sent the message'),
      );
      continue;
    }
    if (message === '') continue;
    const timestamp = row.cells[want.timestamp];
    turns.push({
      speaker: sender,
      paragraphs: [{ text: message, line: row.line }],
      line: row.line,
      ...(timestamp ? { start: timestamp } : {}),
    });
  }
  return { turns, diagnostics };
};
