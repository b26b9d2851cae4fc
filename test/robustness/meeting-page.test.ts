import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeWithChromium, launchChromium } from '../helpers/chromium.js';
import { startCode, type CodeServer } from '../helpers/code-server.js';
import { ROOT, runCli } from '../helpers/run-cli.js';

const describeBrowser = describeWithChromium('the meeting page test');
const WAIT = { timeout: 30_000 };
const MEETING = ['--meeting', 'anna,bram', '--into', 'consensus'];

/** A copy of data-sample (with the codebooks it refers to); with the consensus coder declared unless `declare` is false. */
function sampleCopy(declare = true): string {
  const dir = mkdtempSync(join(tmpdir(), 'qualkit-meeting-'));
  cpSync(join(ROOT, 'data-sample'), join(dir, 'data-sample'), { recursive: true });
  cpSync(join(ROOT, 'codebooks'), join(dir, 'codebooks'), { recursive: true });
  // A memo that looks like markup: the page must show it as text.
  const anna = join(dir, 'data-sample/codings/anna.csv');
  writeFileSync(
    anna,
    readFileSync(anna, 'utf8').replace('B1.3,4.N,,,', 'B1.3,4.N,<img src=x onerror=alert(1)>,,'),
  );
  if (declare) {
    const file = join(dir, 'data-sample/qualkit.json');
    const config = JSON.parse(readFileSync(file, 'utf8')) as { coders: object[] };
    config.coders.push({ name: 'consensus', file: 'codings/consensus.csv', consensus: ['anna', 'bram'] });
    writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
  }
  return dir;
}

const read = (dir: string, file: string) => readFileSync(join(dir, 'data-sample/codings', file), 'utf8');

describe('qualkit code --meeting without a consensus coder', () => {
  it('does not start, prints the config lines to add and exits 2', () => {
    const dir = sampleCopy(false);
    const r = runCli(['code', 'data-sample', ...MEETING], dir);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(
      '{ "name": "consensus", "file": "codings/consensus.csv", "consensus": ["anna","bram"] }',
    );
    expect(existsSync(join(dir, 'data-sample/codings/consensus.csv'))).toBe(false);
  });

  it('refuses --meeting without --into', () => {
    const r = runCli(['code', 'data-sample', '--meeting', 'anna,bram'], sampleCopy());
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--meeting and --into go together');
  });
});

/*
 * The meeting on data-sample in Debian's Chromium, by keyboard only: three disagreements
 * decided (one undone and decided again, one with a note, one with an added label); the two
 * files must be byte for byte what `qualkit consensus --decide` writes for the same decisions.
 */
