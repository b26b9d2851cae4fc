import type { Codebook } from '../codebook/codebook.js';
import { error, InputError } from '../core/diagnostics.js';
import { compareRespondentIds, parseFragmentCode, RESPONDENT_ID } from '../core/fragment-code.js';
import { stringifyCsv } from '../io/csv.js';
import { codebookCsv as codebookCsvOf } from './codebook-csv.js';
import {
  checkCodeTree,
  codesToCodebooks,
  normaliseGuid,
  readCodeTree,
  type CodeNode,
} from './import-codes.js';
import { childElement, childElements, lineOf, textOf } from './parse-xml.js';

export interface ImportedStudy {
  /** Files to write, by path relative to the new study folder. */
  files: Map<string, string>;
  codebooks: Codebook[];
  /** What could not be mapped as it was, one plain-text line each (escape before writing Markdown). */
  notes: string[];
  /** Texts that have no place in a qualkit study (annotations, journals, …), kept for IMPORT-NOTES.md. */
  texts: { title: string; text: string }[];
  counts: { sources: number; fragments: number; codings: number; coders: number; respondents: number };
}

/** Limits on what one project may hold; beyond them the import is refused with a located message. */
export const PROJECT_LIMITS = { selections: 1_000_000, sources: 100_000 };

interface RawCoding {
  user: string;
  code: string;
  memo: string;
}

interface Range {
  start: number;
  end: number;
  codings: RawCoding[];
  /** Qualkit's own fragment code, when the selection's name is one. */
  name?: string;
}

const GROUP_LINE =
  /^qualkit group ([A-Z]) \| (.*) \| (interview|chat|literature) \| ([A-Za-z0-9_-]+) \| (self|professional|literature)$/;

/** "Speaker: " at the end of the text before a selection, and at the start of a paragraph. */
const SPEAKER_BEFORE = /(?:^|\n\n)([^:\n]{1,80}): $/;
const SPEAKER_START = /^([^:\n]{1,80}): /;

const CODER_LINE = /^qualkit coder (\S+) \| scope ((?:[A-Z](?:[1-9]\d*)?)(?: [A-Z](?:[1-9]\d*)?)*)$/;

/** A slice of a text by code points (REFI-QDA positions), start inclusive, end exclusive. */
export function sliceCodePoints(text: string, start: number, end: number): string {
  return Array.from(text).slice(start, end).join('');
}

