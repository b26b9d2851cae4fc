import type { CitationCheck } from '../citations/check-citations.js';
import { compressRanges } from '../core/compress-ranges.js';
import { formatDiagnostic } from '../core/diagnostics.js';
import { stringifyCsv } from '../io/csv.js';
import { escapeMarkdown, markdownTable } from './markdown.js';

// A citation group holds only letters, digits, spaces and . , ; - (see parseCitations), so it needs no escaping.
const citationText = (raw: string) => raw.replace(/\s+/g, ' ');

const labelList = (labels: { label: string; fragments: number }[]) =>
  labels.map((l) => `${l.label} (${l.fragments})`).join('; ');

/** Problems first, then every citation group with the labels its fragments carry, then what was never cited. */
export function citationsMarkdown(check: CitationCheck, file: string): string {
  const out: string[] = [`# Citation check — ${escapeMarkdown(file)}`, ''];
  out.push(`## Problems`, '');
  if (check.diagnostics.length === 0) out.push('None.', '');
  else out.push(...check.diagnostics.map((d) => `- \`${formatDiagnostic(d).replace(/`/g, "'")}\``), '');
  out.push(
    `## Citations (${check.groups.length})`,
    '',
    'Labels: the labels the cited fragments carry, with the number of cited fragments carrying each.',
    '',
  );
  out.push(
    markdownTable(
      ['Line', 'Citation', 'Labels'],
      check.groups.map((g) => [
        String(g.line),
        citationText(g.raw),
        escapeMarkdown(labelList(g.labels)) || '–',
      ]),
    ),
  );
  out.push('## Never cited', '');
  out.push(
    markdownTable(
      ['Group', 'Coded fragments never cited', 'Labels never cited'],
      check.uncited.map((u) => [
        u.group,
        u.fragments.length === 0 ? '–' : `${u.fragments.length}: ${compressRanges(u.fragments)}`,
        u.labels.length === 0 ? '–' : escapeMarkdown(u.labels.join('; ')),
      ]),
    ),
  );
  return out.join('\n');
}

export function citationsCsv(check: CitationCheck, options: { excel?: boolean } = {}): string {
  return stringifyCsv(
    ['line', 'end_line', 'citation', 'codes', 'problems', 'labels'],
    check.groups.map((g) => [
      g.line,
      g.endLine,
      g.raw.replace(/\s+/g, ' '),
      g.codes.join(', '),
      g.problems.map((p) => `${p.kind}: ${p.token}${p.fix ? ` → ${p.fix}` : ''}`).join('; '),
      labelList(g.labels),
    ]),
    options,
  );
}

export function citationsJson(check: CitationCheck): string {
  return `${JSON.stringify(check, null, 2)}\n`;
}
