import type { Codebook, CoreLabel, MainLabel } from '../codebook/codebook.js';
import { error, InputError } from '../core/diagnostics.js';
import { childElement, childElements, lineOf, textOf } from './parse-xml.js';
import { CORE_SUFFIX, MAIN_SUFFIX } from './unique-code-names.js';

/** A name as qualkit exported it without the place appended to make it unique (` (dv3 5.A)`). */
function withoutSuffix(name: string, suffix: RegExp, codebook: string): string {
  const m = suffix.exec(name);
  return m && m[1] === codebook ? name.slice(0, m.index) : name;
}

export interface CodeNode {
  guid: string;
  name: string;
  isCodable: boolean;
  color?: string;
  description: string;
  children: CodeNode[];
}

/** Limits on a code tree; beyond them an import is refused (a recursive walk would overflow the stack). */
export const CODE_LIMITS = { codeDepth: 64, codes: 100_000 };

/** Refuses code trees nested deeper than the limit, before anything recursive walks them. */
export function checkCodeTree(codes: Element[], file: string): void {
  const stack = codes.map((c) => ({ el: c, depth: 1 }));
  let count = 0;
  while (stack.length > 0) {
    const { el, depth } = stack.pop()!;
    if (++count > CODE_LIMITS.codes)
      throw new InputError([
        error(file, lineOf(el), 'refi/too-many-codes', `more than ${CODE_LIMITS.codes} codes; refused`),
      ]);
    if (depth > CODE_LIMITS.codeDepth)
      throw new InputError([
        error(
          file,
          lineOf(el),
          'refi/codes-too-deep',
          `codes nested more than ${CODE_LIMITS.codeDepth} deep (at code "${(el.getAttribute('name') ?? '').slice(0, 60)}"); refused`,
        ),
      ]);
    for (const c of childElements(el, 'Code')) stack.push({ el: c, depth: depth + 1 });
  }
}

/** REFI-QDA `Code` elements as a tree (GUIDs lower-cased, braces dropped: tools differ). */
export function readCodeTree(codes: Element[]): CodeNode[] {
  return codes.map((c) => {
    const color = c.getAttribute('color') ?? '';
    return {
      guid: normaliseGuid(c.getAttribute('guid') ?? ''),
      name: (c.getAttribute('name') ?? '').trim(),
      isCodable: /^(true|1)$/i.test(c.getAttribute('isCodable') ?? ''),
      ...(/^#[0-9a-f]{6}$/i.test(color)
        ? { color: color.toUpperCase() }
        : /^#[0-9a-f]{3}$/i.test(color)
          ? {
              color: `#${[...color.slice(1)]
                .map((x) => x + x)
                .join('')
                .toUpperCase()}`,
            }
          : {}),
      description: textOf(childElement(c, 'Description')).trim(),
      children: readCodeTree(childElements(c, 'Code')),
    };
  });
}

export function normaliseGuid(guid: string): string {
  return guid.replace(/[{}]/g, '').toLowerCase();
}

const QUALKIT_CODEBOOK = /^qualkit codebook ([A-Za-z0-9_-]+)(?:: sub-question (\S*))?/;

function letterAt(n: number): string {
  const A = 'A'.charCodeAt(0);
  return n < 26
    ? String.fromCharCode(A + n)
    : String.fromCharCode(A + Math.floor(n / 26) - 1) + String.fromCharCode(A + (n % 26));
}

export interface ImportedCodebooks {
  codebooks: Codebook[];
  /** code GUID → codebook id and label id (`3.J`) it became; main labels map to their id (`3`). */
  labelOf: Map<string, { codebook: string; label: string }>;
  notes: string[];
}

/**
 * Code trees from another tool (or from qualkit) as qualkit codebooks. Top-level codes
 * that qualkit exported as codebooks ("qualkit codebook dv3") each become a codebook;
 * otherwise the whole tree is one codebook named `fallbackId`. Level 1 are main labels,
 * level 2 core labels ("3. …" and "J. …" keep their numbers and letters; other names are
 * numbered in order). Deeper codes are flattened into core labels named "parent / child",
 * and a main label without children gets one core label of the same name; each such change
 * is listed in `notes`.
 */
