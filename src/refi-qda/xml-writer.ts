/** Escapes text for XML content and attribute values. */
export function escapeXml(text: string): string {
  return (
    text
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      // Characters XML 1.0 does not allow at all.
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
  );
}

export interface XmlNode {
  name: string;
  attributes?: Record<string, string | number | boolean | undefined>;
  children?: (XmlNode | undefined)[];
  text?: string;
}

/** Serialises a small element tree with two-space indentation; undefined attributes and children are left out. */
export function renderXml(node: XmlNode, indent = ''): string {
  const attrs = Object.entries(node.attributes ?? {})
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`)
    .join('');
  const children = (node.children ?? []).filter((c): c is XmlNode => c !== undefined);
  if (node.text !== undefined)
    return `${indent}<${node.name}${attrs}>${escapeXml(node.text)}</${node.name}>\n`;
  if (children.length === 0) return `${indent}<${node.name}${attrs}/>\n`;
  return `${indent}<${node.name}${attrs}>\n${children.map((c) => renderXml(c, `${indent}  `)).join('')}${indent}</${node.name}>\n`;
}

export function xmlDocument(root: XmlNode): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${renderXml(root)}`;
}
