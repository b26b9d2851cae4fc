import { createHash } from 'node:crypto';
import { readRegularFile } from '../io/read-regular-file.js';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { RespondentConfig, StudyConfig } from '../config/study-config.js';
import { RESPONDENT_ID } from '../core/fragment-code.js';
import { VERSION } from '../core/version.js';
import type { Fragment } from '../fragments/fragment.js';
import { writeFileAtomic } from '../io/write-file-atomic.js';

/**
 * How many fragments each respondent has, remembered between runs so that the commands
 * that need only fragment codes (validate, overview, freq, agree) need not read every
 * conversation again. The cache is keyed by a fingerprint of everything numbering depends
 * on: the qualkit version, the config text and the bytes of every source. Change any of
 * them and the sources are read again. It holds no text: respondent ids, counts and the
 * publications found in literature files. It is only written when reading the sources
 * gave no diagnostics, so a cached run reports exactly what a full one would.
 */
export const FRAGMENT_CACHE = '.qualkit-cache.json';
const FORMAT = 1;

export interface FragmentCounts {
  /** Respondents in numbering order, each with fragments 1..count. */
  respondents: { id: string; count: number }[];
  /** Publications of literature files that became respondents. */
  discovered: RespondentConfig[];
}

/**
 * The fingerprint of the config and every source, or undefined when a source cannot be
 * read (then the sources are read the normal way, which reports why). SHA-1 serves as a
 * content fingerprint here, not for security: it is the fastest of Node's hashes.
 */
export function sourcesFingerprint(
  configText: string,
  config: StudyConfig,
  root: string,
): string | undefined {
  const hash = createHash('sha1');
  hash.update(`qualkit ${VERSION} fragment cache ${FORMAT}\0${configText}\0`);
  for (const source of config.sources) {
    let bytes: Buffer;
    try {
      bytes = readRegularFile(resolve(root, source.file), source.file, 'source');
    } catch {
      return undefined;
    }
    hash.update(`${source.file}\0${bytes.length}\0`);
    hash.update(bytes);
  }
  return hash.digest('hex');
}

/** The counts stored under this fingerprint, or undefined (no cache, another fingerprint, unreadable). */
export async function readFragmentCache(
  root: string,
  fingerprint: string,
): Promise<FragmentCounts | undefined> {
  try {
    const data = JSON.parse(await readFile(join(root, FRAGMENT_CACHE), 'utf8')) as {
      format?: unknown;
      fingerprint?: unknown;
    } & Partial<FragmentCounts>;
    if (
      data.format !== FORMAT ||
      data.fingerprint !== fingerprint ||
      !Array.isArray(data.respondents) ||
      !Array.isArray(data.discovered)
    )
      return undefined;
    const valid = data.respondents.every(
      (r) =>
        typeof r?.id === 'string' && RESPONDENT_ID.test(r.id) && Number.isInteger(r.count) && r.count >= 0,
    );
    return valid ? { respondents: data.respondents, discovered: data.discovered } : undefined;
  } catch {
    return undefined;
  }
}

/** Stores the counts; a study folder that cannot be written to simply gets no cache. */
export async function writeFragmentCache(
  root: string,
  fingerprint: string,
  counts: FragmentCounts,
): Promise<void> {
  const text = `${JSON.stringify({ format: FORMAT, fingerprint, ...counts })}\n`;
  await writeFileAtomic(join(root, FRAGMENT_CACHE), text).catch(() => undefined);
}

/** The counts of numbered fragments, per respondent in order. */
export function countFragments(fragments: readonly Fragment[]): FragmentCounts['respondents'] {
  const out: FragmentCounts['respondents'] = [];
  for (const f of fragments) {
    const last = out[out.length - 1];
    if (last && last.id === f.respondent) last.count++;
    else out.push({ id: f.respondent, count: 1 });
  }
  return out;
}

/**
 * Fragments rebuilt from counts: codes, groups and respondents as numbering made them;
 * no text, speaker, source or line (the commands that use the cache print none of them).
 */
export function fragmentsFromCounts(counts: FragmentCounts['respondents']): Fragment[] {
  const fragments: Fragment[] = [];
  for (const { id, count } of counts) {
    const group = id[0]!;
    const interview = Number(id.slice(1));
    for (let n = 1; n <= count; n++)
      fragments.push({
        code: `${id}.${n}`,
        group,
        interview,
        respondent: id,
        speaker: '',
        text: '',
        source: '',
        line: 0,
      });
  }
  return fragments;
}
