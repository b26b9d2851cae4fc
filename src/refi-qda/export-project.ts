import type { AttributeValue } from '../config/study-config.js';
import { perspectiveOf } from '../config/perspective.js';
import type { Study } from '../study/study.js';
import { codebookCodes, codeGuid } from './export-codebook.js';
import { uuidV5 } from './uuid-v5.js';
import { xmlDocument, type XmlNode } from './xml-writer.js';

export const PROJECT_NS = 'urn:QDA-XML:project:1.0';

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
 * The study as a REFI-QDA project (QDA-XML 1.0): coders as Users; the codebooks as one
 * CodeBook with a non-codable code per codebook, main labels under it and codable core
 * labels under those; respondents as Cases with their attributes as Variables; every
 * source as a plain-text TextSource (the conversation as "Speaker: text" paragraphs);
 * every fragment as a PlainTextSelection named by its code, with code-point offsets; every
 * coding as a Coding by its coder, memos as Notes. GUIDs are name-based (UUID v5), no
 * dates are written, so the same study always gives the same file. At share level
 * `counts` no source text is exported.
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
  const codebook: XmlNode = {
    name: 'CodeBook',
    children: [
      {
        name: 'Codes',
        children: study.codebooks.map((cb) => ({
          name: 'Code',
          attributes: { guid: g('codebook', cb.id), name: cb.id, isCodable: 'false' },
          children: [
            {
              name: 'Description',
              text: `qualkit codebook ${cb.id}: sub-question ${cb.subquestion}${cb.question ? `\n${cb.question}` : ''}`,
            },
            ...codebookCodes(name, cb),
          ],
        })),
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
  const sourceFiles = [...new Set(study.transcripts.map((t) => t.source))];
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
          ? [...new Set(study.transcripts.filter((t) => t.respondent === r.id).map((t) => t.source))].map(
              (s) => ({ name: 'SourceRef', attributes: { targetGUID: g('source', s) } }),
            )
          : []),
      ],
    })),
  };

  const codebookOf = new Map(study.groups.map((x) => [x.letter, x.codebook]));
  const byFragment = new Map<string, typeof study.codings>();
  for (const c of study.codings)
    if (labels.coders.includes(c.coder))
      byFragment.set(c.fragment, [...(byFragment.get(c.fragment) ?? []), c]);
  if (study.codings.some((c) => c.stance || c.type))
    notes.push('the stance and type columns of codings have no place in REFI-QDA and are not exported');
  if (coders.some((c) => c.scope)) notes.push('coder scopes have no place in REFI-QDA and are not exported');
  const sources = new Map<string, string>();
  const noteNodes: XmlNode[] = [];
  const sourceNodes: XmlNode[] = [];
  if (options.quotes) {
    for (const file of sourceFiles) {
      const transcripts = study.transcripts.filter((t) => t.source === file);
      const guid = g('source', file);
      let text = '';
      // The text's length in code points, kept as it grows (counting the whole text again for
      // every turn would take minutes for a long chat).
      let length = 0;
      const selections: XmlNode[] = [];
      for (const t of transcripts)
        for (const e of t.entries) {
          if (text !== '') {
            text += '\n\n';
            length += 2;
          }
          const prefix = `${e.speaker}: `;
          const start = length + codePointLength(prefix);
          text += prefix + e.text;
          length = start + codePointLength(e.text);
          if (e.kind !== 'fragment') continue;
          const codings = byFragment.get(e.code!) ?? [];
          selections.push({
            name: 'PlainTextSelection',
            attributes: {
              guid: g('fragment', e.code!),
              name: e.code,
              startPosition: start,
              endPosition: length,
            },
            children: codings.map((c) => {
              const noteGuid = g('memo', `${c.coder}|${c.fragment}|${c.label}`);
              if (c.memo)
                noteNodes.push({
                  name: 'Note',
                  attributes: {
                    guid: noteGuid,
                    name: `${c.coder} ${c.fragment} ${c.label}`,
                    creatingUser: g('user', c.coder),
                  },
                  children: [{ name: 'PlainTextContent', text: c.memo }],
                });
              return {
                name: 'Coding',
                attributes: {
                  guid: g('coding', `${c.coder}|${c.fragment}|${c.label}`),
                  creatingUser: g('user', c.coder),
                },
                children: [
                  {
                    name: 'CodeRef',
                    attributes: { targetGUID: codeGuid(name, codebookOf.get(c.fragment[0]!)!, c.label) },
                  },
                  c.memo ? { name: 'NoteRef', attributes: { targetGUID: noteGuid } } : undefined,
                ],
              };
            }),
          });
        }
      sources.set(`${guid}.txt`, text);
      sourceNodes.push({
        name: 'TextSource',
        attributes: { guid, name: file, plainTextPath: `internal://${guid}.txt` },
        children: selections,
      });
    }
  } else
    notes.push(
      'sharing level counts: no source text and no coded selections are exported, only the codebook, coders, respondents and their attributes',
    );

  const description = study.groups
    .map((x) => `qualkit group ${x.letter} | ${x.name} | ${x.kind} | ${x.codebook} | ${perspectiveOf(x)}`)
    .join('\n');
  const qde = xmlDocument({
    name: 'Project',
    attributes: {
      xmlns: PROJECT_NS,
      name,
      origin,
      creatingUserGUID: coders[0] ? g('user', coders[0].name) : undefined,
    },
    children: [
      coders.length > 0 ? users : undefined,
      codebook,
      variables,
      study.respondents.length > 0 ? cases : undefined,
      sourceNodes.length > 0 ? { name: 'Sources', children: sourceNodes } : undefined,
      noteNodes.length > 0 ? { name: 'Notes', children: noteNodes } : undefined,
      { name: 'Description', text: description },
    ],
  });
  return { qde, sources, notes };
}
