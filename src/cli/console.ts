import { formatDiagnostic, type Diagnostic } from '../core/diagnostics.js';
import { clearProgress } from './progress.js';

const stdoutIsTerminal = process.stdout.isTTY === true;

/** Results go to stdout, untouched, so `--format csv|json` can be piped. */
export function writeResult(text: string): void {
  // On a terminal the progress line (stderr) shares the screen: take it away first.
  if (stdoutIsTerminal) clearProgress();
  process.stdout.write(text);
}

/** Progress and messages go to stderr, never mixed into results. */
export function say(message: string): void {
  clearProgress();
  process.stderr.write(`${message}\n`);
}

export function sayDiagnostics(diagnostics: readonly Diagnostic[]): void {
  for (const d of diagnostics) say(formatDiagnostic(d));
}

export function summarise(diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  return `${plural(errors, 'error')}, ${plural(warnings, 'warning')}`;
}
