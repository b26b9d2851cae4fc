import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ChangeSchema, MAX_BODY_BYTES } from './change-schema.js';
import type { CodingSession } from './coding-session.js';
import { DecisionSchema, MeetingSession } from './meeting-session.js';
import { pageCodebook, pageState } from './page-data.js';
import { PageSuggester } from './page-suggestions.js';

/** The page's own files (and nothing else) are served: templates/code-page/ and dist/page/. */
const TEMPLATE_DIR = new URL('../../templates/code-page/', import.meta.url);
const SCRIPT_DIR = new URL('../page/', import.meta.url);

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  png: 'image/png',
};

/** Every response: no caching, no sniffing, no framing, and only the page's own scripts and styles. */
const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** The session cookie's name carries the port: cookies are per host, not per port, and two pages (anna's, bram's) may be open at once. */
const cookieName = (port: number) => `qualkit_session_${port}`;

/** The page's files; `/` is the coding page, or in meeting mode the meeting page (and not the other). */
async function shippedFiles(meeting: boolean): Promise<Map<string, { body: Buffer; type: string }>> {
  const files = new Map<string, { body: Buffer; type: string }>();
  const home = meeting ? 'meeting.html' : 'index.html';
  for (const name of await readdir(TEMPLATE_DIR)) {
    const type = TYPES[name.split('.').pop()!];
    if (type === TYPES.html && name !== home) continue;
    if (type)
      files.set(name === home ? '/' : `/${name}`, {
        body: await readFile(new URL(name, TEMPLATE_DIR)),
        type,
      });
  }
  for (const name of await readdir(SCRIPT_DIR))
    if (name.endsWith('.js'))
      files.set(`/js/${name}`, { body: await readFile(new URL(name, SCRIPT_DIR)), type: TYPES.js! });
  return files;
}

function equalSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookieOf(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

function send(
  res: ServerResponse,
  status: number,
  body: string | Buffer,
  type = 'text/plain; charset=utf-8',
  extra: Record<string, string> = {},
): void {
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': type,
    'Content-Length': String(Buffer.byteLength(body)),
    ...extra,
  });
  res.end(body);
}

const sendJson = (res: ServerResponse, status: number, value: unknown) =>
  send(res, status, JSON.stringify(value), 'application/json; charset=utf-8');

