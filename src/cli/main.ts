#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { InputError, UsageError } from '../core/diagnostics.js';
import { VERSION } from '../core/version.js';
import { registerAgree } from './commands/agree.js';
import { registerCiteCheck } from './commands/cite-check.js';
import { registerExchange } from './commands/exchange.js';
import { registerFreq } from './commands/freq.js';
import { registerIngest } from './commands/ingest.js';
import { registerLanguageCheck } from './commands/language-check.js';
import { registerOverview } from './commands/overview.js';
import { registerPrivacyScan } from './commands/privacy-scan.js';
import { registerReport } from './commands/report.js';
import { registerRun } from './commands/run.js';
import { registerSuggest } from './commands/suggest.js';
import { registerTriangulate } from './commands/triangulate.js';
import { registerValidate } from './commands/validate.js';
import { say, sayDiagnostics, summarise } from './console.js';

/**
 * Exit codes: 0 clean; 1 problems in the input (printed as file:line: message, no stack);
 * 2 a wrong command line, or a bug (printed with its stack, since it is ours to fix).
 */
async function main(argv: string[]): Promise<number> {
  const program = new Command()
    .name('qualkit')
    .description('Reproducible qualitative coding: fragments, codebooks, label overviews, frequencies and reports from interviews and chat logs.')
    .version(VERSION)
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (s) => process.stdout.write(s), writeErr: (s) => process.stderr.write(s) })
    .addHelpText('after', '\nStart with:\n  $ qualkit run data-sample      # validate, ingest and write reports/\n  $ qualkit <command> --help     # every command has an example');
  registerIngest(program);
  registerValidate(program);
  registerOverview(program);
  registerFreq(program);
  registerAgree(program);
  registerCiteCheck(program);
  registerTriangulate(program);
  registerSuggest(program);
  registerLanguageCheck(program);
  registerExchange(program);
  registerPrivacyScan(program);
  registerReport(program);
  registerRun(program);
  for (const c of program.commands) c.exitOverride().showHelpAfterError('(run with --help for usage)');
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (e instanceof InputError) {
      sayDiagnostics(e.diagnostics);
      say(summarise(e.diagnostics));
      return 1;
    }
    if (e instanceof UsageError) {
      say(`qualkit: ${e.message}`);
      return 2;
    }
    say(`qualkit: internal error (please report it with the command you ran):\n${(e as Error).stack ?? String(e)}`);
    return 2;
  }
}

// `qualkit ingest … --format csv | head` closes the pipe early; that is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

process.exitCode = await main(process.argv);
