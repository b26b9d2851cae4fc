import type { Command } from 'commander';
import { spawn } from 'node:child_process';
import { UsageError } from '../../core/diagnostics.js';
import { removeStaleTemporaryFiles } from '../../io/write-file-atomic.js';
import { say, sayDiagnostics, writeResult } from '../console.js';
import { shown } from '../../study/load-study.js';
import { chooseCoders, loadCheckedStudy } from '../study-session.js';
import type { Study } from '../../study/study.js';
import type { CoderConfig, StudyConfig } from '../../config/study-config.js';
import type { CodingSession } from '../../code-page/coding-session.js';
import type { RunningServer, startCodeServer } from '../../code-page/code-server.js';
import { consensusCoders, consensusConfigHint } from '../../study/meeting-files.js';
import { dirname, resolve } from 'node:path';

/** Opens a URL in the default browser, without waiting for it. */
function openBrowser(url: string): void {
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '', url]]
        : ['xdg-open', [url]];
  const child = spawn(command, args, { detached: true, stdio: 'ignore' });
  child.on('error', () => say(`qualkit: could not start a browser (${command}); open the address yourself`));
  child.unref();
}

/**
 * The consensus coder `into` of the meeting of `coders`, checked against the config: it must
 * be declared with `"consensus"` naming the same coders; otherwise the lines to add.
 */
function checkMeeting(study: Study, coders: string[], into: string): void {
  const declared = consensusCoders(study).find((c) => c.name === into);
  const same =
    declared !== undefined &&
    declared.consensus.length === coders.length &&
    coders.every((c) => declared.consensus.includes(c));
  if (same) return;
  const hint = consensusConfigHint(
    { config: { ...study.config, coders: study.config.coders.filter((c) => coders.includes(c.name)) } },
    into,
  );
  throw new UsageError(
    declared
      ? `consensus coder "${into}" is the meeting of ${declared.consensus.join(', ')}, not of ${coders.join(', ')}`
      : `"${into}" is not declared as the consensus coder of ${coders.join(', ')}; ${hint}`,
  );
}

export function registerCode(program: Command): void {
  program
    .command('code')
    .description(
      'code in the browser: a page on this computer only, every change saved to the coder’s codings file at once',
    )
    .argument('[study]', 'study folder (with qualkit.json) or config file', '.')
    .option('--coder <name>', 'whose codings to edit (required when the study has several coders)')
    .option('--port <n>', 'port on 127.0.0.1 (default: a free one)')
    .option('--open', 'open the page in the default browser')
    .option(
      '--meeting <coders>',
      'the coding meeting of these coders (comma-separated, e.g. anna,bram); needs --into',
    )
    .option('--into <coder>', 'with --meeting: the consensus coder the decisions go to')
    .addHelpText(
      'after',
      '\nExamples:\n  $ qualkit code data-sample --coder anna --open\n  $ qualkit code data-sample --coder bram --port 8765\n  $ qualkit code data-sample --meeting anna,bram --into consensus\n\nThe page listens on 127.0.0.1 only; the printed address carries a one-time token. Ctrl-C stops it after pending writes.',
    )
    .action(async (studyPath: string, opts: CodeOptions) => {
      const port = opts.port === undefined ? 0 : Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new UsageError(`--port must be a number from 1 to 65535; got "${opts.port}"`);
      if ((opts.meeting === undefined) !== (opts.into === undefined))
        throw new UsageError('--meeting and --into go together: --meeting anna,bram --into consensus');
      if (opts.meeting !== undefined && opts.coder !== undefined)
        throw new UsageError('--coder is for coding; a meeting writes to the --into coder');
      if (opts.meeting !== undefined) {
        const study = await loadCheckedStudy(studyPath);
        return runMeeting(study, opts.meeting, opts.into!, port, opts.open);
      }
      return runCoding(studyPath, opts, port);
    });
}

/** Starts the page's server; a port in use is the user's to change. The server (and with it node:http) is loaded by this command only. */
async function serve(session: Parameters<typeof startCodeServer>[0], port: number): Promise<RunningServer> {
  const { startCodeServer } = await import('../../code-page/code-server.js');
  const running = await startCodeServer(session, port).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'EADDRINUSE')
      throw new UsageError(`port ${port} is in use; choose another with --port, or leave it out`);
    throw e;
  });
  return running;
}

