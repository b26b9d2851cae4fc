import type { Codebook } from '../codebook/codebook.js';
import { compareRespondentIds, parseFragmentCode, RESPONDENT_ID } from '../core/fragment-code.js';
import { stringifyCsv } from '../io/csv.js';
import { codebookCsv as codebookCsvOf } from './codebook-csv.js';
import { codesToCodebooks, normaliseGuid, readCodeTree } from './import-codes.js';
import { childElement, childElements, textOf } from './parse-xml.js';

export interface ImportedStudy {
  /** Files to write, by path relative to the new study folder. */
  files: Map<string, string>;
  codebooks: Codebook[];
  notes: string[];
  counts: { sources: number; fragments: number; codings: number; coders: number; respondents: number };
}

interface Selection {
  guid: string;
  name: string;
  start: number;
  end: number;
  codings: { user: string; code: string; memo: string }[];
}

const GROUP_LINE =
  /^qualkit group ([A-Z]) \| (.*) \| (interview|chat|literature) \| ([A-Za-z0-9_-]+) \| (self|professional|literature)$/;

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

/**
 * A REFI-QDA project as a qualkit study folder: the code tree as codebooks (see
 * codesToCodebooks), each coded selection as a fragment, users as coders, cases with their
 * variables as respondents. Sources are written as CSV chat exports (one row per selection,
 * the text between selections as context rows), which keeps every fragment's text exactly.
 * A project qualkit exported comes back with its fragment codes, groups and codebooks;
 * what cannot be mapped is listed in `notes`. `readSource` gives the text of an
 * `internal://` path.
 */
