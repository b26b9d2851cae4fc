import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ChangeSchema, MAX_BODY_BYTES } from './change-schema.js';
import type { CodingSession } from './coding-session.js';
import { DecisionSchema, MeetingSession } from './meeting-session.js';
import { MAX_TEXTS, pageCodebook, PageStudy } from './page-data.js';
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

/** The modules a page script imports, directly or through others (`from './x.js'`), in the order found. */
export function importedModules(scripts: ReadonlyMap<string, string>, entry: string): string[] {
  const found: string[] = [];
  const visit = (name: string) => {
    for (const m of (scripts.get(name) ?? '').matchAll(
      /^(?:import|export)\b[^;]*?from\s*'\.\/([\w-]+\.js)'/gm,
    )) {
      if (found.includes(m[1]!) || m[1] === entry) continue;
      found.push(m[1]!);
      visit(m[1]!);
    }
  };
  visit(entry);
  return found;
}

/**
 * The home page with the browser told at once what it will need: every module of its
 * script (instead of finding them one import at a time), and, on the coding page, the
 * study's state, which the server makes while the browser reads the scripts.
 */
function withPreloads(
  html: string,
  entry: string,
  scripts: ReadonlyMap<string, string>,
  state: boolean,
): string {
  const tag = `<script type="module" src="/js/${entry}"></script>`;
  const links = [
    ...(state ? ['<link rel="preload" href="/api/state" as="fetch" crossorigin="anonymous" />'] : []),
    ...importedModules(scripts, entry).map((m) => `<link rel="modulepreload" href="/js/${m}" />`),
  ];
  return html.replace(tag, [...links, tag].join('\n    '));
}

/** The page's files; `/` is the coding page, or in meeting mode the meeting page (and not the other). */
async function shippedFiles(meeting: boolean): Promise<Map<string, { body: Buffer; type: string }>> {
  const files = new Map<string, { body: Buffer; type: string }>();
  const scripts = new Map<string, string>();
  for (const name of await readdir(SCRIPT_DIR))
    if (name.endsWith('.js')) {
      const text = await readFile(new URL(name, SCRIPT_DIR), 'utf8');
      scripts.set(name, text);
      files.set(`/js/${name}`, { body: Buffer.from(text), type: TYPES.js! });
    }
  const home = meeting ? 'meeting.html' : 'index.html';
  for (const name of await readdir(TEMPLATE_DIR)) {
    const type = TYPES[name.split('.').pop()!];
    if (type === TYPES.html && name !== home) continue;
    if (!type) continue;
    const body = await readFile(new URL(name, TEMPLATE_DIR));
    files.set(name === home ? '/' : `/${name}`, {
      body:
        name === home
          ? Buffer.from(
              withPreloads(body.toString('utf8'), meeting ? 'meeting.js' : 'main.js', scripts, !meeting),
            )
          : body,
      type,
    });
  }
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
 *
 * A coding session may be given as the promise of one, while the study is still being
 * read: the page's own files are served at once (the browser opens the page meanwhile),
 * and its requests for data wait until the study is read.
 */
export async function startCodeServer(
  session: CodingSession | MeetingSession | Promise<CodingSession>,
  port: number,
): Promise<RunningServer> {
  const meeting = session instanceof MeetingSession ? session : undefined;
  const codingReady = meeting
    ? undefined
    : Promise.resolve(session as CodingSession | Promise<CodingSession>);
  // The coding session once the study is read (its promise failing means the command stops).
  let opened: CodingSession | undefined;
  void codingReady?.then(
    (c) => {
      opened = c;
      // The page's state is made at once, before the browser asks for it.
      stateJson(c);
    },
    () => undefined,
  );
  const files = await shippedFiles(meeting !== undefined);
  const token = randomBytes(24).toString('base64url');
  const secret = randomBytes(32).toString('base64url');
  let tokenUsed = false;
  let suggester: PageSuggester | undefined;
  let outline: PageStudy | undefined;
  const pageStudy = (c: CodingSession) => (outline ??= new PageStudy(c.study, c.coder));
  // The page's state and codings as sent, kept until the codings or codebooks change.
  const kept = (make: (session: CodingSession) => unknown) => {
    let sent: { revision: number; json: string } | undefined;
    return (session: CodingSession): string => {
      if (sent?.revision !== session.revision)
        sent = { revision: session.revision, json: JSON.stringify(make(session)) };
      return sent.json;
    };
  };
  const stateJson = kept((s) => pageStudy(s).state(s.pageCodings(), s.codingsFile));
  const codingsJson = kept((s) => pageStudy(s).codings(s.pageCodings()));
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
    let coding: CodingSession | undefined;
    if (codingReady && (req.method === 'POST' || url.pathname.startsWith('/api/')))
      try {
        coding = await codingReady;
      } catch (e) {
        return send(res, 503, `The study could not be read: ${(e as Error).message}`);
      }
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
      return send(res, 200, stateJson(session), 'application/json; charset=utf-8');
    } else if (url.pathname === '/api/codings') {
      const session = coding!;
      await session.check();
      return send(res, 200, codingsJson(session), 'application/json; charset=utf-8');
    } else if (url.pathname === '/api/conversation') {
      const n = url.searchParams.get('n') ?? '';
      const outline = pageStudy(coding!);
      const conversation = /^\d{1,9}$/.test(n)
        ? outline.conversation(
            Number(n),
            outline.codesOf(Number(n)).flatMap((code) => coding!.codingsOf(code)),
          )
        : undefined;
      if (!conversation) return sendJson(res, 404, { ok: false, message: 'No such conversation.' });
      // Once the page is drawn, the codings file is split into records, ready for the first change.
      const session = coding!;
      res.once('finish', () => setTimeout(() => session.prepare(), 0));
      return sendJson(res, 200, conversation);
    } else if (url.pathname === '/api/texts') {
      const codes = (url.searchParams.get('codes') ?? '').split(',').filter((c) => c !== '');
      if (codes.length > MAX_TEXTS)
        return sendJson(res, 413, { ok: false, message: `At most ${MAX_TEXTS} fragments at once.` });
      return sendJson(res, 200, { texts: pageStudy(coding!).texts(codes) });
    } else if (url.pathname === '/api/search') {
      const text = url.searchParams.get('text') ?? '';
      if (text.length > 1000) return sendJson(res, 413, { ok: false, message: 'Search text too long.' });
      return sendJson(res, 200, { codes: pageStudy(coding!).search(text) });
    }
    if (coding && url.pathname === '/api/check') return sendJson(res, 200, await coding.check());
    if (coding && url.pathname === '/api/suggest') {
      const session = coding;
      suggester ??= new PageSuggester(session.study);
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

  // Requests being answered: stopping waits for them, so a change is either answered and on disk, or neither.
  const answering = new Set<Promise<void>>();
  const server = createServer((req, res) => {
    const answer = handle(req, res).catch((e: Error) => {
      if (!res.headersSent) send(res, 500, `Internal error: ${e.message}`);
      else res.destroy();
    });
    answering.add(answer);
    void answer.finally(() => answering.delete(answer));
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
      await Promise.all(answering);
      await (meeting ?? opened)?.idle();
      await suggester?.stop();
      server.closeAllConnections();
      await closed;
    },
  };
}
