#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { relative } from 'node:path';
import { InputError, UsageError } from '../core/diagnostics.js';
import { VERSION } from '../core/version.js';
import {
  describeEnvironmentalError,
  describeWriteError,
  isEnvironmentalError,
  WriteError,
} from '../io/write-error.js';
import { say, sayDiagnostics, summarise } from './console.js';
import { endProgress, setQuiet } from './progress.js';

type Register = (program: Command) => void;

/**
 * The commands, each loaded only when it is run (or all of them, for --help and for a
 * command line that names none): `qualkit ingest` then loads nothing of agreement,
 * reports or suggestions. In the order --help lists them.
 */
const COMMANDS: [string[], () => Promise<Register>][] = [
  [['ingest'], async () => (await import('./commands/ingest.js')).registerIngest],
  [['validate'], async () => (await import('./commands/validate.js')).registerValidate],
  [['overview'], async () => (await import('./commands/overview.js')).registerOverview],
  [['freq'], async () => (await import('./commands/freq.js')).registerFreq],
  [['retrieve'], async () => (await import('./commands/retrieve.js')).registerRetrieve],
  [['agree'], async () => (await import('./commands/agree.js')).registerAgree],
  [['consensus'], async () => (await import('./commands/consensus.js')).registerConsensus],
  [['cite-check'], async () => (await import('./commands/cite-check.js')).registerCiteCheck],
  [['triangulate'], async () => (await import('./commands/triangulate.js')).registerTriangulate],
  [['code'], async () => (await import('./commands/code.js')).registerCode],
  [['suggest'], async () => (await import('./commands/suggest.js')).registerSuggest],
  [['language-check'], async () => (await import('./commands/language-check.js')).registerLanguageCheck],
  [['export', 'import'], async () => (await import('./commands/exchange.js')).registerExchange],
  [['privacy-scan'], async () => (await import('./commands/privacy-scan.js')).registerPrivacyScan],
  [['report'], async () => (await import('./commands/report.js')).registerReport],
  [['run'], async () => (await import('./commands/run.js')).registerRun],
];

/** Paths in messages relative to the working folder (as study/load-study's `shown`, not loaded here). */
function shownPath(abs: string): string {
  const rel = relative(process.cwd(), abs);
  return rel === '' ? '.' : rel.startsWith('..') ? abs : rel;
}

/**
 * Exit codes: 0 clean; 1 problems in the input (printed as file:line: message, no stack)
 * or a file the machine would not let qualkit write or read (read-only, full disk, no
 * permission: the path, the reason and what to do); 2 a wrong command line, or a bug
 * (printed with its stack, since it is ours to fix).
 */
async function main(argv: string[]): Promise<number> {
  const program = new Command()
    .name('qualkit')
    .description(
      'Reproducible qualitative coding: fragments, codebooks, label overviews, frequencies and reports from interviews and chat logs.',
    )
    .version(VERSION)
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (s) => process.stdout.write(s), writeErr: (s) => process.stderr.write(s) })
    .addHelpText(
      'after',
      '\nStart with:\n  $ qualkit run data-sample      # validate, ingest and write reports/\n  $ qualkit <command> --help     # every command has an example',
    );
  const named = COMMANDS.find(([names]) => names.includes(argv[2] ?? ''));
  for (const [, load] of named ? [named] : COMMANDS) (await load())(program);
  for (const c of program.commands) c.exitOverride().showHelpAfterError('(run with --help for usage)');
  // Progress shows only on a terminal; --quiet leaves it out there too (results, summary and problems stay).
  const everyCommand = (c: Command): Command[] => [c, ...c.commands.flatMap(everyCommand)];
  for (const c of program.commands.flatMap(everyCommand))
    if (c.commands.length === 0) c.option('-q, --quiet', 'no progress line on the terminal');
  program.hook('preAction', (_, action) => setQuiet(action.opts().quiet === true));
  try {
    await program.parseAsync(argv);
    endProgress();
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    endProgress();
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (e instanceof InputError) {
      sayDiagnostics(e.diagnostics);
      say(summarise(e.diagnostics));
      return 1;
    }
    if (e instanceof WriteError) {
      say(`qualkit: ${describeWriteError(e, shownPath)}`);
      return 1;
    }
    if (isEnvironmentalError(e) && typeof e.syscall === 'string') {
      say(`qualkit: ${describeEnvironmentalError(e, shownPath)}`);
      return 1;
    }
    if (e instanceof UsageError) {
      say(`qualkit: ${e.message}`);
      return 2;
    }
    say(
      `qualkit: internal error (please report it with the command you ran):\n${(e as Error).stack ?? String(e)}`,
    );
    return 2;
  }
}

// `qualkit ingest … --format csv | head` closes the pipe early; that is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') {
    endProgress();
    process.exit(process.exitCode ?? 0);
  }
  throw e;
});

process.exitCode = await main(process.argv);
