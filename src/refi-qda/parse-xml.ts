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

/** The line an element starts on (xmldom's locator), for messages. */
export function lineOf(node: Element): number | undefined {
  const n = (node as unknown as { lineNumber?: number }).lineNumber;
  return typeof n === 'number' ? n : undefined;
}

export function textOf(node: Element | undefined): string {
  return node?.textContent ?? '';
}

/** Parses XML text (BOM and CRLF tolerated); a parse error is an InputError naming the file and line. */
export function parseXml(text: string, file: string): Document {
  const problems: string[] = [];
  const bare = bareAmpersand(text);
  if (bare !== undefined)
    throw new InputError([
      error(
        file,
        lineAt(text, bare),
        'refi/bad-xml',
        `Not well-formed XML: "&" that starts no entity (write &amp;): ${JSON.stringify(text.slice(bare, bare + 30))}`,
      ),
    ]);
  const doc = new DOMParser({
    locator: {},
    errorHandler: {
      // xmldom reports some malformed XML (an unclosed element) as a warning only.
      warning: (m: string) => problems.push(m),
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

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** Where an `&` starts no entity or character reference outside CDATA and comments (xmldom accepts it silently). */
function bareAmpersand(text: string): number | undefined {
  const reference = /&(?:[A-Za-z_][\w.-]*|#[0-9]+|#x[0-9A-Fa-f]+);/y;
  for (let i = text.indexOf('&'); i !== -1; i = text.indexOf('&', i + 1)) {
    const cdata = text.lastIndexOf('<![CDATA[', i);
    if (cdata !== -1 && text.indexOf(']]>', cdata) > i) {
      i = text.indexOf(']]>', cdata);
      continue;
    }
    const comment = text.lastIndexOf('<!--', i);
    if (comment !== -1 && text.indexOf('-->', comment) > i) {
      i = text.indexOf('-->', comment);
      continue;
    }
    reference.lastIndex = i;
    if (!reference.test(text)) return i;
  }
  return undefined;
}
