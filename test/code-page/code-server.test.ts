import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateStudy } from '../../src/bench/generate-study.js';
import { rawRequest, signIn, startCode, type CodeServer } from '../helpers/code-server.js';
import { copyStudy } from '../helpers/run-cli.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';

const ADD = JSON.stringify({ op: 'add', fragment: 'C3.1', label: '1.B' });

/*
 * The coding page's server, spoken to directly (as an attacker on the same laptop or a
 * web page in the browser would): every request without the session, with a foreign Host,
 * from another origin, with an oversized, malformed or wrong body is refused, and none of
 * them writes anything.
 */
describe('qualkit code: the local server refuses what is not the page', () => {
  let study: string;
  let server: CodeServer;
  let cookie: string;
  let original: string;
  const codings = () => readFileSync(join(study, 'codings/anna.csv'), 'utf8');
  const post = (body: string | Buffer, headers: Record<string, string> = {}) =>
    rawRequest(server.port, {
      method: 'POST',
      path: '/api/change',
      headers: { Cookie: cookie, Origin: server.origin, 'Content-Type': 'application/json', ...headers },
      body,
    });

  beforeAll(async () => {
    study = copyStudy('mini');
    original = codings();
    server = await startCode(study, ['--coder', 'anna'], { guard: true });
    cookie = await signIn(server);
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('prints a loopback URL with a token, which becomes an HttpOnly SameSite=Strict cookie, once', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{20,}$/);
    expect(cookie).toBe(`qualkit_session_${server.port}=${cookie.split('=')[1]}`);
    expect(cookie).toMatch(/^qualkit_session_\d+=[\w-]{20,}$/);
    const again = await rawRequest(server.port, {
      path: new URL(server.url).pathname + new URL(server.url).search,
    });
    expect(again.status).toBe(403);
    const page = await rawRequest(server.port, { path: '/', headers: { Cookie: cookie } });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
    expect(Object.keys(page.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    expect(page.body).toContain('<script type="module" src="/js/main.js">');
  });

  it('the first sign-in sets the cookie flags', async () => {
    const other = await startCode(study, ['--coder', 'anna']);
    try {
      const u = new URL(other.url);
      const r = await rawRequest(other.port, { path: `${u.pathname}${u.search}` });
      expect(r.status).toBe(303);
      expect(String(r.headers['set-cookie'])).toMatch(/; HttpOnly; SameSite=Strict; Path=\/$/);
      const wrong = await rawRequest(other.port, { path: '/?token=guessed' });
      expect(wrong.status).toBe(403);
    } finally {
      await other.stop();
    }
  }, 60_000);

  it('refuses requests without the session cookie', async () => {
    for (const path of [
      '/',
      '/api/state',
      '/api/codings',
      '/api/conversation?n=0',
      '/api/texts?codes=B1.1',
      '/api/search?text=geld',
      '/js/main.js',
      '/page.css',
    ])
      expect((await rawRequest(server.port, { path })).status).toBe(403);
    expect((await post(ADD, { Cookie: `qualkit_session_${server.port}=forged` })).status).toBe(403);
    expect(codings()).toBe(original);
  });

  it('refuses a foreign Host header (DNS rebinding), even with the cookie', async () => {
    for (const host of [
      'evil.example',
      `evil.example:${server.port}`,
      '127.0.0.1:1',
      `localhost.evil.example:${server.port}`,
    ]) {
      expect(
        (await rawRequest(server.port, { path: '/api/state', headers: { Host: host, Cookie: cookie } }))
          .status,
      ).toBe(421);
      expect((await post(ADD, { Host: host })).status).toBe(421);
    }
    expect(
      (
        await rawRequest(server.port, {
          path: '/api/state',
          headers: { Host: `localhost:${server.port}`, Cookie: cookie },
        })
      ).status,
    ).toBe(200);
    expect(codings()).toBe(original);
  });

  it('refuses cross-origin and origin-less writes', async () => {
    for (const headers of <Record<string, string>[]>[
      { Origin: 'http://evil.example' },
      { Origin: `http://127.0.0.1:${server.port + 1}` },
      { Origin: 'null' },
      { 'Sec-Fetch-Site': 'cross-site' },
    ])
      expect((await post(ADD, headers)).status).toBe(403);
    const noOrigin = await rawRequest(server.port, {
      method: 'POST',
      path: '/api/change',
      headers: { Cookie: cookie, 'Content-Type': 'application/json' },
      body: ADD,
    });
    expect(noOrigin.status).toBe(403);
    expect((await post(ADD, { 'Content-Type': 'text/plain' })).status).toBe(415);
    expect(codings()).toBe(original);
  });

  it('refuses oversized, malformed and wrong bodies, and changes the server does not allow', async () => {
    const big = JSON.stringify({ op: 'add', fragment: 'C3.1', label: '1.B', memo: 'x'.repeat(20_000) });
    expect((await post(big)).status).toBe(413);
    expect((await post('{"op": "add", ')).status).toBe(400);
    for (const body of [
      { op: 'drop-table' },
      { op: 'add', fragment: 'C3.1', label: '1.B', extra: 1 },
      { op: 'add', fragment: '../../etc', label: '1.B' },
      { op: 'add', fragment: 'C3.1', label: '1' },
      { op: 'add', fragment: 'C3.1', label: '1.B', stance: 'maybe' },
      { op: 'add', fragment: 'C3.1', label: '1.B', memo: 'a\u0000b' },
    ])
      expect((await post(JSON.stringify(body))).status).toBe(400);
    const unknown = await post(JSON.stringify({ op: 'add', fragment: 'C3.1', label: '9.Z' }));
    expect(unknown.status).toBe(422);
    expect(JSON.parse(unknown.body).message).toBe('Unknown label 9.Z in codebook cb.');
    const missing = await post(JSON.stringify({ op: 'add', fragment: 'C9.1', label: '1.A' }));
    expect(JSON.parse(missing.body).message).toBe('Unknown fragment C9.1.');
    const twice = await post(JSON.stringify({ op: 'add', fragment: 'B1.1', label: '1.A' }));
    expect(JSON.parse(twice.body).message).toBe('B1.1 already has 1.A.');
    expect(codings()).toBe(original);
    expect(readdirSync(join(study, 'codings'))).toEqual(['anna.csv', 'bram.csv']);
  });

  it('serves only the files it ships, and no other method', async () => {
    for (const path of [
      '/../qualkit.json',
      '/js/../../package.json',
      '/codings/anna.csv',
      '/qualkit-key.csv',
      '/templates/code-page/index.html',
    ])
      expect((await rawRequest(server.port, { path, headers: { Cookie: cookie } })).status).toBe(404);
    expect(
      (await rawRequest(server.port, { method: 'PUT', path: '/api/change', headers: { Cookie: cookie } }))
        .status,
    ).toBe(405);
  });

  it('sends the study in parts: an outline with the codings, a conversation when shown, texts and search', async () => {
    const get = async (path: string) => {
      const r = await rawRequest(server.port, { path, headers: { Cookie: cookie } });
      return { status: r.status, json: JSON.parse(r.body) as Record<string, unknown> };
    };
    const state = (await get('/api/state')).json as {
      conversations: { respondent: string; runs: [string, number, number][] }[];
      coded: number;
      recent: Record<string, string[]>;
      opening: { n: number; conversation: { turns: [string, number, string][]; codings: string[][] } };
    };
    // The outline holds no transcript text: each conversation's fragments are runs of numbers.
    expect(state.conversations.map((c) => c.runs)).toEqual([
      [['B1', 1, 3]],
      [['B2', 1, 2]],
      [['C1', 1, 3]],
      [['C2', 1, 2]],
      [['C3', 1, 2]],
    ]);
    expect(JSON.stringify(state.conversations)).not.toContain('schamen');
    // codings/anna.csv: 12 rows on 10 fragments; its last distinct labels, the last first.
    expect(state.coded).toBe(10);
    expect(state.recent).toEqual({ cb: ['1.A', '2.B', '2.A', '1.B'] });
    // It opens on anna's first fragment without a label, C2.2, in the fourth conversation (C2),
    // sent along with her codings of it.
    expect(state.opening.n).toBe(3);
    expect(state.opening.conversation.turns.filter((t) => t[0] !== '').map((t) => t[0])).toEqual([
      'C2.1',
      'C2.2',
    ]);
    expect(state.opening.conversation.codings).toEqual([['C2.1', '2.B', '', '', '']]);
    // All her codings as place, label (places count B1.1 = 0 … C3.2 = 11), memos apart.
    expect((await get('/api/codings')).json).toEqual({
      codings: [
        0,
        '1.A',
        1,
        '1.A',
        1,
        '1.B',
        2,
        '2.A',
        3,
        '1.B',
        4,
        '2.B',
        5,
        '1.A',
        6,
        '2.B',
        7,
        '2.B',
        7,
        '2.A',
        8,
        '2.B',
        11,
        '1.A',
      ],
      details: [
        [0, 'schamen', '', ''],
        [2, 'vertrouwen weg', '', ''],
      ],
    });
    const c1 = (await get('/api/conversation?n=2')).json as {
      turns: [string, number, string][];
      codings: string[][];
    };
    expect(c1.turns.find((t) => t[0] === 'C1.2')?.[2]).toBe('geld voor eten\nen een bed');
    expect(c1.codings).toEqual([
      ['C1.1', '1.A', '', '', ''],
      ['C1.2', '2.B', '', '', ''],
      ['C1.3', '2.B', '', '', ''],
      ['C1.3', '2.A', '', '', ''],
    ]);
    expect(c1.turns.some((t) => t[0] === '')).toBe(true);
    for (const n of ['5', '-1', '1.5', 'x', ''])
      expect((await get(`/api/conversation?n=${n}`)).status).toBe(404);
    expect((await get('/api/texts?codes=B1.3,B9.9,B1.03,C3.2')).json).toEqual({
      texts: { 'B1.3': 'Een plek om te slapen, dat eerst.', 'C3.2': 'ik durf het eigenlijk\nniet te zeggen' },
    });
    const many = Array.from({ length: 501 }, (_, i) => `B1.${i + 1}`).join(',');
    expect((await get(`/api/texts?codes=${many}`)).status).toBe(413);
    // As `retrieve --text`: case, diacritics and runs of white space (a line break) ignored.
    // "geld" is in B1.2 ("geldt"), B2.2, C1.2 and C1.3.
    expect((await get('/api/search?text=G%C3%89LD')).json).toEqual({
      codes: ['B1.2', 'B2.2', 'C1.2', 'C1.3'],
    });
    expect((await get('/api/search?text=eten%20en')).json).toEqual({ codes: ['C1.2'] });
    expect((await get('/api/search?text=nergens')).json).toEqual({ codes: [] });
    expect((await get(`/api/search?text=${'a'.repeat(1001)}`)).status).toBe(413);
  });

  it('writes a valid change, only that row, and loads no network module but http (guarded)', async () => {
    const r = await post(ADD);
    expect(r.status).toBe(200);
    expect(codings()).toBe(original.replace('C3.2,1.A,\n', 'C3.1,1.B,\nC3.2,1.A,\n'));
    expect(server.stderr()).not.toContain('NETWORK-');
  });

  it('refuses a fragment outside the coder’s scope', async () => {
    const bram = await startCode(study, ['--coder', 'bram']);
    try {
      const c = await signIn(bram);
      const r = await rawRequest(bram.port, {
        method: 'POST',
        path: '/api/change',
        headers: { Cookie: c, Origin: bram.origin, 'Content-Type': 'application/json' },
        body: JSON.stringify({ op: 'add', fragment: 'B1.1', label: '1.A' }),
      });
      expect(r.status).toBe(422);
      expect(JSON.parse(r.body).message).toBe("Fragment B1.1 is outside bram's scope (C).");
      // Nor does the page get anything of it: not its text, not in a search.
      const get = async (path: string) =>
        JSON.parse((await rawRequest(bram.port, { path, headers: { Cookie: c } })).body) as unknown;
      expect(await get('/api/texts?codes=B1.1,C1.2')).toEqual({
        texts: { 'C1.2': 'geld voor eten\nen een bed' },
      });
      expect(await get('/api/search?text=geld')).toEqual({ codes: ['C1.2', 'C1.3'] });
    } finally {
      expect(await bram.stop()).toBe(0);
    }
  }, 60_000);
});

describe('qualkit code on the command line', () => {
  it('--open starts the default browser on the printed address', async () => {
    const study = copyStudy('mini');
    const bin = mkdtempSync(join(tmpdir(), 'qualkit-fake-browser-'));
    const opened = join(bin, 'opened.txt');
    writeFileSync(join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s' "$1" > '${opened}'\n`, { mode: 0o755 });
    const server = await startCode(study, ['--coder', 'anna', '--open'], {
      env: { PATH: `${bin}:${process.env.PATH}` },
    });
    try {
      for (let i = 0; i < 100 && !existsSync(opened); i++) await new Promise((r) => setTimeout(r, 100));
      expect(readFileSync(opened, 'utf8')).toBe(server.url);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  }, 60_000);

  it('Ctrl-C lets a change under way finish: it is either answered and on disk, or refused and not', async () => {
    const study = copyStudy('mini');
    const file = join(study, 'codings/anna.csv');
    const original = readFileSync(file, 'utf8');
    const server = await startCode(study, ['--coder', 'anna']);
    const cookie = await signIn(server);
    const reply = rawRequest(server.port, {
      method: 'POST',
      path: '/api/change',
      headers: { Cookie: cookie, Origin: server.origin, 'Content-Type': 'application/json' },
      body: ADD,
    }).catch(() => undefined);
    const stopped = server.stop();
    const answered = await reply;
    expect(await stopped).toBe(0);
    expect(server.stderr()).toContain('stopped; every change is saved');
    const after = readFileSync(file, 'utf8');
    if (answered?.status === 200)
      expect(after).toBe(original.replace('C3.2,1.A,\n', 'C3.1,1.B,\nC3.2,1.A,\n'));
    else expect(after).toBe(original);
  }, 60_000);

  it('refuses a port in use and an unknown coder, with exit code 2', async () => {
    const study = copyStudy('mini');
    const first = await startCode(study, ['--coder', 'anna']);
    try {
      const second = startCode(study, ['--coder', 'anna', '--port', String(first.port)]);
      await expect(second).rejects.toThrow(/exited with 2: qualkit: port \d+ is in use/);
      await expect(startCode(study, ['--coder', 'carla'])).rejects.toThrow(
        /exited with 2: qualkit: unknown coder "carla"/,
      );
      await expect(startCode(study, [])).rejects.toThrow(/say whose codings to edit with --coder/);
    } finally {
      expect(await first.stop()).toBe(0);
    }
  }, 60_000);
});

/*
 * SIGKILL while changes are being saved: the codings file is always the old one or a
 * complete new one (every change appended here goes at the end of the file, so each
 * possible file is the original plus the first k rows).
 */
describe('qualkit code while the study is read', () => {
  it('prints the address once the config is read, and stops with the errors when the study has some', async () => {
    const study = copyStudy('mini');
    writeFileSync(join(study, 'codings/anna.csv'), 'fragment,label\nB1.1,1.A\nB1.2,zz\n');
    const server = await startCode(study, ['--coder', 'anna']);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=/);
    const code = await new Promise<number | null>((r) =>
      server.proc.exitCode !== null ? r(server.proc.exitCode) : server.proc.once('exit', r),
    );
    expect(code).toBe(1);
    expect(server.stderr()).toMatch(/codings\/anna\.csv:3.*Unexpected label "zz"/);
    expect(readFileSync(join(study, 'codings/anna.csv'), 'utf8')).toBe('fragment,label\nB1.1,1.A\nB1.2,zz\n');
  }, 60_000);

  it('reads only the coder’s own codings: another coder’s broken file does not keep her from coding', async () => {
    const study = copyStudy('mini');
    writeFileSync(join(study, 'codings/bram.csv'), 'fragment,label\nC1.1,zz\n');
    const server = await startCode(study, ['--coder', 'anna']);
    try {
      const cookie = await signIn(server);
      const state = await rawRequest(server.port, { path: '/api/state', headers: { Cookie: cookie } });
      expect(state.status).toBe(200);
      expect(server.stderr()).not.toContain('zz');
    } finally {
      expect(await server.stop()).toBe(0);
    }
  }, 60_000);
});

describe('qualkit code killed while saving', () => {
  it('leaves the codings file old or new, never half-written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qualkit-code-kill-'));
    await generateStudy(dir, 40_000);
    const file = join(dir, 'codings/anna.csv');
    const original = readFileSync(file, 'utf8');
    const last = original.trimEnd().split('\n').pop()!.split(',')[0]!;
    const labels = Array.from({ length: 40 }, (_, i) => `${Math.floor(i / 5) + 1}.${'ABCDE'[i % 5]}`);
    const has = new Set(
      original
        .split('\n')
        .filter((l) => l.startsWith(`${last},`))
        .map((l) => l.split(',')[1]),
    );
    const rows = labels.filter((l) => !has.has(l)).map((l) => `${last},${l}\n`);
    for (const delay of [5, 20, 40]) {
      writeFileSync(file, original);
      const server = await startCode(dir, ['--coder', 'anna']);
      const cookie = await signIn(server);
      const sent = rows.map((row) =>
        rawRequest(server.port, {
          method: 'POST',
          path: '/api/change',
          headers: { Cookie: cookie, Origin: server.origin, 'Content-Type': 'application/json' },
          body: JSON.stringify({ op: 'add', fragment: last, label: row.split(',')[1]!.trim() }),
        }).catch(() => undefined),
      );
      await new Promise((r) => setTimeout(r, delay));
      server.proc.kill('SIGKILL');
      await Promise.all(sent);
      await server.stop();
      const after = readFileSync(file, 'utf8');
      const k = rows.findIndex((_, i) => after === original + rows.slice(0, i).join(''));
      expect(k >= 0 || after === original + rows.join('')).toBe(true);
    }
  }, 120_000);
});
