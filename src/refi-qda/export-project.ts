import type { AttributeValue } from '../config/study-config.js';
import { perspectiveOf } from '../config/perspective.js';
import type { Study } from '../study/study.js';
import { codebookCodes, codeGuid } from './export-codebook.js';
import { uniqueCodeNames } from './unique-code-names.js';
import { uuidV5 } from './uuid-v5.js';
import { xmlDocument, type XmlNode } from './xml-writer.js';

export const PROJECT_NS = 'urn:QDA-XML:project:1.0';

/**
 * The date written on the project, its sources, selections and codings. QualCoder needs a
 * date on selections and notes (it aborts without one); a fixed one keeps every export of the
 * same study byte for byte the same.
 */
export const EXPORT_DATE = '2000-01-01T00:00:00Z';

export interface ExportedProject {
  /** project.qde */
  qde: string;
  /** sources/<guid>.txt → UTF-8 text */
  sources: Map<string, string>;
  notes: string[];
}

/** Offset in Unicode code points (not UTF-16 units), as REFI-QDA counts positions. */
export function codePointLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

function variableType(values: AttributeValue[]): 'Integer' | 'Float' | 'Boolean' | 'Text' {
  if (values.every((v) => typeof v === 'boolean')) return 'Boolean';
  if (values.every((v) => typeof v === 'number' && Number.isInteger(v))) return 'Integer';
  if (values.every((v) => typeof v === 'number')) return 'Float';
  return 'Text';
}

/**
 * The study as a REFI-QDA project (QDA-XML 1.0), written to what QualCoder, ATLAS.ti, NVivo
 * and MAXQDA read: coders as Users; the codebooks as one CodeBook with a non-codable code per
 * codebook, main labels (non-codable) under it and codable core labels under those, names
 * unique per level (see uniqueCodeNames); respondents as Cases with their attributes as
 * Variables and SourceRefs to their sources; every source as a plain-text TextSource named
 * without folders (`A1-interview.txt`; the conversation as "Speaker: text" paragraphs, `\n`
 * line ends); every coded fragment as one PlainTextSelection per coder (and per memo) carrying
 * that coder as creatingUser, the memo as its Description and the coder's Codings, with
 * code-point offsets. Uncoded fragments are not written (an empty selection becomes an empty
 * annotation elsewhere). So that QualCoder, which reads case–source links only from codes with
 * a case's GUID (NVivo's way), links cases to their text, each case also has a top-level code
 * of its own GUID coding its respondent's text. GUIDs are name-based (UUID v5) and the one date
 * is fixed (EXPORT_DATE), so the same study always gives the same file. At share level `counts`
 * no source text is exported.
 */
