import { createHash } from 'node:crypto';

/** qualkit's namespace for name-based UUIDs (itself a random v4 UUID, fixed forever). */
export const QUALKIT_NAMESPACE = '6f1e8a52-3c1d-4b7e-9a35-2d8c0f4b7e91';

/**
 * RFC 4122 version 5 UUID (SHA-1, name-based): the same namespace and name always give
 * the same UUID, so a label exported twice keeps its GUID in ATLAS.ti, NVivo and MAXQDA.
 */
export function uuidV5(name: string, namespace: string = QUALKIT_NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const h = hash.subarray(0, 16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