describeBrowser('qualkit code --meeting in a real browser', () => {
  let browser: Browser;
  const servers: CodeServer[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await browser?.close();
  });

  async function open(dir: string): Promise<{ page: Page; server: CodeServer; problems: string[] }> {
    const server = await startCode('data-sample', MEETING, { cwd: dir });
    servers.push(server);
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('request', (r) => !r.url().startsWith(server.origin) && problems.push(`request to ${r.url()}`));
    page.setDefaultTimeout(30_000);
    await page.goto(server.url);
    await page.waitForSelector('body[data-ready]', WAIT);
    return { page, server, problems };
  }

  it('decides three disagreements by keyboard; the files equal what qualkit consensus --decide writes', async () => {
    const dir = sampleCopy();
    const { page, server, problems } = await open(dir);
    let saves = 0;
    const keys = async (list: string[], saving = 0) => {
      for (const k of list) await page.keyboard.press(k);
      if (saving > 0) await page.waitForSelector(`body[data-saves="${(saves += saving)}"]`, WAIT);
    };
    const at = (code: string) =>
      page.waitForFunction((c) => document.getElementById('frag-code')?.textContent === c, code, WAIT);

    expect(await page.locator('#progress').textContent()).toBe('0 of 23 decided, 23 undecided');
    await at('B1.3');
    // Both coders' labels, with the label's name; the coders' columns.
    expect(await page.locator('#decide-head').textContent()).toBe('labelannabramdecisionnote');
    expect(await page.locator('#decide-rows tr').count()).toBe(2);
    await keys(['ArrowDown']);
    // 4.N: anna gave it (with her memo, as text), bram did not; its definition below.
    expect(await page.locator('#decide-rows tr[data-label="4.N"]').textContent()).toContain(
      '✓ <img src=x onerror=alert(1)>–to decide',
    );
    expect(await page.locator('#detail img').count()).toBe(0);
    expect(((await page.locator('#definition').textContent()) ?? '').startsWith('4.N ')).toBe(true);
    await keys(['k'], 1);
    await keys(['u'], 1); // taken back
    await keys(['d'], 1);
    expect(await page.locator('#progress').textContent()).toBe('1 of 23 decided, 22 undecided');
    await keys(['Enter']);
    await at('B1.4');
    await keys(['ArrowDown', 'ArrowDown', 'k'], 1); // 3.S
    await keys(['n']);
    await page.keyboard.type('past bij schaamte');
    await keys(['Enter'], 1);
    await keys(['j']);
    await at('B1.6');
    await keys(['k'], 1); // 5.I
    await keys(['ArrowDown', 'd'], 1); // 5.J
    await keys(['a']);
    await page.keyboard.type('9.A');
    await page.waitForSelector('#picker-list li.active[data-label="9.A"]', WAIT);
    await keys(['Enter'], 1);
    expect(await page.locator('#progress').textContent()).toBe('3 of 23 decided, 20 undecided');
    expect(await page.locator('#decide-rows tr[data-label="9.A"]').textContent()).toContain('add');
    await keys(['?']);
    expect(await page.locator('#help-keys').textContent()).toContain('keep the selected label');
    await keys(['Escape']);

    // The JSON route has the POST routes' guards: no cookie, no answer; another Origin, no write.
    expect((await fetch(`${server.origin}/api/meeting`)).status).toBe(403);
    const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const foreign = await fetch(`${server.origin}/api/decide`, {
      method: 'POST',
      headers: { cookie, origin: 'http://evil.example', 'content-type': 'application/json' },
      body: JSON.stringify({ fragment: 'B1.8', label: '3.K', decision: 'keep' }),
    });
    expect(foreign.status).toBe(403);
    const bad = await fetch(`${server.origin}/api/decide`, {
      method: 'POST',
      headers: { cookie, origin: server.origin, 'content-type': 'application/json' },
      body: JSON.stringify({ fragment: 'B1.8', label: '3.K', decision: 'perhaps' }),
    });
    expect(bad.status).toBe(400);

    await page.close();
    expect(await server.stop()).toBe(0);
    expect(problems).toEqual([]);

    // The same decisions through the command, in a second copy.
    const expected = sampleCopy();
    expect(
      runCli(
        [
          'consensus',
          'data-sample',
          '--decide',
          'B1.3:4.N=drop',
          'B1.6:5.I=keep',
          'B1.6:5.J=drop',
          'B1.6:9.A=add',
        ],
        expected,
      ).status,
    ).toBe(0);
    expect(
      runCli(
        ['consensus', 'data-sample', '--decide', 'B1.4:3.S=keep', '--note', 'past bij schaamte'],
        expected,
      ).status,
    ).toBe(0);
    expect(read(dir, 'consensus-decisions.csv')).toBe(read(expected, 'consensus-decisions.csv'));
    expect(read(dir, 'consensus.csv')).toBe(read(expected, 'consensus.csv'));
    expect(read(dir, 'consensus-decisions.csv')).toContain('B1.4,3.S,yes,no,keep,past bij schaamte\n');

    const against = runCli(['agree', 'data-sample', '--against', 'consensus'], dir);
    expect(against.stderr).not.toContain('internal error');
    expect(against.status).toBe(0);

    // Resume: started again, the meeting goes on at the first undecided fragment.
    const again = await open(dir);
    expect(await again.page.locator('#progress').textContent()).toBe('3 of 23 decided, 20 undecided');
    expect(await again.page.locator('#frag-code').textContent()).toBe('B1.8');
    await again.page.close();
    expect(await again.server.stop()).toBe(0);
    expect(again.problems).toEqual([]);
  }, 180_000);
});
