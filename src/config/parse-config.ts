import { error, type Diagnostic } from '../core/diagnostics.js';
import { StudyConfigSchema, type StudyConfig } from './study-config.js';
import { locateJsonPath } from './locate-json-path.js';

export interface ParsedConfig {
  config?: StudyConfig;
  diagnostics: Diagnostic[];
}

/**
 * Parses and validates the text of a study config. Every schema problem becomes one
 * diagnostic naming the field path (`sources[2].respondent`) and, where it can be found,
 * the line of that field in the file. Cross-references (a source naming an unknown
 * respondent, a group naming an unknown codebook) are checked here too.
 */
export function parseConfig(text: string, file: string): ParsedConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message;
    const pos = /position (\d+)/.exec(message);
    const line = pos ? text.slice(0, Number(pos[1])).split('\n').length : undefined;
    return { diagnostics: [error(file, line, 'config/invalid-json', `Invalid JSON: ${message}`)] };
  }
  const result = StudyConfigSchema.safeParse(raw);
  if (!result.success) {
    return {
      diagnostics: result.error.issues.map((issue) => {
        const path = formatPath(issue.path);
        return error(file, locateJsonPath(text, issue.path), 'config/invalid-field', `${path || '(root)'}: ${issue.message}`);
      }),
    };
  }
  const config = result.data;
  return { config, diagnostics: checkReferences(config, text, file) };
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
}

function checkReferences(config: StudyConfig, text: string, file: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const at = (path: (string | number)[], rule: string, message: string) =>
    out.push(error(file, locateJsonPath(text, path), rule, `${formatPath(path)}: ${message}`));

  const codebookIds = new Set<string>();
  config.codebooks.forEach((c, i) => {
    if (codebookIds.has(c.id)) at(['codebooks', i, 'id'], 'config/duplicate', `codebook "${c.id}" is declared twice`);
    codebookIds.add(c.id);
  });
  const letters = new Set<string>();
  config.groups.forEach((g, i) => {
    if (letters.has(g.letter)) at(['groups', i, 'letter'], 'config/duplicate', `group "${g.letter}" is declared twice`);
    letters.add(g.letter);
    if (!codebookIds.has(g.codebook))
      at(['groups', i, 'codebook'], 'config/unknown-codebook', `unknown codebook "${g.codebook}", expected one of ${[...codebookIds].join(', ')}`);
  });
  const respondentIds = new Set<string>();
  config.respondents.forEach((r, i) => {
    if (respondentIds.has(r.id)) at(['respondents', i, 'id'], 'config/duplicate', `respondent "${r.id}" is declared twice`);
    respondentIds.add(r.id);
    if (!letters.has(r.id[0]!)) at(['respondents', i, 'id'], 'config/unknown-group', `respondent "${r.id}" belongs to group "${r.id[0]}", which is not declared in groups`);
  });
  const files = new Set<string>();
  config.sources.forEach((s, i) => {
    if (files.has(s.file)) at(['sources', i, 'file'], 'config/duplicate', `source "${s.file}" is listed twice`);
    files.add(s.file);
    if (!respondentIds.has(s.respondent)) at(['sources', i, 'respondent'], 'config/unknown-respondent', `unknown respondent "${s.respondent}"`);
  });
  const coders = new Set<string>();
  config.coders.forEach((c, i) => {
    if (coders.has(c.name)) at(['coders', i, 'name'], 'config/duplicate', `coder "${c.name}" is declared twice`);
    coders.add(c.name);
    c.scope?.forEach((s, j) => {
      const known = s.length === 1 ? letters.has(s) : respondentIds.has(s);
      if (!known) at(['coders', i, 'scope', j], 'config/unknown-scope', `"${s}" is neither a declared group nor a declared respondent`);
    });
  });
  return out;
}
