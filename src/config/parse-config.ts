import { parseScopeEntry } from './coder-scope.js';
import type { ZodErrorMap } from 'zod';
import { error, warning, type Diagnostic } from '../core/diagnostics.js';
import { findDuplicateKeys } from './duplicate-keys.js';
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
    const message = (e as Error).message.replace(/\s+/g, ' ');
    const offset = jsonErrorOffset(text);
    const line = text.slice(0, offset).split('\n').length;
    return { diagnostics: [error(file, line, 'config/invalid-json', `Invalid JSON: ${message}`)] };
  }
  const result = StudyConfigSchema.safeParse(raw, { errorMap: configMessage });
  if (!result.success) {
    return {
      diagnostics: result.error.issues.map((issue) => {
        const path = formatJsonPath(issue.path);
        return error(
          file,
          locateJsonPath(text, issue.path),
          'config/invalid-field',
          `${path || '(root)'}: ${issue.message}`,
        );
      }),
    };
  }
  const config = result.data;
  const duplicates = findDuplicateKeys(text).map((d) =>
    warning(
      file,
      d.line,
      'config/duplicate-key',
      `${formatJsonPath([...d.path, d.key])}: "${d.key}" is given twice in one object (first at line ${d.firstLine}); only this last one counts`,
    ),
  );
  return { config, diagnostics: [...duplicates, ...checkReferences(config, text, file)] };
}

/**
 * Messages for schema problems in words of our own (the regular expressions and
 * cross-checks carry their own), so they stay the same whatever zod's default wording.
 */
const configMessage: ZodErrorMap = (issue, ctx) => {
  const quoted = (values: readonly unknown[], separator: string) =>
    values.map((v) => `"${String(v)}"`).join(separator);
  switch (issue.code) {
    case 'unrecognized_keys':
      return { message: `Unrecognized key${issue.keys.length > 1 ? 's' : ''}: ${quoted(issue.keys, ', ')}` };
    case 'invalid_enum_value':
      return { message: `Invalid option: expected one of ${quoted(issue.options, '|')}` };
    case 'invalid_type':
      return {
        message:
          issue.received === 'undefined'
            ? `missing: expected ${issue.expected}`
            : `Invalid input: expected ${issue.expected}, received ${issue.received}`,
      };
    case 'too_small':
      if (issue.type === 'string' || issue.type === 'array')
        return {
          message: `Too small: expected ${issue.type} to have >=${String(issue.minimum)} ${issue.type === 'string' ? 'characters' : 'items'}`,
        };
      return { message: ctx.defaultError };
    default:
      return { message: ctx.defaultError };
  }
};

/**
 * Where a JSON text goes wrong. Node's messages do not always give a position, so this
 * finds the shortest prefix that fails for a reason other than ending too soon: a prefix
 * that is valid so far fails only at its end, so the search is monotonic.
 */
