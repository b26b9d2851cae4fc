import { warning, type Diagnostic } from '../core/diagnostics.js';
import { isSpeakerName, USUAL_LABELS } from '../readers/speaker-label.js';
import { readDocx, type DocxDocument } from './read-docx.js';

/** Text for the transcript reader, the Word paragraph of each of its lines, and the speakers its layout names. */
export interface DocxText {
  text: string;
  /** `lineParagraph[n - 1]` is the Word paragraph number of line n of `text`. */
  lineParagraph: number[];
  /** Speakers the layout shows as such (table cells, name headers, bold names): known to the reader. */
  speakers: string[];
}

const TIME = String.raw`\d{1,2}(?::\d{1,2}){1,2}(?:[.,]\d+)?`;
const TIME_ONLY = new RegExp(String.raw`^\[?(${TIME})\]?$`);
// Teams: "Ilse Verbeek   0:03" (name, spaces, time) above what was said.
const NAME_TIME = new RegExp(String.raw`^(.{1,60}?)\s+\[?(${TIME})\]?$`);
// Zoom-style "[Ilse Verbeek] 00:01:23" above what was said.
const BRACKET_NAME_TIME = new RegExp(String.raw`^\[([^\]]{1,60})\]\s+(${TIME})$`);
// Older Teams (Stream) transcripts: "0:0:0.0 --> 0:0:5.600", the name, then what was said.
const TIMING = new RegExp(String.raw`^(${TIME})\s*-->\s*(${TIME})$`);
const TRANSCRIPTION_NOTICE =
  /\b(?:started|stopped) transcription$|\btranscriptie (?:gestart|gestopt|beëindigd)$|\bis gestart met transcriberen$/i;
const HEADER_CELL =
  /^(?:tijd|time|tijdstip|timestamp|spreker|speaker|naam|name|wie|tekst|text|transcript|uitspraak)$/i;

/** "0:3" → "00:00:03", "1:02:03.5" → "01:02:03": one form for start times. */
function normaliseTime(time: string): string {
  const parts = time.split(/[.,]/)[0]!.split(':');
  while (parts.length < 3) parts.unshift('0');
  return parts.map((p) => p.padStart(2, '0')).join(':');
}

/** A label as a name: name-like, or known; a bare word ending a sentence is not one. */
function nameLike(label: string, known: ReadonlySet<string>): boolean {
  if (known.has(label)) return true;
  if (/[.!?,;]$/.test(label) || label.length > 60) return false;
  return isSpeakerName(label.replace(/\s*\((?:gast|guest|extern|external)\)$/i, ''), known);
}

interface Unit {
  text: string;
  paragraph: number;
  paragraphStart: boolean;
  bold?: string;
  /** A line that cannot be a name header (heading, table row). */
  fixed?: boolean;
}

/**
 * Turns a Word document into text for the transcript reader, reading the layouts
 * transcripts come in besides `Naam: tekst`: a (bold) name and a tab before the text; a
 * name on its own line (or paragraph) above the text, also with a time after it (Teams:
 * `Ilse Verbeek   0:03`) or before it (`0:0:0.0 --> 0:0:5.600` and the name: older Teams);
 * tables of two cells (speaker | text) or three (time | speaker | text). A bare name counts
 * when it is declared, bold, or when two names each head at least two paragraphs. Soft line
 * breaks become lines, paragraphs are separated by blank lines; headings become Markdown
 * headings (skipped by the reader). Footnotes, endnotes and comments are not part of it. Pure.
 */