function safeName(s: string): string {
  return (
    s
      .replace(/[^\p{L}\p{N}_-]+/gu, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'x'
  );
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function withoutCodes(tree: CodeNode[], drop: Set<string>): CodeNode[] {
  return tree
    .filter((n) => !drop.has(n.guid))
    .map((n) => ({ ...n, children: withoutCodes(n.children, drop) }));
}

/**
 * A REFI-QDA project as a qualkit study folder. The code tree becomes codebooks (see
 * codesToCodebooks; codes that only mark a case's text, NVivo's way, are case links); users
 * become coders; cases with their variables and descriptions become respondents. Every text
 * source belongs to one respondent: qualkit's own fragment codes where the selections carry
 * them, else the case linked to it (SourceRef or a case code's selection), else the case its
 * name starts with (`A1-interview.txt`), else a respondent of its own. Every distinct range of
 * selections is one fragment holding every coder's codings on it, with the coding memo from the
 * selection's Description or a NoteRef. Sources are written as CSV chat exports (one row per
 * fragment, the text between as context rows), which keeps every word. Respondents are grouped
 * by the codebook their codings use, so the study passes `validate`. What cannot be mapped is
 * listed in `notes` with counts, texts without a place in `texts`. `readSource` gives the text
 * of an `internal://` path; `file` names the project in messages.
 */
export function importProject(
  project: Document,
  readSource: (path: string) => string | undefined,
  fallbackId: string,
  file = 'project.qde',
): ImportedStudy {
  const root = project.documentElement;
  const notes: string[] = [];
  const texts: { title: string; text: string }[] = [];
  const files = new Map<string, string>();
  const users = new Map<string, string>();
  for (const u of childElements(childElement(root, 'Users') ?? root, 'User'))
    users.set(
      normaliseGuid(u.getAttribute('guid') ?? ''),
      safeName(u.getAttribute('name') || u.getAttribute('id') || 'user'),
    );
  const userOf = (...guids: (string | null)[]) => {
    for (const g of guids) if (g) return users.get(normaliseGuid(g)) ?? 'imported';
    return 'imported';
  };

  // Cases first: their GUIDs mark the codes that are only case links.
  const variables = new Map(
    childElements(childElement(root, 'Variables') ?? root, 'Variable').map((v) => [
      normaliseGuid(v.getAttribute('guid') ?? ''),
      { name: v.getAttribute('name') ?? 'variable', type: v.getAttribute('typeOfVariable') ?? 'Text' },
    ]),
  );
  const readValues = (parent: Element) => {
    const attributes: Record<string, string | number | boolean> = {};
    for (const vv of childElements(parent, 'VariableValue')) {
      const v = variables.get(
        normaliseGuid(childElement(vv, 'VariableRef')?.getAttribute('targetGUID') ?? ''),
      );
      const value = childElements(vv)[1];
      if (!v || !value) continue;
      const raw = textOf(value).trim();
      attributes[v.name] =
        value.localName === 'IntegerValue' || value.localName === 'FloatValue'
          ? Number(raw)
          : value.localName === 'BooleanValue'
            ? /^(true|1)$/i.test(raw)
            : raw;
    }
    return attributes;
  };
  interface CaseInfo {
    name: string;
    attributes: Record<string, string | number | boolean>;
    description: string;
    respondent?: string;
  }
  const cases = new Map<string, CaseInfo>();
  const casesOfSource = new Map<string, string[]>();
  const fileVariables = new Map<string, Record<string, string | number | boolean>>();
  for (const c of childElements(childElement(root, 'Cases') ?? root, 'Case')) {
    const guid = normaliseGuid(c.getAttribute('guid') ?? '');
    const name = c.getAttribute('name');
    const refs = childElements(c, 'SourceRef').map((s) => normaliseGuid(s.getAttribute('targetGUID') ?? ''));
    if (name === null) {
      // MAXQDA and Quirkos: a case without a name carries one source's variables.
      if (refs.length === 1)
        fileVariables.set(refs[0]!, { ...fileVariables.get(refs[0]!), ...readValues(c) });
      continue;
    }
    cases.set(guid, {
      name,
      attributes: readValues(c),
      description: textOf(childElement(c, 'Description')).trim(),
    });
    for (const r of refs) push(casesOfSource, r, guid);
  }

  const codesEl = childElements(
    childElement(childElement(root, 'CodeBook') ?? root, 'Codes') ?? root,
    'Code',
  );
  checkCodeTree(codesEl, file);
  const caseCodes = new Set([...cases.keys()]);
  const codeTree = withoutCodes(readCodeTree(codesEl), caseCodes);
  const { codebooks, labelOf, notes: codeNotes } = codesToCodebooks(codeTree, fallbackId);
  notes.push(...codeNotes);
  const codebookOfLabel = (code: string) => labelOf.get(code)?.codebook;

  // Groups: qualkit's own description lines (kept by QualCoder as the project memo).
  const projectDescription = textOf(childElement(root, 'Description'));
  const groups = projectDescription
    .split('\n')
    .map((l) => GROUP_LINE.exec(l.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ letter: m[1]!, name: m[2]!, kind: m[3]!, codebook: m[4]!, perspective: m[5]! }));
  const scopes = new Map(
    projectDescription
      .split('\n')
      .map((l) => CODER_LINE.exec(l.trim()))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1]!, m[2]!.split(' ')]),
  );
  const qualkitOrigin = groups.length > 0;
  const otherDescription = projectDescription
    .split('\n')
    .filter((l) => !GROUP_LINE.test(l.trim()) && !CODER_LINE.test(l.trim()))
    .join('\n')
    .trim();
  if (otherDescription) texts.push({ title: 'Project description', text: otherDescription });

  // Notes: memos (by NoteRef), annotations (a Note holding a selection), journals.
  const noteEls = childElements(childElement(root, 'Notes') ?? root, 'Note');
  const noteText = new Map<string, string>();
  const noteByGuid = new Map(noteEls.map((n) => [normaliseGuid(n.getAttribute('guid') ?? ''), n]));
  for (const n of noteEls) {
    const inline = childElement(n, 'PlainTextContent');
    const path = n.getAttribute('plainTextPath');
    noteText.set(
      normaliseGuid(n.getAttribute('guid') ?? ''),
      (inline ? textOf(inline) : path ? (readSource(path) ?? '') : '').trim(),
    );
  }
  const usedNotes = new Set<string>();
  const memoOf = (refs: Element[]) =>
    refs
      .map((r) => {
        const g = normaliseGuid(r.getAttribute('targetGUID') ?? '');
        usedNotes.add(g);
        return noteText.get(g) ?? '';
      })
      .filter(Boolean)
      .join('\n');

  const sourcesEl = childElement(root, 'Sources');
  const otherSources = new Map<string, number>();
  for (const other of sourcesEl ? childElements(sourcesEl).filter((e) => e.localName !== 'TextSource') : [])
    otherSources.set(other.localName, (otherSources.get(other.localName) ?? 0) + 1);
  for (const [kind, n] of otherSources)
    notes.push(`${n} ${kind}(s) not imported: qualkit reads text sources only`);

  // Per source: its text, its distinct ranges with all codings, and who it belongs to.
  interface Part {
    sourceName: string;
    chars: string[];
    respondent: string;
    ranges: Range[];
    /** The stretch of the text that is this part's (context rows come from it only). */
    bounds: [number, number];
    /** The source's own variables (QualCoder's file attributes, MAXQDA's document variables). */
    vars: Record<string, string | number | boolean>;
  }
  const parts: Part[] = [];
  const problems = { bad: [] as string[], overlap: 0, duplicate: 0, annotations: 0 };
  let selectionCount = 0;
  let sourceCount = 0;
  const unlinked: { sourceName: string; index: number }[] = [];
  const caseByName = new Map([...cases.values()].map((c) => [c.name, c]));
  const textSources = sourcesEl ? childElements(sourcesEl, 'TextSource') : [];
  for (const src of textSources) {
    if (++sourceCount > PROJECT_LIMITS.sources)
      throw new InputError([
        error(
          file,
          lineOf(src),
          'refi/too-many-sources',
          `more than ${PROJECT_LIMITS.sources} sources; refused`,
        ),
      ]);
    const guid = normaliseGuid(src.getAttribute('guid') ?? '');
    const sourceName = src.getAttribute('name') ?? guid;
    const inline = childElement(src, 'PlainTextContent');
    const path = src.getAttribute('plainTextPath') ?? '';
    const text = inline ? textOf(inline) : readSource(path);
    if (text === undefined) {
      notes.push(
        `source "${sourceName}": its text (${path || 'no plainTextPath'}) is not in the file; skipped`,
      );
      continue;
    }
    const chars = Array.from(text);
    const description = textOf(childElement(src, 'Description')).trim();
    if (description) texts.push({ title: `Description of source "${sourceName}"`, text: description });
    const docCodings = childElements(src, 'Coding').length;
    if (docCodings > 0)
      notes.push(
        `source "${sourceName}": ${docCodings} coding(s) of the whole document cannot be kept (qualkit codes fragments)`,
      );
    const sourceVars = { ...fileVariables.get(guid), ...readValues(src) };
    for (const ref of childElements(src, 'NoteRef')) {
      const g = normaliseGuid(ref.getAttribute('targetGUID') ?? '');
      usedNotes.add(g);
      const note = noteByGuid.get(g);
      const sel = note ? childElement(note, 'PlainTextSelection') : undefined;
      const where = sel
        ? `, at ${sel.getAttribute('startPosition')}–${sel.getAttribute('endPosition')}: "${sliceCodePoints(text, Number(sel.getAttribute('startPosition')), Number(sel.getAttribute('endPosition'))).slice(0, 80)}"`
        : '';
      problems.annotations++;
      texts.push({ title: `Annotation in source "${sourceName}"${where}`, text: noteText.get(g) ?? '' });
    }

    // Distinct ranges, every coder's codings on each.
    const byRange = new Map<string, Range>();
    const caseRanges: { start: number; end: number; case: string }[] = [];
    for (const s of childElements(src, 'PlainTextSelection')) {
      if (++selectionCount > PROJECT_LIMITS.selections)
        throw new InputError([
          error(
            file,
            lineOf(s),
            'refi/too-many-selections',
            `more than ${PROJECT_LIMITS.selections} selections; refused`,
          ),
        ]);
      const startText = s.getAttribute('startPosition') ?? '';
      const endText = s.getAttribute('endPosition') ?? '';
      const start = /^\d+$/.test(startText) ? Number(startText) : NaN;
      const end = /^\d+$/.test(endText) ? Number(endText) : NaN;
      const where = `source "${sourceName}", selection ${s.getAttribute('guid') ?? ''} (line ${lineOf(s) ?? '?'})`;
      if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start >= end || end > chars.length) {
        problems.bad.push(
          `${where}: positions ${startText}–${endText} ${
            !Number.isSafeInteger(start) || !Number.isSafeInteger(end)
              ? 'are not whole numbers ≥ 0'
              : start >= end
                ? 'are empty or reversed'
                : `run past the end of the text (${chars.length} characters)`
          }; its codings were not imported`,
        );
        continue;
      }
      const description = textOf(childElement(s, 'Description')).trim();
      const selectionMemo = [description, memoOf(childElements(s, 'NoteRef'))].filter(Boolean).join('\n');
      const codingEls = childElements(s, 'Coding');
      if (codingEls.length === 0) {
        if (selectionMemo) {
          problems.annotations++;
          texts.push({
            title: `Annotation in source "${sourceName}", at ${start}–${end}: "${chars.slice(start, Math.min(end, start + 80)).join('')}"`,
            text: selectionMemo,
          });
        }
        continue;
      }
      const name = s.getAttribute('name') ?? '';
      const key = `${start}-${end}`;
      let range = byRange.get(key);
      if (!range) {
        range = { start, end, codings: [], ...(parseFragmentCode(name) ? { name } : {}) };
        byRange.set(key, range);
      }
      for (const c of codingEls) {
        const code = normaliseGuid(childElement(c, 'CodeRef')?.getAttribute('targetGUID') ?? '');
        if (caseCodes.has(code)) {
          caseRanges.push({ start, end, case: code });
          continue;
        }
        const memo = [selectionMemo, memoOf(childElements(c, 'NoteRef'))].filter(Boolean).join('\n');
        range.codings.push({
          user: userOf(c.getAttribute('creatingUser'), s.getAttribute('creatingUser')),
          code,
          memo,
        });
      }
    }
    const ranges = [...byRange.values()]
      .filter((r) => r.codings.length > 0)
      .sort((a, b) => a.start - b.start || b.end - a.end);
    // Overlapping ranges cannot be two fragments of one text: a range that starts inside the
    // one before it gives its codings to that one.
    const kept: Range[] = [];
    for (const r of ranges) {
      const last = kept[kept.length - 1];
      if (last && r.start < last.end) {
        problems.overlap++;
        last.codings.push(...r.codings);
        if (r.end > last.end) last.end = r.end;
      } else kept.push(r);
    }

    // Who the source belongs to.
    const linked = [...new Set([...(casesOfSource.get(guid) ?? []), ...caseRanges.map((r) => r.case)])];
    const byName = [...caseByName.values()].find((c) =>
      new RegExp(`^${c.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}])`, 'u').test(sourceName),
    );
    const caseFor = (r: Range): string | undefined => {
      if (r.name) return undefined;
      const inRange = caseRanges.find((c) => c.start <= r.start && r.end <= c.end);
      if (inRange) return inRange.case;
      if (linked.length > 0) return linked[0];
      return byName ? [...cases].find(([, c]) => c === byName)![0] : undefined;
    };
    if (linked.length > 1 && caseRanges.length === 0)
      notes.push(
        `source "${sourceName}" is linked to ${linked.length} cases; its fragments were given to the first, ${cases.get(linked[0]!)!.name}`,
      );
    const byRespondent = new Map<string, Range[]>();
    for (const r of kept) {
      let respondent: string;
      if (r.name) respondent = r.name.split('.')[0]!;
      else {
        const c = caseFor(r);
        if (c) {
          const info = cases.get(c)!;
          info.respondent ??= RESPONDENT_ID.test(info.name) ? info.name : `?case:${c}`;
          respondent = info.respondent;
        } else {
          respondent = `?source:${parts.length}`;
        }
      }
      push(byRespondent, respondent, r);
    }
    for (const [respondent, list] of byRespondent) {
      if (respondent.startsWith('?source:')) unlinked.push({ sourceName, index: parts.length });
      const own = caseRanges.find((c) => c.start <= list[0]!.start && list[list.length - 1]!.end <= c.end);
      const bounds: [number, number] =
        byRespondent.size === 1
          ? [0, chars.length]
          : own
            ? [own.start, own.end]
            : [list[0]!.start, list[list.length - 1]!.end];
      parts.push({ sourceName, chars, respondent, ranges: list, bounds, vars: sourceVars });
    }
    if (kept.length === 0)
      notes.push(
        `source "${sourceName}" has no coded selections and was not imported (qualkit's fragments are coded selections)`,
      );
  }
  if (problems.bad.length > 0)
    notes.push(
      `${problems.bad.length} selection(s) with positions outside their text were not imported:`,
      ...problems.bad.slice(0, 20).map((b) => `  ${b}`),
      ...(problems.bad.length > 20 ? [`  … and ${problems.bad.length - 20} more`] : []),
    );
  if (problems.overlap > 0)
    notes.push(
      `${problems.overlap} selection(s) overlapped the one before them without the same range; their codings were put on that fragment`,
    );
  const sourceGuids = new Set(textSources.map((s) => normaliseGuid(s.getAttribute('guid') ?? '')));
  const dangling = [...casesOfSource.keys()].filter((g) => !sourceGuids.has(g)).length;
  if (dangling > 0)
    notes.push(
      `${dangling} case link(s) (SourceRef) point to no source of the project (QualCoder writes such links); a source whose name starts with a case's name was given to that case`,
    );
  if (unlinked.length > 0)
    notes.push(
      `${unlinked.length} source(s) had no case (no SourceRef, no case code, no case name at the start of the source name); each became a respondent of its own`,
    );

  // Respondent ids. Case names that are ids stay; others get the letter of the group that uses
  // the codebook their codings come from, and the next free number.
  const codebookOfPart = (p: Part) => {
    const counts = new Map<string, number>();
    for (const r of p.ranges)
      for (const c of r.codings) {
        const cb = codebookOfLabel(c.code);
        if (cb) counts.set(cb, (counts.get(cb) ?? 0) + 1);
      }
    return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? codebooks[0]?.id ?? fallbackId;
  };
  const taken = new Set(parts.map((p) => p.respondent).filter((r) => RESPONDENT_ID.test(r)));
  for (const c of cases.values()) if (RESPONDENT_ID.test(c.name)) taken.add(c.name);
  const letterFor = (codebook: string) => {
    const g = groups.find((x) => x.codebook === codebook);
    if (g) return g.letter;
    for (let i = 0; i < 26; i++) {
      const letter = String.fromCharCode(65 + i);
      if (!groups.some((x) => x.letter === letter) && ![...taken].some((t) => t[0] === letter)) {
        groups.push({
          letter,
          name: `Group ${letter}`,
          kind: 'interview',
          codebook,
          perspective: 'professional',
        });
        return letter;
      }
    }
    return 'Z';
  };
  const nextNumber = new Map<string, number>();
  const newId = (letter: string) => {
    let n = nextNumber.get(letter) ?? 1;
    while (taken.has(`${letter}${n}`)) n++;
    nextNumber.set(letter, n + 1);
    taken.add(`${letter}${n}`);
    return `${letter}${n}`;
  };
  const assigned = new Map<string, string>();
  for (const p of parts) {
    if (RESPONDENT_ID.test(p.respondent)) continue;
    let id = assigned.get(p.respondent);
    if (!id) {
      id = newId(letterFor(codebookOfPart(p)));
      assigned.set(p.respondent, id);
      if (p.respondent.startsWith('?case:')) cases.get(p.respondent.slice(6))!.respondent = id;
    }
    p.respondent = id;
  }
  // A respondent whose codings come from another codebook than its group's would not validate.
  for (const p of parts) {
    const cb = codebookOfPart(p);
    const g = groups.find((x) => x.letter === p.respondent[0]);
    if (g && g.codebook !== cb && p.ranges.some((r) => r.codings.some((c) => codebookOfLabel(c.code) === cb)))
      notes.push(
        `respondent ${p.respondent} (group ${g.letter}, codebook ${g.codebook}) has codings with labels of codebook ${cb}; validate will list them`,
      );
  }

  // Fragments, numbered per respondent in text order.
  const order = (p: Part) =>
    Math.min(
      ...p.ranges.map((r) => (r.name ? parseFragmentCode(r.name)!.fragment : Number.MAX_SAFE_INTEGER)),
    );
  const sorted = parts
    .map((p, i) => ({ p, i }))
    .sort(
      (a, b) => compareRespondentIds(a.p.respondent, b.p.respondent) || order(a.p) - order(b.p) || a.i - b.i,
    );
  const counters = new Map<string, number>();
  const sources: { file: string; respondent: string }[] = [];
  const codings: { user: string; fragment: string; label: string; memo: string }[] = [];
  const renamed: string[] = [];
  const dropped: string[] = [];
  let fragments = 0;
  sorted.forEach(({ p }, i) => {
    const rows: string[][] = [];
    let at = p.bounds[0];
    // In a project qualkit wrote, the text is "Speaker: turn" paragraphs: the speakers before
    // coded ranges are the respondent's, and their uncoded turns are fragments too.
    const speakers = new Set<string>();
    if (qualkitOrigin)
      for (const r of p.ranges) {
        const m = SPEAKER_BEFORE.exec(p.chars.slice(Math.max(0, r.start - 84), r.start).join(''));
        if (m) speakers.add(m[1]!);
      }
    const addGap = (gap: string) => {
      const text = gap.replace(/\r\n?/g, '\n');
      if (speakers.size === 0) {
        if (text.trim() !== '') rows.push(['', 'context', text.trim()]);
        return;
      }
      const first = rows.length;
      for (const paragraph of text.replace(SPEAKER_BEFORE, '').split('\n\n')) {
        if (paragraph.trim() === '') continue;
        const m = SPEAKER_START.exec(paragraph);
        if (m && speakers.has(m[1]!)) {
          rows.push(['', 'R', paragraph.slice(m[0].length)]);
          const n = (counters.get(p.respondent) ?? 0) + 1;
          counters.set(p.respondent, n);
          fragments++;
        } else if (m || rows.length === first) rows.push(['', 'context', paragraph.trim()]);
        else rows[rows.length - 1]![2] += `\n\n${paragraph}`;
      }
    };
    for (const r of p.ranges) {
      addGap(p.chars.slice(at, r.start).join(''));
      const n = (counters.get(p.respondent) ?? 0) + 1;
      counters.set(p.respondent, n);
      const code = `${p.respondent}.${n}`;
      fragments++;
      if (r.name && r.name !== code) renamed.push(`${r.name} → ${code}`);
      rows.push(['', 'R', p.chars.slice(r.start, r.end).join('').replace(/\r\n?/g, '\n')]);
      at = r.end;
      const seen = new Map<string, (typeof codings)[number]>();
      for (const c of r.codings) {
        const label = labelOf.get(c.code);
        if (!label || !label.label.includes('.')) {
          dropped.push(
            `a coding of ${code} by ${c.user} refers to ${label ? `main label ${label.label}` : `unknown code ${c.code}`}`,
          );
          continue;
        }
        const key = `${c.user}|${label.label}`;
        const before = seen.get(key);
        if (before) {
          problems.duplicate++;
          if (c.memo && !before.memo.split('\n').includes(c.memo))
            before.memo = [before.memo, c.memo].filter(Boolean).join('\n');
          continue;
        }
        const coding = { user: c.user, fragment: code, label: label.label, memo: c.memo };
        seen.set(key, coding);
        codings.push(coding);
      }
    }
    addGap(p.chars.slice(at, Math.max(at, p.bounds[1])).join(''));
    const file = `sources/${String(i + 1).padStart(3, '0')}-${p.respondent}-${safeName(p.sourceName)}.csv`;
    files.set(file, stringifyCsv(['timestamp', 'sender', 'message'], rows));
    sources.push({ file, respondent: p.respondent });
  });
  if (renamed.length > 0)
    notes.push(
      `${renamed.length} selection name(s) became other fragment codes: ${renamed.slice(0, 20).join(', ')}`,
    );
  if (dropped.length > 0)
    notes.push(
      `${dropped.length} coding(s) not imported (qualkit codes core labels only):`,
      ...dropped.slice(0, 20).map((d) => `  ${d}`),
      ...(dropped.length > 20 ? [`  … and ${dropped.length - 20} more`] : []),
    );
  if (problems.duplicate > 0)
    notes.push(
      `${problems.duplicate} coding(s) repeated a coder's label on the same fragment and were merged (memos joined)`,
    );
  if (problems.annotations > 0)
    notes.push(
      `${problems.annotations} annotation(s) have no place in qualkit; their texts are listed below`,
    );

  // Journals and other notes no coding or source refers to.
  let journals = 0;
  for (const n of noteEls) {
    const g = normaliseGuid(n.getAttribute('guid') ?? '');
    if (usedNotes.has(g) || childElement(n, 'PlainTextSelection')) continue;
    journals++;
    texts.push({ title: `Note "${n.getAttribute('name') ?? g}"`, text: noteText.get(g) ?? '' });
  }
  if (journals > 0)
    notes.push(`${journals} note(s) or journal(s) have no place in qualkit; their texts are listed below`);
  for (const [kind, label] of [
    ['Links', 'link'],
    ['Sets', 'set'],
    ['Graphs', 'graph'],
  ] as const) {
    const n = childElements(childElement(root, kind) ?? root).length;
    if (childElement(root, kind) && n > 0)
      notes.push(`${n} ${label}(s) not imported: qualkit has no ${kind.toLowerCase()}`);
  }

  const respondentIds = [...new Set(sources.map((s) => s.respondent))].sort(compareRespondentIds);
  const infoOf = new Map<string, CaseInfo>();
  for (const c of cases.values()) {
    const id = c.respondent ?? (RESPONDENT_ID.test(c.name) ? c.name : undefined);
    if (id && respondentIds.includes(id)) infoOf.set(id, c);
  }
  const unusedCases = [...cases.values()].filter((c) => ![...infoOf.values()].includes(c));
  if (unusedCases.length > 0)
    notes.push(
      `${unusedCases.length} case(s) have no coded source and were not imported: ${unusedCases
        .slice(0, 20)
        .map((c) => c.name)
        .join(', ')}`,
    );
  for (const p of parts) {
    if (Object.keys(p.vars).length === 0) continue;
    const info = infoOf.get(p.respondent);
    if (info) info.attributes = { ...p.vars, ...info.attributes };
    else infoOf.set(p.respondent, { name: p.respondent, attributes: { ...p.vars }, description: '' });
  }
  const respondentConfig = respondentIds.map((id) => {
    const info = infoOf.get(id);
    const attributes = { ...(info?.attributes ?? {}) };
    if (info && info.name !== id) attributes.case = info.name;
    return { id, ...(info?.description ? { label: info.description } : {}), attributes };
  });

  for (const cb of codebooks) files.set(`codebooks/${cb.id}.csv`, codebookCsvOf(cb));
  const coderNames = [...new Set(codings.map((c) => c.user))].sort();
  const byCoder = new Map<string, string[][]>();
  for (const c of codings) push(byCoder, c.user, [c.fragment, c.label, c.memo]);
  for (const coder of coderNames)
    files.set(`codings/${coder}.csv`, stringifyCsv(['fragment', 'label', 'memo'], byCoder.get(coder)!));
  if (sources.length > 0) {
    files.set(
      'qualkit.json',
      `${JSON.stringify(
        {
          study: root.getAttribute('name') ?? fallbackId,
          language: 'nl',
          codebooks: codebooks.map((cb) => ({ id: cb.id, file: `codebooks/${cb.id}.csv` })),
          groups: groups
            .filter((x) => respondentIds.some((r) => r[0] === x.letter))
            .map((x) => ({
              letter: x.letter,
              name: x.name,
              kind: x.kind,
              codebook: codebooks.some((c) => c.id === x.codebook) ? x.codebook : codebooks[0]!.id,
              perspective: x.perspective,
            })),
          respondents: respondentConfig,
          sources: sources.map((s) => ({
            file: s.file,
            respondent: s.respondent,
            speaker: 'R',
            format: 'chat-csv',
          })),
          coders: coderNames.map((name) => ({
            name,
            file: `codings/${name}.csv`,
            ...(scopes.has(name) ? { scope: scopes.get(name) } : {}),
          })),
          fragments: { split: 'turn', mergeMessages: false },
        },
        null,
        2,
      )}\n`,
    );
  } else
    notes.push(
      `the project has no coded text sources, so only its codebook${codebooks.some((c) => c.mains.length > 0) ? '' : ' (which is empty)'} was imported and no qualkit.json was written`,
    );
  return {
    files,
    codebooks,
    notes,
    texts,
    counts: {
      sources: parts.length,
      fragments,
      codings: codings.length,
      coders: coderNames.length,
      respondents: respondentIds.length,
    },
  };
}