function jsonErrorOffset(text: string): number {
  const failsBeforeEnd = (k: number): boolean => {
    try {
      JSON.parse(text.slice(0, k));
      return false;
    } catch (e) {
      const m = (e as Error).message;
      if (/Unexpected end of JSON input/.test(m)) return false;
      const pos = /position (\d+)/.exec(m);
      return pos ? Number(pos[1]) < k : true;
    }
  };
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (failsBeforeEnd(mid + 1)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export function formatJsonPath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join('');
}

function checkReferences(config: StudyConfig, text: string, file: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const at = (path: (string | number)[], rule: string, message: string) =>
    out.push(error(file, locateJsonPath(text, path), rule, `${formatJsonPath(path)}: ${message}`));

  const codebookIds = new Set<string>();
  config.codebooks.forEach((c, i) => {
    if (codebookIds.has(c.id))
      at(['codebooks', i, 'id'], 'config/duplicate', `codebook "${c.id}" is declared twice`);
    codebookIds.add(c.id);
  });
  const letters = new Set<string>();
  config.groups.forEach((g, i) => {
    if (letters.has(g.letter))
      at(['groups', i, 'letter'], 'config/duplicate', `group "${g.letter}" is declared twice`);
    letters.add(g.letter);
    if (!codebookIds.has(g.codebook))
      at(
        ['groups', i, 'codebook'],
        'config/unknown-codebook',
        `unknown codebook "${g.codebook}", expected one of ${[...codebookIds].join(', ')}`,
      );
  });
  const respondentIds = new Set<string>();
  config.respondents.forEach((r, i) => {
    if (respondentIds.has(r.id))
      at(['respondents', i, 'id'], 'config/duplicate', `respondent "${r.id}" is declared twice`);
    respondentIds.add(r.id);
    if (!letters.has(r.id[0]!))
      at(
        ['respondents', i, 'id'],
        'config/unknown-group',
        `respondent "${r.id}" belongs to group "${r.id[0]}", which is not declared in groups`,
      );
  });
  const files = new Set<string>();
  config.sources.forEach((s, i) => {
    if (files.has(s.file))
      at(['sources', i, 'file'], 'config/duplicate', `source "${s.file}" is listed twice`);
    files.add(s.file);
    if (s.respondent !== undefined && !respondentIds.has(s.respondent))
      at(['sources', i, 'respondent'], 'config/unknown-respondent', `unknown respondent "${s.respondent}"`);
    if (s.group !== undefined) {
      const g = config.groups.find((x) => x.letter === s.group);
      if (!g) at(['sources', i, 'group'], 'config/unknown-group', `unknown group "${s.group}"`);
      else if (g.kind !== 'literature')
        at(
          ['sources', i, 'group'],
          'config/not-literature',
          `group "${s.group}" is of kind ${g.kind}; "group" is for literature files, other sources name their "respondent"`,
        );
    }
  });
  const coders = new Set<string>();
  config.coders.forEach((c, i) => {
    if (coders.has(c.name))
      at(['coders', i, 'name'], 'config/duplicate', `coder "${c.name}" is declared twice`);
    coders.add(c.name);
    c.scope?.forEach((s, j) => {
      const entry = parseScopeEntry(s, files);
      const literature = (letter: string) =>
        config.groups.some((g) => g.letter === letter && g.kind === 'literature');
      const problem =
        typeof entry === 'string'
          ? entry
          : entry.kind === 'group'
            ? letters.has(entry.letter)
              ? undefined
              : `"${s}" is not a declared group`
            : entry.kind === 'respondent' || entry.kind === 'fragments'
              ? (() => {
                  const id = entry.kind === 'respondent' ? entry.id : entry.respondent;
                  return respondentIds.has(id) || literature(id[0]!)
                    ? undefined
                    : `"${s}" names respondent ${id}, which is not declared`;
                })()
              : undefined;
      if (problem !== undefined) at(['coders', i, 'scope', j], 'config/unknown-scope', problem);
    });
  });
  config.coders.forEach((c, i) => {
    const seen = new Set<string>();
    c.consensus?.forEach((name, j) => {
      const other = config.coders.find((x) => x.name === name);
      const problem =
        name === c.name
          ? 'a consensus coder cannot be one of its own meeting'
          : seen.has(name)
            ? `coder "${name}" is named twice`
            : !other
              ? `unknown coder "${name}", expected one of ${config.coders.map((x) => x.name).join(', ')}`
              : other.consensus
                ? `"${name}" is itself a consensus coder; a meeting compares the coders who coded`
                : undefined;
      seen.add(name);
      if (problem) at(['coders', i, 'consensus', j], 'config/bad-consensus', problem);
    });
  });
  config.report.coders?.forEach((name, j) => {
    if (!coders.has(name))
      at(
        ['report', 'coders', j],
        'config/unknown-coder',
        `unknown coder "${name}", expected one of ${[...coders].join(', ')}`,
      );
  });
  return out;
}
