import type { Codebook } from '../codebook/codebook.js';
import { uniqueCodeNames, type CodeNames } from './unique-code-names.js';
import { uuidV5 } from './uuid-v5.js';
import type { XmlNode } from './xml-writer.js';
import { xmlDocument } from './xml-writer.js';

export const CODEBOOK_NS = 'urn:QDA-XML:codebook:1.0';

/** Stable GUIDs: derived from the study name, the codebook and the label, so every export gives the same. */
export function codeGuid(study: string, codebook: string, label: string): string {
  return uuidV5(`qualkit|${study}|codebook|${codebook}|${label}`);
}

/**
 * A codebook as REFI-QDA `Code` elements: main labels are non-codable parent codes named
 * "3. Problematiek MMS", core labels codable children named "J. Anonimiteit", definitions
 * as Description, colours where the codebook sets them. Names repeated within the codebook
 * (or, with `names` for a whole project, over all its codebooks) get their place appended.
 */
export function codebookCodes(
  study: string,
  codebook: Codebook,
  names: CodeNames = uniqueCodeNames([codebook]),
): XmlNode[] {
  return codebook.mains.map((m) => ({
    name: 'Code',
    attributes: {
      guid: codeGuid(study, codebook.id, m.id),
      name: names.main(codebook, m.id),
      isCodable: 'false',
      color: m.color,
    },
    children: [
      m.definition ? { name: 'Description', text: m.definition } : undefined,
      ...m.cores.map((c) => ({
        name: 'Code',
        attributes: {
          guid: codeGuid(study, codebook.id, c.id),
          name: names.core(codebook, c.id),
          isCodable: 'true',
          color: c.color,
        },
        children: [c.definition ? { name: 'Description', text: c.definition } : undefined],
      })),
    ],
  }));
}

/** A .qdc document (REFI-QDA Codebook, QDA-XML 1.0) for one codebook. */
export function exportCodebookQdc(study: string, codebook: Codebook, origin: string): string {
  return xmlDocument({
    name: 'CodeBook',
    attributes: { xmlns: CODEBOOK_NS, origin },
    children: [{ name: 'Codes', children: codebookCodes(study, codebook) }],
  });
}