export function codesToCodebooks(tree: CodeNode[], fallbackId: string): ImportedCodebooks {
  const notes: string[] = [];
  const labelOf = new Map<string, { codebook: string; label: string }>();
  const marked = tree.length > 0 && tree.every((n) => QUALKIT_CODEBOOK.test(n.description));
  const groups = marked
    ? tree.map((n) => {
        const id = QUALKIT_CODEBOOK.exec(n.description)![1]!;
        return {
          id,
          subquestion: QUALKIT_CODEBOOK.exec(n.description)![2] ?? '',
          nodes: n.children.map((m) => ({
            ...m,
            name: withoutSuffix(m.name, MAIN_SUFFIX, id),
            children: m.children.map((c) => ({ ...c, name: withoutSuffix(c.name, CORE_SUFFIX, id) })),
          })),
        };
      })
    : [
        {
          id: fallbackId,
          subquestion: '',
          nodes: tree.map((m) => ({
            ...m,
            name: withoutSuffix(m.name, MAIN_SUFFIX, fallbackId),
            children: m.children.map((c) => ({ ...c, name: withoutSuffix(c.name, CORE_SUFFIX, fallbackId) })),
          })),
        },
      ];
  const codebooks = groups.map(({ id, subquestion, nodes }) => {
    const mains: MainLabel[] = [];
    const usedNos = new Set(
      nodes
        .map((n) => /^(\d+)\.\s/.exec(n.name)?.[1])
        .filter(Boolean)
        .map(Number),
    );
    let nextNo = 1;
    for (const node of nodes) {
      const numbered = /^(\d+)\.\s+(.*)$/.exec(node.name);
      let no: number;
      if (numbered) no = Number(numbered[1]);
      else {
        while (usedNos.has(nextNo)) nextNo++;
        no = nextNo;
        usedNos.add(no);
      }
      const main: MainLabel = {
        id: String(no),
        no,
        label: numbered ? numbered[2]! : node.name,
        definition: node.description,
        cores: [],
        line: 0,
        ...(node.color ? { color: node.color } : {}),
      };
      labelOf.set(node.guid, { codebook: id, label: main.id });
      const flat: { node: CodeNode; name: string }[] = [];
      const walk = (n: CodeNode, prefix: string, depth: number) => {
        const name = prefix ? `${prefix} / ${n.name}` : n.name;
        flat.push({ node: n, name });
        if (depth >= 2 && n.children.length === 0) return;
        for (const c of n.children) walk(c, name, depth + 1);
      };
      for (const c of node.children) walk(c, '', 1);
      const deep = flat.filter((f) => f.name.includes(' / '));
      if (deep.length > 0)
        notes.push(
          `codebook ${id}, main label ${no} "${main.label}": ${deep.length} code(s) nested deeper than two levels were flattened into core labels named "parent / child"`,
        );
      if (flat.length === 0) {
        flat.push({ node: { ...node, children: [] }, name: main.label });
        notes.push(
          `codebook ${id}: main label ${no} "${main.label}" had no child codes; it got one core label of the same name, which receives its codings`,
        );
      } else if (node.isCodable) {
        notes.push(
          `codebook ${id}: main label ${no} "${main.label}" was codable; codings on it cannot be kept (qualkit codes core labels only) and are listed when they occur`,
        );
      }
      const usedLetters = new Set(flat.map((f) => /^([A-Z]{1,2})\.\s/.exec(f.name)?.[1]).filter(Boolean));
      let nextLetter = 0;
      for (const { node: n, name } of flat) {
        const lettered = /^([A-Z]{1,2})\.\s+(.*)$/.exec(name);
        let letter: string;
        if (lettered && !name.includes(' / ')) letter = lettered[1]!;
        else {
          while (usedLetters.has(letterAt(nextLetter))) nextLetter++;
          letter = letterAt(nextLetter);
          usedLetters.add(letter);
        }
        const core: CoreLabel = {
          id: `${no}.${letter}`,
          letter,
          label: lettered && !name.includes(' / ') ? lettered[2]! : name,
          definition: n.description,
          line: 0,
          ...(n.color ? { color: n.color } : {}),
        };
        main.cores.push(core);
        if (n.guid !== node.guid || flat.length === 1) labelOf.set(n.guid, { codebook: id, label: core.id });
      }
      mains.push(main);
    }
    mains.sort((a, b) => a.no - b.no);
    return { id, subquestion, file: `${id}.csv`, mains } satisfies Codebook;
  });
  return { codebooks, labelOf, notes };
}
