/**
 * Problems found in user input. Like vfile-message: every problem carries the file,
 * the line (1-based) where known, a stable rule id and a reason, so one run can list
 * all of them and tests can name them.
 */
export type Severity = 'error' | 'warning';

export interface Diagnostic {
  file: string;
  line?: number;
  column?: number;
  rule: string;
  message: string;
  severity: Severity;
}

export function error(file: string, line: number | undefined, rule: string, message: string): Diagnostic {
  return { file, line, rule, message, severity: 'error' };
}

export function warning(file: string, line: number | undefined, rule: string, message: string): Diagnostic {
  return { file, line, rule, message, severity: 'warning' };
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** `file:line:column: error message [rule]`, the layout editors and CI logs link. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = [d.file, d.line, d.line !== undefined ? d.column : undefined]
    .filter((x) => x !== undefined)
    .join(':');
  return `${where}: ${d.severity} ${d.message} [${d.rule}]`;
}

/**
 * An expected failure caused by the input (not a bug). The CLI prints its diagnostics
 * without a stack trace and exits 1.
 */
export class InputError extends Error {
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join('\n'));
    this.name = 'InputError';
    this.diagnostics = diagnostics;
  }
}

/** A wrong command line: unknown option value, missing study folder. Exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