export function docxTranscriptText(doc: DocxDocument, declared: readonly string[] = []): DocxText {
  const known = new Set([...declared, ...USUAL_LABELS]);
  const units: Unit[] = [];
  for (const block of doc.blocks) {
    if (block.kind === 'row') {
      const cells = block.cells.filter((c) => c !== '');
      if (cells.length === 0) continue;
      if (block.first && cells.every((c) => HEADER_CELL.test(c))) continue;
      units.push({ text: rowLine(cells, known), paragraph: block.number, paragraphStart: true, fixed: true });
      continue;
    }
    if (block.text.trim() === '') continue;
    if (block.heading !== undefined) {
      const text = block.text.replace(/\s+/g, ' ').trim();
      units.push({
        text: `${'#'.repeat(block.heading)} ${text}`,
        paragraph: block.number,
        paragraphStart: true,
        fixed: true,
      });
      continue;
    }
    block.text.split('\n').forEach((line, k) => {
      if (line.trim() === '' && k > 0) return;
      units.push({
        text: line,
        paragraph: block.number,
        paragraphStart: k === 0,
        ...(k === 0 && block.boldLead ? { bold: block.boldLead } : {}),
      });
    });
  }

  // Tab layout: "Naam<TAB>tekst" (bold name, or a name heading two paragraphs), "0:01:23<TAB>R<TAB>tekst".
  const tabLabels = new Map<string, number>();
  for (const u of units) {
    if (u.fixed || !u.text.includes('\t')) continue;
    const label = u.text.split('\t')[0]!.trim();
    if (label !== '') tabLabels.set(label, (tabLabels.get(label) ?? 0) + 1);
  }
  // Bare names on their own line.
  const bare = new Map<string, number>();
  for (const u of units) {
    const t = u.text.trim();
    if (!u.fixed && !u.text.includes('\t') && nameLike(t, known)) bare.set(t, (bare.get(t) ?? 0) + 1);
  }
  const repeatedBare = [...bare].filter(([, n]) => n >= 2).map(([name]) => name);
  const bareLayout = repeatedBare.length >= 2;

  const speakers = new Set<string>();
  const header = (u: Unit, next: Unit | undefined): { name: string; time?: string } | undefined => {
    if (u.fixed) return undefined;
    const t = u.text.replace(/\t/g, ' ').trim();
    const withTime = BRACKET_NAME_TIME.exec(t) ?? NAME_TIME.exec(t);
    if (withTime && nameLike(withTime[1]!.trim(), known))
      return { name: withTime[1]!.trim(), time: withTime[2]! };
    const timing = TIMING.exec(t);
    if (timing && next && !next.fixed && nameLike(next.text.trim(), known))
      return { name: next.text.trim(), time: timing[1]! };
    if (u.text.includes('\t') || !nameLike(t, known)) return undefined;
    if (known.has(t) || u.bold === t || (bareLayout && repeatedBare.includes(t))) return { name: t };
    return undefined;
  };

  const lines: string[] = [];
  const lineParagraph: number[] = [];
  let last = 0;
  const emit = (u: Unit, text: string) => {
    if (u.paragraphStart && lines.length > 0) {
      lines.push('');
      lineParagraph.push(last);
    }
    lines.push(text);
    lineParagraph.push(u.paragraph);
    last = u.paragraph;
  };
  for (let i = 0; i < units.length; i++) {
    const u = units[i]!;
    if (!u.fixed && u.paragraphStart && TRANSCRIPTION_NOTICE.test(u.text.trim())) continue;
    const h = header(u, units[i + 1]);
    if (h) {
      speakers.add(h.name);
      if (TIMING.test(u.text.trim())) i++; // the name line was part of the header
      const said = units[i + 1];
      const prefix = `${h.time ? `${normaliseTime(h.time)} ` : ''}${h.name}:`;
      if (said && !said.fixed && !header(said, units[i + 2])) {
        i++;
        emit({ ...said, paragraphStart: true }, `${prefix} ${said.text.replace(/\t/g, ' ').trim()}`);
      } else emit(u, prefix);
      continue;
    }
    if (!u.fixed && u.text.includes('\t')) {
      const fields = u.text.split('\t').map((f) => f.trim());
      const timed = TIME_ONLY.exec(fields[0]!);
      if (timed && fields.length >= 3 && nameLike(fields[1]!, known)) {
        speakers.add(fields[1]!);
        emit(u, `${normaliseTime(timed[1]!)} ${fields[1]}: ${fields.slice(2).join(' ').trim()}`);
        continue;
      }
      const label = fields[0]!;
      if (
        label !== '' &&
        nameLike(label, known) &&
        (u.bold === label || known.has(label) || (tabLabels.get(label) ?? 0) >= 2)
      ) {
        speakers.add(label);
        emit(u, `${label}: ${fields.slice(1).join(' ').trim()}`);
        continue;
      }
    }
    const cellName =
      u.fixed && !u.text.startsWith('#') ? /^(?:\d{2}:\d{2}:\d{2} )?([^:|]+):/.exec(u.text) : null;
    if (cellName && tableName(cellName[1]!)) speakers.add(cellName[1]!);
    emit(u, u.text.replace(/\t/g, ' '));
  }
  return { text: lines.join('\n'), lineParagraph, speakers: [...speakers] };
}

