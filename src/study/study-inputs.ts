import { resolve } from 'node:path';
import type { StudyConfig } from '../config/study-config.js';
import { isBuiltInThemeSet } from '../themes/theme-set-ref.js';

/** A file the study reads, and what it is (for a message). */
export interface StudyInput {
  path: string;
  what: string;
}

/**
 * Every file a study reads (config, codebooks, sources, codings, names file, key file,
 * theme sets of its own), as absolute paths: no output may be written over one of them.
 * The key file is written by qualkit, but only as the key, never as a report.
 */
export function studyInputs(configFile: string, root: string, config: StudyConfig): StudyInput[] {
  const at = (file: string, what: string): StudyInput => ({ path: resolve(root, file), what });
  return [
    { path: configFile, what: 'the study config' },
    ...config.codebooks.map((c, i) => at(c.file, `codebook "${c.id}" (codebooks[${i}].file)`)),
    ...config.sources.map((s, i) => at(s.file, `a source (sources[${i}].file)`)),
    ...config.coders.map((c, i) => at(c.file, `the codings of ${c.name} (coders[${i}].file)`)),
    ...(config.privacy.names === undefined
      ? []
      : [at(config.privacy.names, 'the names file (privacy.names)')]),
    at(config.privacy.key, 'the key file (privacy.key)'),
    ...config.triangulation.themes.flatMap((t, i) =>
      isBuiltInThemeSet(t.set) ? [] : [at(t.set, `a theme set (triangulation.themes[${i}].set)`)],
    ),
  ];
}
