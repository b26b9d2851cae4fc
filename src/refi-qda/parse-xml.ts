import { DOMParser } from '@xmldom/xmldom';
import { error, InputError } from '../core/diagnostics.js';

/** The element children of a node with a given local name (namespaces ignored). */
export function childElements(node: Element, name?: string): Element[] {
  const out: Element[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling)
    if (c.nodeType === 1 && (name === undefined || (c as Element).localName === name)) out.push(c as Element);
  return out;
}

export function childElement(node: Element, name: string): Element | undefined {
  return childElements(node, name)[0];
}

export function textOf(node: Element | undefined): string {
  return node?.textContent ?? '';
}

/** Parses XML text (BOM and CRLF tolerated); a parse error is an InputError naming the file and line. */
export function parseXml(text: string, file: string): Document {
  const problems: string[] = [];
  const doc = new DOMParser({
    locator: {},
    errorHandler: {
      warning: () => undefined,
      error: (m: string) => problems.push(m),
      fatalError: (m: string) => problems.push(m),
    },
  }).parseFromString(text.replace(/^\uFEFF/, ''), 'text/xml');
  if (problems.length > 0 || !doc.documentElement) {
    const first = problems[0] ?? 'no root element';
    const line = /line:\s*(\d+)/.exec(first);
    throw new InputError([
      error(
        file,
        line ? Number(line[1]) : undefined,
        'refi/bad-xml',
        `Not well-formed XML: ${first.replace(/\s+/g, ' ').slice(0, 200)}`,
      ),
    ]);
  }
  return doc;
}
