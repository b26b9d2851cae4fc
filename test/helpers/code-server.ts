import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { join } from 'node:path';
import { CLI, ROOT } from './run-cli.js';

export interface CodeServer {
  url: string;
  origin: string;
  port: number;
  proc: ChildProcess;
  stderr: () => string;
  /** Ctrl-C, and the exit code. */
  stop: () => Promise<number | null>;
}

/** Starts `qualkit code <study> …args` as a user would and waits for the URL it prints. */
export function startCode(
  study: string,
  args: string[],
  options: { guard?: boolean; cwd?: string; env?: Record<string, string> } = {},
): Promise<CodeServer> {
  const pre = options.guard ? ['--import', join(ROOT, 'test/helpers/network-guard.mjs')] : [];
  const proc = spawn(process.execPath, [...pre, CLI, 'code', study, ...args], {
    cwd: options.cwd ?? ROOT,
    env: {
      ...process.env,
      NO_COLOR: '1',
      ...(options.guard ? { QUALKIT_GUARD_ALLOW: 'http' } : {}),
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  proc.stderr.on('data', (d) => (err += String(d)));
  const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
  let signalled = false;
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout.on('data', (d) => {
      out += String(d);
      const line = out.split('\n')[0]!;
      if (out.includes('\n')) {
        const url = new URL(line.trim());
        resolve({
          url: line.trim(),
          origin: url.origin,
          port: Number(url.port),
          proc,
          stderr: () => err,
          stop: () => {
            // One Ctrl-C; a second one would stop qualkit at once.
            if (!signalled && proc.exitCode === null) proc.kill('SIGINT');
            signalled = true;
            return exited;
          },
        });
      }
    });
    proc.once('exit', (code) => reject(new Error(`qualkit code exited with ${code}: ${err}`)));
  });
}

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One raw HTTP request to 127.0.0.1:port, with exactly the headers given (Host included). */
export function rawRequest(
  port: number,
  options: { method?: string; path?: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'GET',
        path: options.path ?? '/',
        headers: { Host: `127.0.0.1:${port}`, ...options.headers },
        setHost: false,
      },
      (res) => {
        let body = '';
        res.on('data', (d) => (body += String(d)));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

/** Signs in with the printed URL's token; the session cookie for later requests. */
export async function signIn(server: CodeServer): Promise<string> {
  const u = new URL(server.url);
  const r = await rawRequest(server.port, { path: `${u.pathname}${u.search}` });
  const cookie = String(r.headers['set-cookie'] ?? '');
  return cookie.split(';')[0]!;
}