/** A speaker cell of a table: short, a few words, not a sentence ("Respondent 3", "Ilse Verbeek"). */
function tableName(cell: string): boolean {
  return cell.length <= 40 && cell.split(/\s+/).length <= 4 && !/[.!?,;]$/.test(cell);
}

/** A table row as a line: `Naam: tekst` (two cells), `00:01:23 Naam: tekst` (time | speaker | text), else cells joined. */
function rowLine(cells: string[], known: ReadonlySet<string>): string {
  if (cells.length === 2 && cells[0]!.length <= 60 && !cells[0]!.includes(':'))
    return `${cells[0]}: ${cells[1]}`;
  if (cells.length === 3) {
    const [a, b, c] = cells as [string, string, string];
    const ta = TIME_ONLY.exec(a);
    if (ta && b.length <= 60 && !b.includes(':')) return `${normaliseTime(ta[1]!)} ${b}: ${c}`;
    const tb = TIME_ONLY.exec(b);
    if (tb && nameLike(a, known)) return `${normaliseTime(tb[1]!)} ${a}: ${c}`;
  }
  if (cells.length === 2) return `${cells[0]}: ${cells[1]}`;
  return cells.join(' | ');
}

/** Warnings for what a Word transcript holds that is not read as transcript text. */
function leftOut(doc: DocxDocument, shownAs: string): Diagnostic[] {
  const { comments, footnotes, endnotes, insertions, deletions } = doc.counts;
  const out: Diagnostic[] = [];
  const notes = [
    footnotes ? `${footnotes} footnote${footnotes === 1 ? '' : 's'}` : '',
    endnotes ? `${endnotes} endnote${endnotes === 1 ? '' : 's'}` : '',
    comments ? `${comments} comment${comments === 1 ? '' : 's'}` : '',
  ].filter(Boolean);
  if (notes.length > 0)
    out.push(
      warning(
        shownAs,
        undefined,
        'docx/notes-left-out',
        `${notes.join(', ')} not read as transcript text (they are not what was said)`,
      ),
    );
  if (insertions + deletions > 0)
    out.push(
      warning(
        shownAs,
        undefined,
        'docx/tracked-changes',
        `has tracked changes (${insertions} insertions, ${deletions} deletions): read as if all were accepted; accept or reject them in Word to be sure`,
      ),
    );
  return out;
}

/**
 * Reads a .docx transcript: its text for the transcript reader (see docxTranscriptText),
 * and warnings for footnotes, comments and tracked changes. Throws InputError for a file
 * that is not a Word document, saying what to do.
 */
export async function docxToText(
  bytes: Buffer,
  shownAs: string,
  declared: readonly string[] = [],
): Promise<DocxText & { diagnostics: Diagnostic[] }> {
  const doc = await readDocx(bytes, shownAs);
  return { ...docxTranscriptText(doc, declared), diagnostics: leftOut(doc, shownAs) };
}

/**
 * A Word draft as text, line n = Word paragraph n (empty paragraphs and table cell
 * paragraphs counted; a table row on the line of its first paragraph). Footnotes and
 * endnotes stand where their mark is, as `(footnote 3: …)`, so citations in them are found
 * on the line that refers to them; comments are left out. Pure.
 */
export function docxDraftText(doc: DocxDocument): string {
  const lines: string[] = [];
  for (const block of doc.blocks) {
    let text: string;
    if (block.kind === 'row') text = block.cells.filter((c) => c !== '').join(' | ');
    else {
      text = block.text;
      for (const note of [...block.notes].sort((a, b) => b.at - a.at)) {
        const said = doc.notes.get(`${note.kind}:${note.id}`);
        if (said !== undefined)
          text = `${text.slice(0, note.at)} (${note.kind} ${note.id}: ${said})${text.slice(note.at)}`;
      }
    }
    while (lines.length < block.number - 1) lines.push('');
    lines[block.number - 1] = text.replace(/[\t\n]/g, ' ');
  }
  return lines.join('\n');
}