/** The coder to code as: `--coder`, or the study's one coder; checked against the config. */
function coderOf(config: StudyConfig, name: string | undefined): CoderConfig {
  const coders = config.coders;
  if (coders.length === 0)
    throw new UsageError('the study declares no coders; add one under "coders" in the config');
  if (name === undefined && coders.length > 1)
    throw new UsageError(
      `say whose codings to edit with --coder (one of ${coders.map((c) => c.name).join(', ')})`,
    );
  return name === undefined ? coders[0]! : chooseCoders({ config }, [name])[0]!;
}

/**
 * `code --coder anna`: the server starts and its address is printed as soon as the config
 * is read, so the browser opens the page while the sources are read; the page's requests
 * for data wait for them. A study that cannot be read stops the server and the command.
 */
async function runCoding(studyPath: string, opts: CodeOptions, port: number): Promise<void> {
  let running: RunningServer | undefined;
  let ready: ((session: CodingSession) => void) | undefined;
  let failed: ((e: unknown) => void) | undefined;
  const session = new Promise<CodingSession>((resolveSession, rejectSession) => {
    ready = resolveSession;
    failed = rejectSession;
  });
  session.catch(() => undefined);
  // The coder's own codings only (the suggestions' worker reads the others' later), and the file's
  // text as read, so the session takes the study's codings instead of reading the file twice.
  let asRead: string | undefined;
  let signal: Promise<void> | undefined;
  let coder: CoderConfig | undefined;
  let study: Study;
  try {
    study = await loadCheckedStudy(studyPath, {
      ...(opts.coder !== undefined ? { coders: [opts.coder] } : {}),
      onCodingsText: (name, text) => {
        if (name === (opts.coder ?? name)) asRead = text;
      },
      onConfig: async (config, root) => {
        coder = coderOf(config, opts.coder);
        await removeStaleTemporaryFiles(dirname(resolve(root, coder.file)));
        running = await serve(session, port);
        // Ctrl-C while the study is read: it is stopped once read, answering what the page asked meanwhile.
        signal = stopSignal();
        writeResult(`${running.url}\n`);
        say(`qualkit: ${coder.name}'s coding page; reading the study …`);
        if (opts.open) openBrowser(running.url);
      },
    });
  } catch (e) {
    failed!(e);
    await running?.stop();
    throw e;
  }
  const { CodingSession } = await import('../../code-page/coding-session.js');
  const opened = new CodingSession(study, coder!);
  await opened.open(asRead);
  asRead = undefined;
  ready!(opened);
  say(`qualkit: saving to ${opened.codingsFile}; the link works once. Ctrl-C stops.`);
  await untilStopped(running!, signal);
}

interface CodeOptions {
  coder?: string;
  port?: string;
  open?: boolean;
  meeting?: string;
  into?: string;
}

/** Resolves at the first Ctrl-C (or SIGTERM); a second one stops qualkit at once. */
function stopSignal(): Promise<void> {
  return new Promise<void>((resolveStop) => {
    process.once('SIGINT', resolveStop);
    process.once('SIGTERM', resolveStop);
  });
}

async function untilStopped(running: { stop(): Promise<void> }, signal = stopSignal()): Promise<void> {
  await signal;
  say('qualkit: stopping after pending writes …');
  await running.stop().catch(() => undefined);
  say('qualkit: stopped; every change is saved.');
}

/** `code --meeting a,b --into c`: the page in meeting mode, every decision saved to c's two files at once. */
async function runMeeting(
  study: Study,
  list: string,
  into: string,
  port: number,
  open: boolean | undefined,
): Promise<void> {
  const coders = list
    .split(',')
    .map((c) => c.trim())
    .filter((c) => c !== '');
  if (coders.length < 2)
    throw new UsageError(`--meeting needs two or more coders, e.g. anna,bram; got "${list}"`);
  chooseCoders(study, coders);
  checkMeeting(study, coders, into);
  const { assertReadable, loadMeeting } = await import('../../study/meeting-files.js');
  const meeting = await loadMeeting(study, into);
  if (meeting.diagnostics.length > 0) sayDiagnostics(meeting.diagnostics);
  assertReadable(meeting);
  await removeStaleTemporaryFiles(dirname(meeting.codingsFile));
  const { MeetingSession } = await import('../../code-page/meeting-session.js');
  const session = new MeetingSession(study, meeting);
  const running = await serve(session, port);
  writeResult(`${running.url}\n`);
  say(
    `qualkit: the meeting of ${coders.join(' and ')} (${session.view().status}; saving to ${shown(meeting.codingsFile)} and ${shown(meeting.decisionsFile)}); the link works once. Ctrl-C stops.`,
  );
  if (open) openBrowser(running.url);
  await untilStopped(running);
}