export function importProject(
  project: Document,
  readSource: (path: string) => string | undefined,
  fallbackId: string,
): ImportedStudy {
  const root = project.documentElement!;
  const notes: string[] = [];
  const files = new Map<string, string>();
  const users = new Map(
    childElements(childElement(root, 'Users') ?? root, 'User').map((u) => [
      normaliseGuid(u.getAttribute('guid') ?? ''),
      safeName(u.getAttribute('name') || u.getAttribute('id') || 'user'),
    ]),
  );
  const codeTree = readCodeTree(
    childElements(childElement(childElement(root, 'CodeBook') ?? root, 'Codes') ?? root, 'Code'),
  );
  const { codebooks, labelOf, notes: codeNotes } = codesToCodebooks(codeTree, fallbackId);
  notes.push(...codeNotes);

  // Groups: qualkit's own description lines, else one group per letter met.
  const groups = textOf(childElement(root, 'Description'))
    .split('\n')
    .map((l) => GROUP_LINE.exec(l.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ letter: m[1]!, name: m[2]!, kind: m[3]!, codebook: m[4]!, perspective: m[5]! }));

  const variables = new Map(
    childElements(childElement(root, 'Variables') ?? root, 'Variable').map((v) => [
      normaliseGuid(v.getAttribute('guid') ?? ''),
      { name: v.getAttribute('name') ?? 'variable', type: v.getAttribute('typeOfVariable') ?? 'Text' },
    ]),
  );
  const caseOfSource = new Map<string, string>();
  const respondents = new Map<string, Record<string, string | number | boolean>>();
  for (const c of childElements(childElement(root, 'Cases') ?? root, 'Case')) {
    const name = c.getAttribute('name') ?? '';
    const attributes: Record<string, string | number | boolean> = {};
    for (const vv of childElements(c, 'VariableValue')) {
      const v = variables.get(
        normaliseGuid(childElement(vv, 'VariableRef')?.getAttribute('targetGUID') ?? ''),
      );
      const value = childElements(vv)[1];
      if (!v || !value) continue;
      const raw = textOf(value);
      attributes[v.name] =
        value.localName === 'IntegerValue' || value.localName === 'FloatValue'
          ? Number(raw)
          : value.localName === 'BooleanValue'
            ? /^(true|1)$/.test(raw)
            : raw;
    }
    if (!RESPONDENT_ID.test(name)) attributes.case = name;
    respondents.set(name, attributes);
    for (const s of childElements(c, 'SourceRef'))
      caseOfSource.set(normaliseGuid(s.getAttribute('targetGUID') ?? ''), name);
  }

  const noteText = new Map(
    childElements(childElement(root, 'Notes') ?? root, 'Note').map((n) => [
      normaliseGuid(n.getAttribute('guid') ?? ''),
      textOf(childElement(n, 'PlainTextContent')),
    ]),
  );
  const sourcesEl = childElement(root, 'Sources');
  if (sourcesEl)
    for (const other of childElements(sourcesEl).filter((e) => e.localName !== 'TextSource'))
      notes.push(`${other.localName} "${other.getAttribute('name') ?? ''}" is not text and was not imported`);

  // Per source and respondent: its selections in text order.
  type Part = {
    source: string;
    sourceName: string;
    text: string;
    respondent: string;
    selections: Selection[];
  };
  const parts: Part[] = [];
  const fragmentCodes = new Map<string, string>();
  let autoRespondent = 0;
  const codings: { user: string; fragment: string; label: string; memo: string }[] = [];
  for (const src of sourcesEl ? childElements(sourcesEl, 'TextSource') : []) {
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
    if (childElements(src, 'Coding').length > 0)
      notes.push(
        `source "${sourceName}": codings of the whole document cannot be kept (qualkit codes fragments)`,
      );
    const selections: Selection[] = childElements(src, 'PlainTextSelection')
      .map((s) => ({
        guid: normaliseGuid(s.getAttribute('guid') ?? ''),
        name: s.getAttribute('name') ?? '',
        start: Number(s.getAttribute('startPosition')),
        end: Number(s.getAttribute('endPosition')),
        codings: childElements(s, 'Coding').map((c) => {
          const noteRef = childElement(c, 'NoteRef')?.getAttribute('targetGUID');
          return {
            user: users.get(normaliseGuid(c.getAttribute('creatingUser') ?? '')) ?? 'imported',
            code: normaliseGuid(childElement(c, 'CodeRef')?.getAttribute('targetGUID') ?? ''),
            memo: noteRef ? (noteText.get(normaliseGuid(noteRef)) ?? '') : '',
          };
        }),
      }))
      .filter((s) => Number.isInteger(s.start) && Number.isInteger(s.end) && s.end > s.start)
      .sort((a, b) => a.start - b.start || a.end - b.end);
    if (selections.length === 0) {
      notes.push(
        `source "${sourceName}" has no coded selections and was not imported (qualkit's fragments are coded selections)`,
      );
      continue;
    }
    const caseName = caseOfSource.get(guid);
    const byRespondent = new Map<string, Selection[]>();
    for (const s of selections) {
      let respondent = parseFragmentCode(s.name)
        ? s.name.split('.')[0]!
        : caseName && RESPONDENT_ID.test(caseName)
          ? caseName
          : undefined;
      if (respondent === undefined) {
        respondent = caseName
          ? `A${[...respondents.keys()].indexOf(caseName) + 1}`
          : `A${++autoRespondent + respondents.size}`;
        if (caseName && !respondents.has(respondent))
          respondents.set(respondent, respondents.get(caseName) ?? {});
      }
      byRespondent.set(respondent, [...(byRespondent.get(respondent) ?? []), s]);
    }
    for (const [respondent, list] of byRespondent)
      parts.push({ source: guid, sourceName, text, respondent, selections: list });
  }

  // Order sources per respondent so numbering gives back fragment codes that were names.
  const firstNo = (p: Part) =>
    Math.min(...p.selections.map((s) => parseFragmentCode(s.name)?.fragment ?? Number.MAX_SAFE_INTEGER));
  parts.sort((a, b) => compareRespondentIds(a.respondent, b.respondent) || firstNo(a) - firstNo(b));
  const counters = new Map<string, number>();
  const sources: { file: string; respondent: string }[] = [];
  parts.forEach((p, i) => {
    const rows: string[][] = [];
    let at = 0;
    for (const s of p.selections) {
      const gap = sliceCodePoints(p.text, at, s.start).trim();
      if (gap !== '') rows.push(['', 'context', gap.replace(/\r\n/g, '\n')]);
      const n = (counters.get(p.respondent) ?? 0) + 1;
      counters.set(p.respondent, n);
      const code = `${p.respondent}.${n}`;
      if (parseFragmentCode(s.name) && s.name !== code)
        notes.push(`selection "${s.name}" became fragment ${code}`);
      fragmentCodes.set(s.guid, code);
      rows.push(['', 'R', sliceCodePoints(p.text, s.start, s.end).replace(/\r\n/g, '\n')]);
      at = s.end;
      for (const c of s.codings) {
        const label = labelOf.get(c.code);
        if (!label || !label.label.includes('.')) {
          notes.push(
            `a coding of ${code} by ${c.user} refers to ${label ? `main label ${label.label}` : `unknown code ${c.code}`}; not imported`,
          );
          continue;
        }
        codings.push({ user: c.user, fragment: code, label: label.label, memo: c.memo });
      }
    }
    const file = `sources/${String(i + 1).padStart(3, '0')}-${p.respondent}-${safeName(p.sourceName)}.csv`;
    files.set(file, stringifyCsv(['timestamp', 'sender', 'message'], rows));
    sources.push({ file, respondent: p.respondent });
  });

  for (const r of new Set(sources.map((s) => s.respondent))) if (!respondents.has(r)) respondents.set(r, {});
  const respondentIds = [...respondents.keys()]
    .filter((r) => RESPONDENT_ID.test(r))
    .sort(compareRespondentIds);
  for (const r of respondents.keys())
    if (!RESPONDENT_ID.test(r) && !respondentIds.some((id) => respondents.get(id)?.case === r))
      notes.push(`case "${r}" has no coded source and was not imported`);
  for (const letter of new Set(respondentIds.map((r) => r[0]!))) {
    if (!groups.some((x) => x.letter === letter))
      groups.push({
        letter,
        name: `Group ${letter}`,
        kind: 'interview',
        codebook: codebooks[0]?.id ?? fallbackId,
        perspective: 'professional',
      });
  }
  for (const cb of codebooks) files.set(`codebooks/${cb.id}.csv`, codebookCsvOf(cb));
  const coderNames = [...new Set(codings.map((c) => c.user))].sort();
  for (const coder of coderNames)
    files.set(
      `codings/${coder}.csv`,
      stringifyCsv(
        ['fragment', 'label', 'memo'],
        codings.filter((c) => c.user === coder).map((c) => [c.fragment, c.label, c.memo]),
      ),
    );
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
          respondents: respondentIds.map((id) => ({ id, attributes: respondents.get(id) ?? {} })),
          sources: sources.map((s) => ({
            file: s.file,
            respondent: s.respondent,
            speaker: 'R',
            format: 'chat-csv',
          })),
          coders: coderNames.map((name) => ({ name, file: `codings/${name}.csv` })),
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
    counts: {
      sources: parts.length,
      fragments: fragmentCodes.size,
      codings: codings.length,
      coders: coderNames.length,
      respondents: respondentIds.length,
    },
  };
}
