const MARKDOWN_SPECIAL = /[\\`*_|#&<>\n]|\]\(/g;
const HAS_MARKDOWN_SPECIAL = /[\\`*_|#&<>\n]|\]\(/;
const MARKDOWN_REPLACEMENT: Record<string, string> = {
  '\\': '\\\\',
  '`': '\\`',
  '*': '\\*',
  _: '\\_',
  '|': '\\|',
  '#': '\\#',
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '\n': '<br>',
  // Brackets stay readable ([PERSOON-1], [B3.7]); only `](` could start a link.
  '](': ']\\(',
};

/**
 * Escapes text (transcript text above all) for Markdown, so that nothing in it becomes
 * markup: no HTML (`<script>` shows as text), no links, no emphasis, no table breaks.
 * Newlines become `<br>` (the only HTML qualkit itself puts in), so the result fits a
 * table cell or a single line.
 */
export function escapeMarkdown(text: string): string {
  // One pass: this runs on every fragment of the source book.
  return HAS_MARKDOWN_SPECIAL.test(text)
    ? text.replace(MARKDOWN_SPECIAL, (c) => MARKDOWN_REPLACEMENT[c]!)
    : text;
}

/** A GitHub-flavoured Markdown table. Cells must already be escaped. */
export function markdownTable(header: string[], rows: string[][], align?: ('l' | 'r')[]): string {
  const sep = header.map((_, i) => (align?.[i] === 'r' ? '---:' : '---'));
  return [header, sep, ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n') + '\n';
}

/** 0.4166 → `42%`; null → `–`. */
export function percent(share: number | null): string {
  return share === null ? '–' : `${Math.round(share * 100)}%`;
}
