import type { Command } from 'commander';
import { spawn } from 'node:child_process';
import { UsageError } from '../../core/diagnostics.js';
import { removeStaleTemporaryFiles } from '../../io/write-file-atomic.js';
import { say, writeResult } from '../console.js';
import { chooseCoders, loadCheckedStudy } from '../study-session.js';
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
    .addHelpText(
      'after',
      '\nExamples:\n  $ qualkit code data-sample --coder anna --open\n  $ qualkit code data-sample --coder bram --port 8765\n\nThe page listens on 127.0.0.1 only; the printed address carries a one-time token. Ctrl-C stops it after pending writes.',
    )
    .action(async (studyPath: string, opts: { coder?: string; port?: string; open?: boolean }) => {
      const port = opts.port === undefined ? 0 : Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new UsageError(`--port must be a number from 1 to 65535; got "${opts.port}"`);
      const study = await loadCheckedStudy(studyPath);
      const coders = study.config.coders;
      if (coders.length === 0)
        throw new UsageError('the study declares no coders; add one under "coders" in the config');
      if (opts.coder === undefined && coders.length > 1)
        throw new UsageError(
          `say whose codings to edit with --coder (one of ${coders.map((c) => c.name).join(', ')})`,
        );
      const coder = opts.coder === undefined ? coders[0]! : chooseCoders(study, [opts.coder])[0]!;
      await removeStaleTemporaryFiles(dirname(resolve(study.root, coder.file)));
      // The server (and with it node:http) is loaded by this command only.
      const { CodingSession } = await import('../../code-page/coding-session.js');
      const { startCodeServer } = await import('../../code-page/code-server.js');
      const session = new CodingSession(study, coder);
      await session.open();
      const running = await startCodeServer(session, port).catch((e: NodeJS.ErrnoException) => {
        if (e.code === 'EADDRINUSE')
          throw new UsageError(`port ${port} is in use; choose another with --port, or leave it out`);
        throw e;
      });
      writeResult(`${running.url}\n`);
      say(
        `qualkit: ${coder.name}'s coding page (saving to ${session.codingsFile}); the link works once. Ctrl-C stops.`,
      );
      if (opts.open) openBrowser(running.url);
      await new Promise<void>((resolveStop) => {
        const stop = () => {
          say('qualkit: stopping after pending writes …');
          running.stop().then(resolveStop, resolveStop);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      say('qualkit: stopped; every change is saved.');
    });
}
