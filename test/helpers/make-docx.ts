import { crc32 } from 'node:zlib';

/**
 * Builds a minimal .docx (a ZIP, stored without compression) as Word writes it, so tests
 * can feed Word files without shipping binaries. Blocks: a paragraph (`\n` a soft line break,
 * `\t` a tab), a Heading 1, a one-row table, a table, a list item (level 0, 1, …), an empty
 * paragraph (''), or a paragraph of runs, each possibly bold, a footnote or endnote mark
 * with its text, a comment, or a tracked insertion or deletion. Text is escaped.
 */
export type DocxRun =
  | string
  | { text: string; bold?: boolean; ins?: boolean; del?: boolean; comment?: string }
  | { footnote: string }
  | { endnote: string };

export type DocxBlock =
  | string
  | { heading: string }
  | { row: string[] }
  | { table: string[][] }
  | { item: string; level: number }
  | { runs: DocxRun[] };

export function makeDocx(blocks: DocxBlock[]): Buffer {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const footnotes: string[] = [];
  const endnotes: string[] = [];
  const comments: string[] = [];
  let changes = 0;
  const textRuns = (text: string, props = '', tag = 't') =>
    text
      .split(/(\n|\t)/)
      .filter((x) => x !== '')
      .map((x) =>
        x === '\n'
          ? `<w:r>${props}<w:br/></w:r>`
          : x === '\t'
            ? `<w:r>${props}<w:tab/></w:r>`
            : `<w:r>${props}<w:${tag} xml:space="preserve">${esc(x)}</w:${tag}></w:r>`,
      )
      .join('');
  const run = (r: DocxRun): string => {
    if (typeof r === 'string') return textRuns(r);
    if ('footnote' in r) {
      footnotes.push(r.footnote);
      return `<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="${footnotes.length}"/></w:r>`;
    }
    if ('endnote' in r) {
      endnotes.push(r.endnote);
      return `<w:r><w:rPr><w:rStyle w:val="EndnoteReference"/></w:rPr><w:endnoteReference w:id="${endnotes.length}"/></w:r>`;
    }
    const props = r.bold ? '<w:rPr><w:b/><w:bCs/></w:rPr>' : '';
    const id = ++changes;
    if (r.del)
      return `<w:del w:id="${id}" w:author="Anna" w:date="2026-03-01T10:00:00Z">${textRuns(r.text, props, 'delText')}</w:del>`;
    if (r.ins)
      return `<w:ins w:id="${id}" w:author="Anna" w:date="2026-03-01T10:00:00Z">${textRuns(r.text, props)}</w:ins>`;
    if (r.comment !== undefined) {
      comments.push(r.comment);
      const c = comments.length - 1;
      return `<w:commentRangeStart w:id="${c}"/>${textRuns(r.text, props)}<w:commentRangeEnd w:id="${c}"/><w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:commentReference w:id="${c}"/></w:r>`;
    }
    return textRuns(r.text, props);
  };
  const para = (content: string, pPr = '') => `<w:p>${pPr ? `<w:pPr>${pPr}</w:pPr>` : ''}${content}</w:p>`;
  const table = (rows: string[][]) =>
    `<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr>${rows
      .map(
        (row) =>
          `<w:tr>${row
            .map(
              (c) =>
                `<w:tc>${c
                  .split('\n\n')
                  .map((p) => para(textRuns(p)))
                  .join('')}</w:tc>`,
            )
            .join('')}</w:tr>`,
      )
      .join('')}</w:tbl>`;
  const body = blocks
    .map((b) =>
      typeof b === 'string'
        ? para(textRuns(b))
        : 'heading' in b
          ? para(textRuns(b.heading), '<w:pStyle w:val="Heading1"/>')
          : 'row' in b
            ? table([b.row])
            : 'table' in b
              ? table(b.table)
              : 'item' in b
                ? para(
                    textRuns(b.item),
                    `<w:pStyle w:val="ListParagraph"/><w:numPr><w:ilvl w:val="${b.level}"/><w:numId w:val="1"/></w:numPr>`,
                  )
                : para(b.runs.map(run).join('')),
    )
    .join('');
  const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
  const notesPart = (kind: 'footnote' | 'endnote', texts: string[]) =>
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:${kind}s ${W}><w:${kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:${kind}><w:${kind} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:${kind}>${texts.map((t, i) => `<w:${kind} w:id="${i + 1}"><w:p><w:pPr><w:pStyle w:val="${kind === 'footnote' ? 'FootnoteText' : 'EndnoteText'}"/></w:pPr><w:r><w:rPr><w:rStyle w:val="${kind === 'footnote' ? 'FootnoteReference' : 'EndnoteReference'}"/></w:rPr><w:${kind}Ref/></w:r><w:r><w:t xml:space="preserve"> ${esc(t)}</w:t></w:r></w:p></w:${kind}>`).join('')}</w:${kind}s>`;
  const extra: [string, string, string, string][] = [];
  if (footnotes.length > 0)
    extra.push(['footnotes', 'footnotes', 'footnotes+xml', notesPart('footnote', footnotes)]);
  if (endnotes.length > 0)
    extra.push(['endnotes', 'endnotes', 'endnotes+xml', notesPart('endnote', endnotes)]);
  if (comments.length > 0)
    extra.push([
      'comments',
      'comments',
      'comments+xml',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:comments ${W}>${comments.map((c, i) => `<w:comment w:id="${i}" w:author="Anna" w:initials="A"><w:p><w:r><w:t>${esc(c)}</w:t></w:r></w:p></w:comment>`).join('')}</w:comments>`,
    ]);
  const files: [string, string][] = [
    [
      '[Content_Types].xml',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>${extra.map(([name, , type]) => `<Override PartName="/word/${name}.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.${type}"/>`).join('')}</Types>`,
    ],
    [
      '_rels/.rels',
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    ],
    [
      'word/_rels/document.xml.rels',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>${extra.map(([name, rel], i) => `<Relationship Id="rId${i + 2}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/${rel}" Target="${name}.xml"/>`).join('')}</Relationships>`,
    ],
    [
      'word/styles.xml',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles ${W}><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style><w:style w:type="paragraph" w:styleId="ListParagraph"><w:name w:val="List Paragraph"/></w:style></w:styles>`,
    ],
    [
      'word/document.xml',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ${W}><w:body>${body}<w:sectPr/></w:body></w:document>`,
    ],
    ...extra.map(([name, , , xml]): [string, string] => [`word/${name}.xml`, xml]),
  ];
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of files) {
    const data = Buffer.from(text, 'utf8');
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    locals.push(local, nameBytes, data);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const centralDir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(centralDir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, centralDir, end]);
}
