import { realpathSync } from 'node:fs';
import { chmod, realpath, stat } from 'node:fs/promises';
import { readTextFile } from '../io/read-text-file.js';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { studyInputs } from '../study/study-inputs.js';
import { writeFileAtomic } from '../io/write-file-atomic.js';
import { keyCsv } from '../privacy/key-file.js';
import { shown } from '../study/load-study.js';
import { labelsByFragment } from '../analysis/labels-by-fragment.js';
import type { Codebook } from '../codebook/codebook.js';
import type { CoderConfig } from '../config/study-config.js';
import { error, hasErrors, InputError, UsageError, type Diagnostic } from '../core/diagnostics.js';
import { loadStudy } from '../study/load-study.js';
import type { Study } from '../study/study.js';
import { say, sayDiagnostics, summarise, writeResult } from './console.js';
import { progress } from './progress.js';
import { leakError, scanFileText } from '../privacy/scan-text.js';

/**
 * Loads a study for a command that produces output: prints warnings to stderr, and stops
 * with exit code 1 (InputError) when the study has errors, since tables built from
 * half-valid codings would mislead. `qualkit validate` lists the problems.
 */
export async function loadCheckedStudy(
  studyPath: string,
  options: Pick<
    Parameters<typeof loadStudy>[1] & object,
    'transcripts' | 'codesOnly' | 'coders' | 'onCodingsText' | 'onConfig'
  > = {},
): Promise<Study> {
  const study = await loadStudy(studyPath, { ...options, progress: progress() });
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
export function chooseCoders(
  study: Pick<Study, 'config'>,
  names: readonly string[] | undefined,
): CoderConfig[] {
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

/** The real path of a path that may not exist yet: its nearest existing folder resolved, symbolic links and all. */
async function realPathOf(path: string): Promise<string> {
  const rest: string[] = [];
  for (let at = resolve(path); ; at = dirname(at)) {
    const real = await realpath(at).catch(() => undefined);
    if (real !== undefined) return join(real, ...rest.reverse());
    if (dirname(at) === at) return resolve(path);
    rest.push(basename(at));
  }
}

/**
 * Writes the key file (placeholder → original) when it changed, readable by its owner
 * only (0600), and tightens an existing key that others may read. Called by every command
 * that lets pseudonymised text out. Refuses a key inside the folder reports go to, where
 * it would be shared with them (compared by real path, so a symbolic link does not hide it).
 */
export async function saveKey(study: Study, reportDir?: string): Promise<void> {
  if (!study.config.privacy.pseudonymise) return;
  const { keyFile, key } = study.privacy;
  if (reportDir !== undefined) {
    const rel = relative(await realPathOf(reportDir), await realPathOf(keyFile));
    if (!rel.startsWith('..') && !isAbsolute(rel))
      throw new UsageError(
        `the key file ${shown(keyFile)} would sit inside the report folder ${shown(reportDir)}; set "privacy.key" in the config to a path outside it`,
      );
  }
  // The key is written where the config says; that must not be the config, a source, ….
  refuseOverwritingInputs(study, [keyFile], 'set "privacy.key" in the config to a file of its own', keyFile);
  const content = keyCsv(key);
  const current = await readTextFile(keyFile, shown(keyFile), 'key file').catch(() => undefined);
  if (current !== undefined) {
    const mode = (await stat(keyFile)).mode & 0o777;
    if ((mode & 0o077) !== 0) {
      await chmod(keyFile, 0o600);
      say(
        `note: the key file ${shown(keyFile)} was readable by others (mode ${mode.toString(8).padStart(4, '0')}); it is now readable by its owner only (0600)`,
      );
    }
  }
  if (current === content) return;
  if (key.length === 0 && current === undefined) return;
  await writeFileAtomic(keyFile, content, { mode: 0o600 });
}

/** The real path of a file that may not exist yet: its folder's real path and its name, or its own when it exists. */
function realPaths(path: string): string[] {
  const out: string[] = [];
  try {
    out.push(realpathSync.native(path));
  } catch {
    // not there (yet)
  }
  for (
    let dir = dirname(path), rest = basename(path);
    ;
    rest = `${basename(dir)}/${rest}`, dir = dirname(dir)
  ) {
    try {
      out.push(resolve(realpathSync.native(dir), rest));
      break;
    } catch {
      if (dirname(dir) === dir) {
        out.push(path);
        break;
      }
    }
  }
  return out;
}

/**
 * Refuses, before anything is written, to write an output over a file the study reads
 * (config, codebook, source, codings, names, key, theme set), comparing real paths, so a
 * symbolic link or `sources/../sources` does not slip through: `run --out sources` on a
 * study with a transcript `sources/report.md` stops here and writes nothing.
 */
export function refuseOverwritingInputs(
  study: Pick<Study, 'configFile' | 'root' | 'config'>,
  targets: readonly string[],
  advice = 'choose another --out (or "output" in the config)',
  except?: string,
): void {
  const inputs = new Map<string, string>();
  for (const input of studyInputs(study.configFile, study.root, study.config))
    if (input.path !== except)
      for (const p of realPaths(input.path)) if (!inputs.has(p)) inputs.set(p, input.what);
  const problems: Diagnostic[] = [];
  for (const target of targets) {
    const hit = realPaths(target)
      .map((p) => inputs.get(p))
      .find((what) => what !== undefined);
    if (hit !== undefined)
      problems.push(
        error(
          shown(target),
          undefined,
          'output/is-input',
          `this output would overwrite ${hit}; nothing was written: ${advice}`,
        ),
      );
  }
  if (problems.length > 0) throw new InputError(problems);
}

/**
 * Prints a result to stdout after the same scan `run` makes (named `stdout:<name>`, whose
 * extension says how it is written); prints nothing if it finds an identifier.
 */
export function writeScannedResult(study: Pick<Study, 'privacy'>, text: string, name: string): void {
  const leaks = scanFileText(text, `stdout:${name}`, study.privacy.names);
  if (leaks.length > 0) throw leakError(leaks, `stdout:${name}`, 'the output');
  writeResult(text);
}
