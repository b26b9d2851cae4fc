import type JSZip from 'jszip';
import { error, InputError } from '../core/diagnostics.js';

/** Limits on a .qdpx's entries, against zip bombs: beyond them the import is refused. */
export const QDPX_LIMITS = {
  /** project.qde, uncompressed. */
  qdeBytes: 256 * 1024 * 1024,
  /** One source text, uncompressed. */
  sourceBytes: 64 * 1024 * 1024,
  /** Everything read from the zip together, uncompressed. */
  totalBytes: 1024 * 1024 * 1024,
  entries: 200_000,
};

export interface QdpxContents {
  qdeName: string;
  qde: string;
  /** `<name>.txt` in the sources folder, lower-cased, → its text. */
  sources: Map<string, string>;
  notes: string[];
}

interface InflateStream {
  on(event: 'data', f: (chunk: Uint8Array) => void): InflateStream;
  on(event: 'error', f: (e: Error) => void): InflateStream;
  on(event: 'end', f: () => void): InflateStream;
  pause(): InflateStream;
  resume(): InflateStream;
}

/** Inflates one entry, stopping as soon as it grows past `limit` bytes (the size a zip declares can lie). */
function inflate(entry: JSZip.JSZipObject, limit: number, where: string): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    // JSZip's streaming reader (not in its type declarations): chunks as they inflate.
    const stream = (entry as unknown as { internalStream(type: 'uint8array'): InflateStream }).internalStream(
      'uint8array',
    );
    stream
      .on('data', (chunk: Uint8Array) => {
        size += chunk.length;
        if (size > limit) {
          stream.pause();
          reject(
            new InputError([
              error(
                where,
                undefined,
                'refi/entry-too-large',
                `${entry.name} inflates to more than ${Math.round(limit / 1024 / 1024)} MB; refused (a zip bomb or a source too large for qualkit)`,
              ),
            ]),
          );
          return;
        }
        chunks.push(chunk);
      })
      .on('error', (e: Error) =>
        reject(new InputError([error(where, undefined, 'refi/bad-zip', `${entry.name}: ${e.message}`)])),
      )
      .on('end', () => resolve(Buffer.concat(chunks)))
      .resume();
  });
}

/** UTF-8 text (BOM dropped); bytes that are not UTF-8 become U+FFFD and are counted. */
function decode(bytes: Uint8Array): { text: string; bad: number; line?: number } {
  const text = new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { text, bad: 0 };
  } catch {
    const at = text.indexOf('\uFFFD');
    return {
      text,
      bad: (text.match(/\uFFFD/g) ?? []).length,
      line: at === -1 ? undefined : text.slice(0, at).split('\n').length,
    };
  }
}

/**
 * The project.qde and the plain-text sources of a .qdpx, within QDPX_LIMITS. Accepts what other
 * tools write: `Sources/` or `sources/`, `<project name>.qde`, a UTF-8 BOM. A project.qde that is
 * not UTF-8 is refused (its positions could not be trusted); a source that is not is read with
 * U+FFFD for the bad bytes and a note.
 */
export async function readQdpx(zip: JSZip, where: string): Promise<QdpxContents> {
  const entries = Object.values(zip.files).filter((f) => !f.dir);
  if (entries.length > QDPX_LIMITS.entries)
    throw new InputError([
      error(
        where,
        undefined,
        'refi/too-many-entries',
        `more than ${QDPX_LIMITS.entries} files in the .qdpx; refused`,
      ),
    ]);
  const qde =
    entries.find((f) => f.name.toLowerCase() === 'project.qde') ??
    entries.find((f) => /^[^/]+\.qde$/i.test(f.name));
  if (!qde) throw new InputError([error(where, undefined, 'refi/no-project', 'no project.qde in the .qdpx')]);
  let total = 0;
  const take = async (entry: JSZip.JSZipObject, limit: number) => {
    const bytes = await inflate(entry, Math.min(limit, QDPX_LIMITS.totalBytes - total), where);
    total += bytes.length;
    return bytes;
  };
  const qdeText = decode(await take(qde, QDPX_LIMITS.qdeBytes));
  if (qdeText.bad > 0)
    throw new InputError([
      error(
        `${where}:${qde.name}`,
        qdeText.line,
        'refi/not-utf8',
        `${qdeText.bad} byte sequence(s) are not UTF-8 (the file must be UTF-8, as REFI-QDA requires)`,
      ),
    ]);
  const sources = new Map<string, string>();
  const notes: string[] = [];
  for (const f of entries)
    if (/^sources\/[^/]+\.txt$/i.test(f.name)) {
      const t = decode(await take(f, QDPX_LIMITS.sourceBytes));
      if (t.bad > 0)
        notes.push(
          `${f.name}: ${t.bad} byte sequence(s) are not UTF-8 (first at line ${t.line ?? '?'}); they were read as U+FFFD (�)`,
        );
      sources.set(f.name.slice(f.name.indexOf('/') + 1).toLowerCase(), t.text);
    }
  return { qdeName: qde.name, qde: qdeText.text, sources, notes };
}