export function exportProject(
  study: Study,
  labels: { coders: readonly string[] },
  origin: string,
  options: { quotes: boolean },
): ExportedProject {
  const name = study.config.study;
  const g = (kind: string, key: string) => uuidV5(`qualkit|${name}|${kind}|${key}`);
  const notes: string[] = [];
  const coders = study.config.coders.filter((c) => labels.coders.includes(c.name));
  const users: XmlNode = {
    name: 'Users',
    children: coders.map((c) => ({ name: 'User', attributes: { guid: g('user', c.name), name: c.name } })),
  };
  const names = uniqueCodeNames(study.codebooks);
  // One exported source per file, or per respondent where a file holds several (a literature
  // file: one per publication), so that every source belongs to one case.
  const exportSources: { key: string; file: string; transcripts: typeof study.transcripts }[] = [];
  for (const file of new Set(study.transcripts.map((t) => t.source))) {
    const transcripts = study.transcripts.filter((t) => t.source === file);
    const respondents = [...new Set(transcripts.map((t) => t.respondent))];
    if (respondents.length <= 1) exportSources.push({ key: file, file, transcripts });
    else
      for (const r of respondents)
        exportSources.push({
          key: `${file}|${r}`,
          file,
          transcripts: transcripts.filter((t) => t.respondent === r),
        });
  }
  // A case's own code (NVivo's convention, which QualCoder reads as the case's link to its text).
  const caseCodes: XmlNode[] = options.quotes
    ? study.respondents
        .filter((r) => study.transcripts.some((t) => t.respondent === r.id))
        .map((r) => ({
          name: 'Code',
          attributes: { guid: g('case', r.id), name: r.id, isCodable: 'true' },
          children: [{ name: 'Description', text: `qualkit case ${r.id}: the text of respondent ${r.id}` }],
        }))
    : [];
  const codebook: XmlNode = {
    name: 'CodeBook',
    children: [
      {
        name: 'Codes',
        children: [
          ...study.codebooks.map((cb) => ({
            name: 'Code',
            attributes: { guid: g('codebook', cb.id), name: cb.id, isCodable: 'false' },
            children: [
              {
                name: 'Description',
                text: `qualkit codebook ${cb.id}: sub-question ${cb.subquestion}${cb.question ? `\n${cb.question}` : ''}`,
              },
              ...codebookCodes(name, cb, names),
            ],
          })),
          ...caseCodes,
        ],
      },
    ],
  };
  const attributeNames = [...new Set(study.respondents.flatMap((r) => Object.keys(r.attributes)))].sort();
  const types = new Map(
    attributeNames.map((a) => [
      a,
      variableType(
        study.respondents.map((r) => r.attributes[a]).filter((v): v is AttributeValue => v !== undefined),
      ),
    ]),
  );
  const variables: XmlNode | undefined =
    attributeNames.length === 0
      ? undefined
      : {
          name: 'Variables',
          children: attributeNames.map((a) => ({
            name: 'Variable',
            attributes: { guid: g('variable', a), name: a, typeOfVariable: types.get(a)! },
          })),
        };
  const cases: XmlNode = {
    name: 'Cases',
    children: study.respondents.map((r) => ({
      name: 'Case',
      attributes: { guid: g('case', r.id), name: r.id },
      children: [
        r.label ? { name: 'Description', text: r.label } : undefined,
        ...attributeNames
          .filter((a) => r.attributes[a] !== undefined)
          .map((a) => ({
            name: 'VariableValue',
            children: [
              { name: 'VariableRef', attributes: { targetGUID: g('variable', a) } },
              { name: `${types.get(a)!}Value`, text: String(r.attributes[a]) },
            ],
          })),
        ...(options.quotes
          ? exportSources
              .filter((s) => s.transcripts.some((t) => t.respondent === r.id))
              .map((s) => ({ name: 'SourceRef', attributes: { targetGUID: g('source', s.key) } }))
          : []),
      ],
    })),
  };

  const codebookOf = new Map(study.groups.map((x) => [x.letter, x.codebook]));
  const byFragment = new Map<string, typeof study.codings>();
  for (const c of study.codings)
    if (labels.coders.includes(c.coder)) {
      const list = byFragment.get(c.fragment);
      if (list) list.push(c);
      else byFragment.set(c.fragment, [c]);
    }
  if (study.codings.some((c) => c.stance || c.type))
    notes.push('the stance and type columns of codings have no place in REFI-QDA and are not exported');
  const coderOrder = new Map(coders.map((c, i) => [c.name, i]));
  const sources = new Map<string, string>();
  const sourceNodes: XmlNode[] = [];
  const usedNames = new Set<string>();
  let uncoded = 0;
  const dated = (coder: string | undefined) => ({
    creatingUser: coder === undefined ? undefined : g('user', coder),
    creationDateTime: EXPORT_DATE,
  });
  if (options.quotes) {
    for (const { key, file, transcripts } of exportSources) {
      const guid = g('source', key);
      let text = '';
      // The text's length in code points, kept as it grows (counting the whole text again for
      // every turn would take minutes for a long chat).
      let length = 0;
      const selections: XmlNode[] = [];
      const caseSelections: XmlNode[] = [];
      for (const t of transcripts) {
        const partStart = length + (text === '' ? 0 : 2);
        for (const e of t.entries) {
          if (text !== '') {
            text += '\n\n';
            length += 2;
          }
          const prefix = `${e.speaker}: `;
          const start = length + codePointLength(prefix);
          const words = plainLines(e.text);
          text += prefix + words;
          length = start + codePointLength(words);
          if (e.kind !== 'fragment') continue;
          const codings = byFragment.get(e.code!) ?? [];
          if (codings.length === 0) uncoded++;
          // One selection per coder and memo: QualCoder reads the coder from the selection and
          // a coding's memo from the selection's Description.
          const groups = new Map<string, typeof codings>();
          for (const c of [...codings].sort(
            (a, b) => coderOrder.get(a.coder)! - coderOrder.get(b.coder)! || a.label.localeCompare(b.label),
          )) {
            const key = `${c.coder}\u0000${c.memo}`;
            const list = groups.get(key);
            if (list) list.push(c);
            else groups.set(key, [c]);
          }
          let n = 0;
          for (const list of groups.values()) {
            const { coder, memo } = list[0]!;
            selections.push({
              name: 'PlainTextSelection',
              attributes: {
                guid: g('selection', `${e.code!}|${++n}`),
                name: e.code,
                startPosition: start,
                endPosition: length,
                ...dated(coder),
              },
              children: [
                memo ? { name: 'Description', text: memo } : undefined,
                ...list.map((c) => ({
                  name: 'Coding',
                  attributes: { guid: g('coding', `${c.coder}|${c.fragment}|${c.label}`), ...dated(c.coder) },
                  children: [
                    {
                      name: 'CodeRef',
                      attributes: {
                        targetGUID: codeGuid(name, codebookOf.get(c.fragment[0]!)!, c.label),
                      },
                    },
                  ],
                })),
              ],
            });
          }
        }
        if (study.respondents.some((r) => r.id === t.respondent) && length > partStart)
          caseSelections.push({
            name: 'PlainTextSelection',
            attributes: {
              guid: g('case-text', `${file}|${t.respondent}|${partStart}`),
              name: t.respondent,
              startPosition: partStart,
              endPosition: length,
              ...dated(undefined),
            },
            children: [
              {
                name: 'Coding',
                attributes: {
                  guid: g('case-coding', `${file}|${t.respondent}|${partStart}`),
                  ...dated(undefined),
                },
                children: [{ name: 'CodeRef', attributes: { targetGUID: g('case', t.respondent) } }],
              },
            ],
          });
      }
      sources.set(`${guid}.txt`, text);
      const respondents = [...new Set(transcripts.map((t) => t.respondent))];
      sourceNodes.push({
        name: 'TextSource',
        attributes: {
          guid,
          name: sourceName(file, respondents, usedNames),
          plainTextPath: `internal://${guid}.txt`,
          ...dated(coders[0]?.name),
        },
        children: [...selections, ...caseSelections],
      });
    }
    if (uncoded > 0)
      notes.push(
        `${uncoded} uncoded fragment(s) are not written as selections (other tools would make empty annotations of them); their text is in the source`,
      );
  } else
    notes.push(
      'sharing level counts: no source text and no coded selections are exported, only the codebook, coders, respondents and their attributes',
    );

  const description = [
    ...study.groups.map(
      (x) => `qualkit group ${x.letter} | ${x.name} | ${x.kind} | ${x.codebook} | ${perspectiveOf(x)}`,
    ),
    ...coders.filter((c) => c.scope).map((c) => `qualkit coder ${c.name} | scope ${c.scope!.join(' ')}`),
  ].join('\n');
  const qde = xmlDocument({
    name: 'Project',
    attributes: {
      xmlns: PROJECT_NS,
      name,
      origin,
      creatingUserGUID: coders[0] ? g('user', coders[0].name) : undefined,
      creationDateTime: EXPORT_DATE,
    },
    children: [
      coders.length > 0 ? users : undefined,
      codebook,
      variables,
      study.respondents.length > 0 ? cases : undefined,
      sourceNodes.length > 0 ? { name: 'Sources', children: sourceNodes } : undefined,
      { name: 'Description', text: description },
    ],
  });
  return { qde, sources, notes };
}

/** Line ends as `\n` only: QualCoder shifts every position after a `\r\n` it finds in a source. */
function plainLines(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/**
 * A source's name as other tools show and store it: the file name without its folders (QualCoder
 * copies a source to `documents/<name>`, which fails on a folder), ending in `.txt` because the
 * exported text is plain text, starting with the respondent's id when the source has one
 * respondent (so the link survives a tool that drops case links), unique in the project.
 */
function sourceName(file: string, respondents: string[], used: Set<string>): string {
  const base = file.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '') || 'source';
  const only = respondents.length === 1 ? respondents[0]! : undefined;
  const stem = only && !new RegExp(`^${only}(?![0-9])`).test(base) ? `${only}-${base}` : base;
  let candidate = `${stem}.txt`;
  for (let i = 2; used.has(candidate.toLowerCase()); i++) candidate = `${stem}-${i}.txt`;
  used.add(candidate.toLowerCase());
  return candidate;
}
