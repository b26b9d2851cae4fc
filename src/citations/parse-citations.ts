import { expandRanges } from '../core/compress-ranges.js';
import { isFragmentCode, parseFragmentCode } from '../core/fragment-code.js';

export type CitationProblemKind =
  | 'ocr-letter'
  | 'lowercase-letter'
  | 'missing-letter'
  | 'missing-dot'
  | 'missing-comma'
  | 'duplicate'
  | 'bad-range'
  | 'other';

export interface CitationProblem {
  kind: CitationProblemKind;
  /** The offending text as written. */
  token: string;
  /** What was probably meant, when it can be told (`A1.2` for `Al.2`). */
  fix?: string;
  /** 1-based line of the token. */
  line: number;
}

/** One bracketed citation group, such as `[B2.23, B3.7]` or `[D3.22 - D3.25]`. */
export interface CitationGroup {
  line: number;
  endLine: number;
  raw: string;
  /** The well-formed codes, ranges expanded, in the order written (duplicates kept). */
  codes: string[];
  problems: CitationProblem[];
}

// Something a writer meant as a fragment code: letters, digits, a dot or comma inside.
const CODE_LIKE = /^[A-Za-z]?[0-9lIO]+[.,][0-9lIO]+$|^[A-Z][0-9]{2,}$/;

/**
 * A bracket's content is taken for a citation group when it contains only code-ish
 * characters and at least one code-like token: `[sic]`, `[1]`, `[2019]` and Markdown link
 * texts are not citations.
 */
function looksLikeCitation(content: string): boolean {
  if (!/^[\sA-Za-z0-9.,;\-–]+$/.test(content)) return false;
  return content.split(/[\s,;\-–]+/).some((t) => t !== '' && CODE_LIKE.test(t) && /\d/.test(t));
}

/** Classifies one item (between commas) of a citation group; returns codes and problems. */
function parseItem(
  item: string,
  line: number,
  groupLetter: string | undefined,
): { codes: string[]; problems: CitationProblem[] } {
  const token = item.trim();
  if (isFragmentCode(token)) return { codes: [token], problems: [] };
  if (/[-–]/.test(token)) {
    const codes = expandRanges(token);
    if (codes) return { codes, problems: [] };
    return { codes: [], problems: [{ kind: 'bad-range', token, line }] };
  }
  const words = token.split(/\s+/);
  if (words.length > 1 && words.every((w) => CODE_LIKE.test(w))) {
    // Codes without commas between them; each may have a slip of its own (`Bl.5 B2.5`).
    const parts = words.map((w) => parseItem(w, line, groupLetter));
    return {
      codes: parts.flatMap((p) => p.codes),
      problems: [
        ...words.slice(1).map((w, i) => ({
          kind: 'missing-comma' as const,
          token: `${words[i]} ${w}`,
          fix: `${words[i]}, ${w}`,
          line,
        })),
        ...parts.flatMap((p) => p.problems),
      ],
    };
  }
  if (/^[A-Z][0-9lIO]*[lIO][0-9lIO]*\.[0-9lIO]+$|^[A-Z][0-9lIO]+\.[0-9lIO]*[lIO][0-9lIO]*$/.test(token)) {
    return {
      codes: [],
      problems: [
        {
          kind: 'ocr-letter',
          token,
          fix: token[0] + token.slice(1).replace(/[lI]/g, '1').replace(/O/g, '0'),
          line,
        },
      ],
    };
  }
  if (/^[a-z][0-9lIO]+\.[0-9lIO]+$/.test(token)) {
    const fix = token[0]!.toUpperCase() + token.slice(1).replace(/[lI]/g, '1').replace(/O/g, '0');
    return { codes: [], problems: [{ kind: 'lowercase-letter', token, fix, line }] };
  }
  if (/^[1-9]\d*\.[1-9]\d*$/.test(token)) {
    return {
      codes: [],
      problems: [
        { kind: 'missing-letter', token, ...(groupLetter ? { fix: `${groupLetter}${token}` } : {}), line },
      ],
    };
  }
  if (/^[A-Z][1-9]\d$/.test(token)) {
    return {
      codes: [],
      problems: [{ kind: 'missing-dot', token, fix: `${token[0]}${token[1]}.${token[2]}`, line }],
    };
  }
  if (/^[A-Z][1-9]\d{2,}$/.test(token))
    return { codes: [], problems: [{ kind: 'missing-dot', token, line }] };
  return { codes: [], problems: [{ kind: 'other', token, line }] };
}

/**
 * Finds every bracketed citation group in a draft, including groups that wrap across
 * lines and ranges (`A1.30-A1.34`, `D3.22 - D3.25`), and reports, each with its line,
 * malformed codes: OCR letters (`Al.2` for `A1.2`), a missing group letter (`[3.16]`,
 * with the letter of the group's other codes, or of the citation before, as the likely
 * fix), a missing dot (`C55`), a missing comma (`[B2.10 B3.12]`), and the same code twice.
 */
export function parseCitations(text: string): CitationGroup[] {
  const groups: CitationGroup[] = [];
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const lineAt = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  const bracket = /\[([^[\]]{1,400})\](?!\()/g;
  let lastLetter: string | undefined;
  for (let m = bracket.exec(text); m; m = bracket.exec(text)) {
    const content = m[1]!;
    if (!looksLikeCitation(content)) continue;
    const start = m.index;
    const items: { text: string; offset: number }[] = [];
    let offset = start + 1;
    for (const part of content.split(/[,;]/)) {
      if (part.trim() !== '')
        items.push({ text: part, offset: offset + (part.length - part.trimStart().length) });
      offset += part.length + 1;
    }
    const letters = items
      .map((i) => i.text.trim()[0])
      .filter((c): c is string => c !== undefined && /[A-Z]/.test(c));
    const groupLetter = letters[0] ?? lastLetter;
    const codes: string[] = [];
    const problems: CitationProblem[] = [];
    for (const item of items) {
      const parsed = parseItem(item.text.replace(/\s+/g, ' '), lineAt(item.offset), groupLetter);
      codes.push(...parsed.codes);
      problems.push(...parsed.problems);
    }
    const seen = new Set<string>();
    for (const code of codes) {
      if (seen.has(code)) problems.push({ kind: 'duplicate', token: code, line: lineAt(start) });
      seen.add(code);
    }
    const last = [...codes].reverse().find((c) => parseFragmentCode(c));
    if (last) lastLetter = last[0];
    groups.push({
      line: lineAt(start),
      endLine: lineAt(start + m[0].length - 1),
      raw: m[0],
      codes,
      problems,
    });
  }
  return groups;
}