/** The body of a POST, up to `limit` bytes; undefined when it is longer. */
function readBody(req: IncomingMessage, limit: number): Promise<string | undefined> {
  return new Promise((resolveBody, reject) => {
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > limit) {
      resolveBody(undefined);
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) over = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolveBody(over ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export interface RunningServer {
  url: string;
  port: number;
  server: Server;
  /** Stops taking requests, waits for the writes under way, then closes. */
  stop(): Promise<void>;
}

/**
 * The coding page's server, on the loopback address only. Like Jupyter Server: a random
 * token in the printed URL, good once, turned into an HttpOnly SameSite=Strict session
 * cookie; every request must carry the cookie and a Host of 127.0.0.1 or localhost with
 * this port (no DNS rebinding); writes are POST with a small JSON body checked against a
 * schema and an Origin of this page (no cross-site requests); no CORS headers; a Content
 * Security Policy that allows only the page's own scripts and styles.
 */
export async function startCodeServer(
  session: CodingSession | MeetingSession,
  port: number,
): Promise<RunningServer> {
  const meeting = session instanceof MeetingSession ? session : undefined;
  const coding = session instanceof MeetingSession ? undefined : session;
  const files = await shippedFiles(meeting !== undefined);
  const token = randomBytes(24).toString('base64url');
  const secret = randomBytes(32).toString('base64url');
  let tokenUsed = false;
  const suggester = coding ? new PageSuggester(coding.study) : undefined;
  const postPath = meeting ? '/api/decide' : '/api/change';
  let actualPort = port;

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${actualPort}` && host !== `localhost:${actualPort}`)
      return send(res, 421, 'Wrong Host header: open the page through the address qualkit printed.');
    const url = new URL(req.url ?? '/', `http://${host}`);
    const signedIn = equalSecret(cookieOf(req, cookieName(actualPort)) ?? '', secret);
    if (req.method === 'GET' && url.pathname === '/' && url.searchParams.has('token')) {
      if (signedIn) return send(res, 303, '', undefined, { Location: '/' });
      if (tokenUsed || !equalSecret(url.searchParams.get('token')!, token))
        return send(res, 403, 'This link has been used or is wrong: restart `qualkit code` for a new one.');
      tokenUsed = true;
      return send(res, 303, '', 'text/plain; charset=utf-8', {
        Location: '/',
        'Set-Cookie': `${cookieName(actualPort)}=${secret}; HttpOnly; SameSite=Strict; Path=/`,
      });
    }
    if (!signedIn) return send(res, 403, 'Not signed in: open the link qualkit printed.');
    if (req.method === 'POST') {
      if (url.pathname !== postPath) return send(res, 404, 'Not found');
      const origin = req.headers.origin;
      const site = req.headers['sec-fetch-site'];
      if (origin !== `http://${host}` || (site !== undefined && site !== 'same-origin'))
        return send(res, 403, 'Cross-origin request refused.');
      if (!/^application\/json(;|$)/.test(req.headers['content-type'] ?? ''))
        return send(res, 415, 'Expected a JSON body.');
      const body = await readBody(req, MAX_BODY_BYTES);
      if (body === undefined) return send(res, 413, `Request body larger than ${MAX_BODY_BYTES} bytes.`);
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        return sendJson(res, 400, { ok: false, message: 'Malformed JSON.' });
      }
      if (meeting) {
        const decision = DecisionSchema.safeParse(json);
        if (!decision.success)
          return sendJson(res, 400, {
            ok: false,
            message: `Refused: ${decision.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')}`,
          });
        const { status, ...result } = await meeting.decide(decision.data);
        return sendJson(res, status, result);
      }
      const change = ChangeSchema.safeParse(json);
      if (!change.success)
        return sendJson(res, 400, {
          ok: false,
          message: `Refused: ${change.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')}`,
        });
      const result = await coding!.apply(change.data);
      return sendJson(res, result.status, {
        ...result,
        ...(result.codebook ? { codebook: pageCodebook(result.codebook) } : {}),
      });
    }
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return send(res, 405, 'Method not allowed', undefined, { Allow: 'GET, POST' });
    if (meeting) {
      if (url.pathname === '/api/meeting') return sendJson(res, 200, meeting.view());
    } else if (url.pathname === '/api/state') {
      const session = coding!;
      await session.check();
      return sendJson(res, 200, {
        ...pageState(session.study, session.coder, session.allCodings(), session.codingsFile),
        coded: session.codedCount(),
      });
    }
    if (coding && url.pathname === '/api/check') return sendJson(res, 200, await coding.check());
    if (coding && suggester && url.pathname === '/api/suggest') {
      const session = coding;
      const code = url.searchParams.get('fragment') ?? '';
      if (!session.scope(code))
        return sendJson(res, 404, { ok: false, message: `No fragment ${code} in scope.` });
      const given = new Set(session.codingsOf(code).map((c) => c.label));
      return sendJson(res, 200, { fragment: code, suggestions: await suggester.suggest(code, given) });
    }
    if (url.pathname === '/favicon.ico') return send(res, 204, '');
    const file = files.get(url.pathname);
    if (!file) return send(res, 404, 'Not found');
    return send(res, 200, file.body, file.type);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e: Error) => {
      if (!res.headersSent) send(res, 500, `Internal error: ${e.message}`);
      else res.destroy();
    });
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolveListen();
    });
  });
  actualPort = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actualPort}/?token=${token}`,
    port: actualPort,
    server,
    async stop() {
      const closed = new Promise<void>((r) => server.close(() => r()));
      server.closeIdleConnections();
      await session.idle();
      await suggester?.stop();
      server.closeAllConnections();
      await closed;
    },
  };
}
