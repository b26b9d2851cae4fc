import { escapeMarkdown } from '../format/markdown.js';

/**
 * Markdown that shows text as it is: no HTML, links or images a viewer would load or run
 * (brackets are escaped too, so a reference-style link `[x]: http://…` defines nothing).
 */
function escaped(text: string): string {
  return escapeMarkdown(text).replace(/[[\]!]/g, '\\$&');
}

/** IMPORT-NOTES.md: what could not be mapped as it was, then the texts that have no place in qualkit. */
export function importNotesMarkdown(
  file: string,
  notes: readonly string[],
  texts: readonly { title: string; text: string }[],
): string {
  const lines = [`# Imported from ${escaped(file)}`, '', 'What could not be mapped as it was:', ''];
  if (notes.length === 0) lines.push('- nothing: everything was mapped');
  for (const n of notes) lines.push(n.startsWith('  ') ? `  - ${escaped(n.trim())}` : `- ${escaped(n)}`);
  if (texts.length > 0) {
    lines.push('', '## Texts with no place in a qualkit study', '');
    for (const t of texts)
      lines.push(
        `### ${escaped(t.title)}`,
        '',
        ...t.text.split(/\r?\n/).map((l) => (l ? `> ${escaped(l)}` : '>')),
        '',
      );
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
