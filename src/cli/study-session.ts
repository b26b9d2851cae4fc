import { readFile } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { writeFileAtomic } from '../io/write-file-atomic.js';
import { keyCsv } from '../privacy/key-file.js';
import { shown } from '../study/load-study.js';
import { labelsByFragment } from '../analysis/labels-by-fragment.js';
import type { Codebook } from '../codebook/codebook.js';
import type { CoderConfig } from '../config/study-config.js';
import { hasErrors, InputError, UsageError } from '../core/diagnostics.js';
import { loadStudy } from '../study/load-study.js';
import type { Study } from '../study/study.js';
import { say, sayDiagnostics, summarise } from './console.js';

/**
 * Loads a study for a command that produces output: prints warnings to stderr, and stops
 * with exit code 1 (InputError) when the study has errors, since tables built from
 * half-valid codings would mislead. `qualkit validate` lists the problems.
 */
export async function loadCheckedStudy(
  studyPath: string,
  options: { transcripts?: boolean; codesOnly?: boolean } = {},
): Promise<Study> {
  const study = await loadStudy(studyPath, options);
  if (hasErrors(study.diagnostics)) {
    throw new InputError(study.diagnostics);
  }
  if (study.diagnostics.length > 0) {
    sayDiagnostics(study.diagnostics);
    say(summarise(study.diagnostics));
  }
  return study;
}

/**
 * The coders named with `--coder` (checked against the config), or all declared coders
 * except consensus coders (whose codings repeat the others').
 */
export function chooseCoders(study: Study, names: readonly string[] | undefined): CoderConfig[] {
  const declared = study.config.coders;
  for (const n of names ?? [])
    if (!declared.some((c) => c.name === n))
      throw new UsageError(
        `unknown coder "${n}"; the study declares ${declared.map((c) => c.name).join(', ') || 'no coders'}`,
      );
  return names && names.length > 0
    ? declared.filter((c) => names.includes(c.name))
    : declared.filter((c) => !c.consensus);
}

/** The codings to analyse: those of the named coders (`--coder`), or of all coders. */
export function selectCodings(
  study: Study,
  coders: readonly string[] | undefined,
): { labels: ReadonlyMap<string, ReadonlySet<string>>; coders: string[] } {
  const chosen = chooseCoders(study, coders).map((c) => c.name);
  return { labels: labelsByFragment(study.codings, chosen, study.fragmentIndex), coders: chosen };
}

export function selectCodebooks(study: Study, id: string | undefined): Codebook[] {
  if (id === undefined) return study.codebooks;
  const found = study.codebooks.filter((c) => c.id === id);
  if (found.length === 0)
    throw new UsageError(
      `unknown codebook "${id}"; the study has ${study.codebooks.map((c) => c.id).join(', ')}`,
    );
  return found;
}

/** Where reports go: `--out`, else the config's `output` (relative to the study), else ./reports. */
export function outputDir(study: Pick<Study, 'root' | 'config'>, out: string | undefined): string {
  if (out !== undefined) return resolve(out);
  if (study.config.output !== undefined) return resolve(study.root, study.config.output);
  return resolve('reports');
}

export function choice<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value))
    throw new UsageError(`${name} must be one of ${allowed.join(', ')}; got "${value}"`);
  return value as T;
}

/**
 * Writes the key file (placeholder → original) when it changed, readable by its owner
 * only (0600). Called by every command that lets pseudonymised text out. Refuses a key
 * inside the folder reports go to, where it would be shared with them.
 */
export async function saveKey(study: Study, reportDir?: string): Promise<void> {
  if (!study.config.privacy.pseudonymise) return;
  const { keyFile, key } = study.privacy;
  if (reportDir !== undefined) {
    const rel = relative(reportDir, keyFile);
    if (!rel.startsWith('..') && !isAbsolute(rel))
      throw new UsageError(
        `the key file ${shown(keyFile)} would sit inside the report folder ${shown(reportDir)}; set "privacy.key" in the config to a path outside it`,
      );
  }
  const content = keyCsv(key);
  const current = await readFile(keyFile, 'utf8').catch(() => undefined);
  if (current === content) return;
  if (key.length === 0 && current === undefined) return;
  await writeFileAtomic(keyFile, content, { mode: 0o600 });
}
