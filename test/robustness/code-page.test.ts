import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithChromium, launchChromium } from '../helpers/chromium.js';
import { startCode, type CodeServer } from '../helpers/code-server.js';
import { copyStudy, ROOT } from '../helpers/run-cli.js';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';

const describeBrowser = describeWithChromium('the coding page test');
// Generous: CI machines have two cores shared with other jobs. No test asserts a duration.
const WAIT = { timeout: 30_000 };

const ANNA = 'fragment,label,memo,extra\nB1.1,1.A,schamen,keep\nC1.1,1.A,,\n';

interface Opened {
  page: Page;
  server: CodeServer;
  problems: string[];
  requests: string[];
  saves: number;
}

/*
 * The coding page in Debian's Chromium, driven by the keyboard as a coder would: open the
 * printed URL, code, remove, accept a suggestion, add a label; the files afterwards are
 * compared byte for byte with what a coder expects, in the file's own layout.
 */
describeBrowser('qualkit code in a real browser', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
  }, 60_000);

  // Servers of a test that failed half-way are stopped here, so none outlives the run.
  const servers: CodeServer[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await browser?.close();
  });

  async function open(study: string, cwd?: string): Promise<Opened> {
    const server = await startCode(study, ['--coder', 'anna'], cwd ? { cwd } : {});
    servers.push(server);
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    const opened: Opened = { page, server, problems: [], requests: [], saves: 0 };
    page.on('console', (m) => m.type() === 'error' && opened.problems.push(m.text()));
    page.on('pageerror', (e) => opened.problems.push(e.message));
    page.on('dialog', async (d) => {
      opened.problems.push(`dialog: ${d.message()}`);
      await d.dismiss();
    });
    page.on('request', (r) => opened.requests.push(r.url()));
    page.setDefaultTimeout(30_000);
    await page.goto(server.url);
    await page.waitForSelector('body[data-ready]', WAIT);
    return opened;
  }

  async function close(o: Opened): Promise<void> {
    await o.page.close();
    expect(await o.server.stop()).toBe(0);
    expect(o.problems).toEqual([]);
    expect(o.requests.filter((u) => !u.startsWith(o.server.origin))).toEqual([]);
  }

  /** Presses keys; when the last one saves, waits until the page has the server's answer. */
  async function keys(o: Opened, list: string[], saves = 0): Promise<void> {
    for (const k of list) await o.page.keyboard.press(k);
    if (saves > 0) {
      o.saves += saves;
      await o.page.waitForSelector(`body[data-saves="${o.saves}"]`, WAIT);
    }
  }
  const type = (o: Opened, text: string) => o.page.keyboard.type(text);
  const jump = async (o: Opened, code: string) => {
    await keys(o, ['g']);
    await type(o, code);
    await keys(o, ['Enter']);
    await o.page.waitForFunction((c) => document.getElementById('frag-code')?.textContent === c, code, WAIT);
    // Its conversation's text is fetched when shown.
    await o.page.waitForSelector('body:not([data-loading])', WAIT);
  };

  it('codes five fragments, removes a label, accepts a suggestion and adds a core label, by keyboard only', async () => {
    const study = copyStudy('mini');
    writeFileSync(join(study, 'codings/anna.csv'), ANNA);
    const codebookBefore = readFileSync(join(study, 'codebook.csv'), 'utf8');
    const o = await open(study);
    expect(await o.page.locator('#progress').textContent()).toBe('2 of 12 fragments coded');
    expect(await o.page.locator('#frag-code').textContent()).toBe('B1.2');

    await keys(o, ['l']);
    await type(o, 'wantr');
    await keys(o, ['Enter'], 1);
    await keys(o, ['m']);
    await type(o, 'vertrouwen weg');
    await keys(o, ['Enter'], 1);
    await keys(o, ['j', 'l']);
    await type(o, 'slapen'); // 2.A's definition: "Een plek om te slapen."
    await keys(o, ['Enter'], 1);
    await keys(o, ['j', '2'], 1); // recent labels now 2.A, 1.B, 1.A: key 2 gives 1.B
    await keys(o, ['j', 'l']);
    await type(o, 'geld');
    await keys(o, ['Enter'], 1);
    await jump(o, 'C2.2');
    await keys(o, ['3'], 1); // recent labels now 2.B, 1.B, 2.A, 1.A: key 3 gives 2.A
    await keys(o, ['m']);
    await type(o, 'twijfel, "echt"');
    await keys(o, ['Enter'], 1);
    expect(await o.page.locator('#progress').textContent()).toBe('7 of 12 fragments coded');

    await jump(o, 'B2.1');
    await keys(o, ['x'], 1);
    await jump(o, 'C1.2');
    await o.page.waitForSelector('#suggestions li[data-label]', WAIT);
    const suggested = await o.page.locator('#suggestions li[data-label]').first().getAttribute('data-label');
    // "geld voor eten en een bed": Onderdak first, learnt from C1.3 (geld, eten) coded 2.A and 2.B by anna and bram.
    expect(suggested).toBe('2.A');
    expect(await o.page.locator('#suggestions li .reason').first().textContent()).toMatch(/^ because of: \S/);
    await keys(o, ['a'], 1);

    await jump(o, 'C3.2');
    await keys(o, ['l']);
    await type(o, 'Angst voor politie');
    await keys(o, ['Control+Enter', 'Tab', 'Tab']);
    await type(o, 'Bang dat de politie erbij komt.');
    await keys(o, ['Enter'], 1);
    await o.page.waitForSelector('#labels li[data-label="1.C"]', WAIT);

    expect(readFileSync(join(study, 'codings/anna.csv'), 'utf8')).toBe(
      'fragment,label,memo,extra\nB1.1,1.A,schamen,keep\nB1.2,1.B,vertrouwen weg,\nB1.3,2.A,,\nB2.2,2.B,,\nC1.1,1.A,,\nC1.2,2.A,,\nC2.2,2.A,"twijfel, ""echt""",\nC3.2,1.C,,\n',
    );
    expect(readFileSync(join(study, 'codebook.csv'), 'utf8')).toBe(
      codebookBefore.replace(
        '1,1,Drempels,B,Wantrouwen,Geen vertrouwen in hulpverleners.\n',
        '1,1,Drempels,B,Wantrouwen,Geen vertrouwen in hulpverleners.\n1,1,Drempels,C,Angst voor politie,Bang dat de politie erbij komt.\n',
      ),
    );

    // The help overlay lists the keys; every action is a visible button too.
    await keys(o, ['?']);
    expect(await o.page.locator('#help').isVisible()).toBe(true);
    expect(await o.page.locator('#help-keys tr').count()).toBeGreaterThanOrEqual(15);
    await keys(o, ['Escape']);
    expect(await o.page.locator('#help').isVisible()).toBe(false);
    for (const id of [
      'btn-pick',
      'btn-memo',
      'btn-stance',
      'btn-type',
      'btn-remove',
      'btn-accept',
      'btn-new',
      'btn-next',
      'btn-prev',
      'btn-next-conv',
      'btn-prev-conv',
      'btn-jump',
      'btn-help',
    ])
      expect(await o.page.locator(`#${id}`).isVisible()).toBe(true);

    // Retrieve: fragments with a label of main label 1 but not 1.A, counted by hand from the file above.
    await o.page.fill('#f-labels', '1');
    await o.page.fill('#f-not', '1.A');
    await o.page.waitForFunction(
      () => document.getElementById('list-info')?.textContent?.startsWith('2 fragments match'),
      null,
      WAIT,
    );
    expect(await o.page.locator('#list .row.fragment .code').allTextContents()).toEqual(['B1.2', 'C3.2']);
    await close(o);
  }, 180_000);

  it('keeps a semicolon, BOM and CRLF codings file in its layout', async () => {
    const study = copyStudy('mini');
    const file = join(study, 'codings/anna.csv');
    writeFileSync(file, '\uFEFFFragment;Label;Memo\r\nB1.1;1.A;schamen\r\nC1.1;1.A;\r\n');
    const o = await open(study);
    await keys(o, ['l']);
    await type(o, '1.b');
    await keys(o, ['Enter'], 1);
    await keys(o, ['m']);
    await type(o, 'a; b');
    await keys(o, ['Enter'], 1);
    await keys(o, ['j', '1'], 1);
    await keys(o, ['x'], 1);
    await keys(o, ['l']);
    await type(o, 'onderdak');
    await keys(o, ['Enter'], 1);
    expect(readFileSync(file, 'utf8')).toBe(
      '\uFEFFFragment;Label;Memo\r\nB1.1;1.A;schamen\r\nB1.2;1.B;"a; b"\r\nB1.3;2.A;\r\nC1.1;1.A;\r\n',
    );
    await close(o);
  }, 120_000);

  it('notices a codings file changed on disk, says so, re-reads it and loses nothing', async () => {
    const study = copyStudy('mini');
    const file = join(study, 'codings/anna.csv');
    writeFileSync(file, ANNA);
    const o = await open(study);
    await keys(o, ['l']);
    await type(o, 'wantr');
    await keys(o, ['Enter'], 1);
    // Someone saves the file from Excel while the page is open: the page notices by itself.
    writeFileSync(file, `${readFileSync(file, 'utf8')}C2.1,2.B,van excel,\n`);
    await o.page.waitForFunction(
      () => document.getElementById('status')?.textContent?.includes('changed on disk'),
      null,
      WAIT,
    );
    expect(await o.page.locator('#status').getAttribute('class')).toBe('notice');
    await o.page.waitForFunction(
      () => document.getElementById('progress')?.textContent === '4 of 12 fragments coded',
      null,
      WAIT,
    );
    await keys(o, ['j', '1'], 1);
    // And once more just before a change: the server re-reads before it writes.
    writeFileSync(file, readFileSync(file, 'utf8').replace('schamen,keep', 'schamen (bram),keep'));
    await keys(o, ['j', '1'], 1);
    expect(readFileSync(file, 'utf8')).toBe(
      'fragment,label,memo,extra\nB1.1,1.A,schamen (bram),keep\nB1.2,1.B,,\nB1.3,1.B,,\nB2.1,1.B,,\nC1.1,1.A,,\nC2.1,2.B,van excel,\n',
    );
    await o.page.waitForFunction(
      () => document.getElementById('progress')?.textContent === '6 of 12 fragments coded',
      null,
      WAIT,
    );
    await close(o);
  }, 120_000);

  it('shows a fragment holding <script> and <img onerror> as text that runs nothing', async () => {
    const study = copyStudy('mini');
    const o = await open(study);
    await jump(o, 'C3.1');
    expect(await o.page.locator('#frag-text').textContent()).toBe(
      'hoi <script>alert(1)</script> <img src=x onerror=alert(2)> & | [link](javascript:alert(3))',
    );
    await o.page.fill('#f-text', 'ONERROR');
    await o.page.waitForFunction(
      () => document.getElementById('list-info')?.textContent?.startsWith('1 fragment match'),
      null,
      WAIT,
    );
    expect(await o.page.locator('#list .row .text').first().textContent()).toContain(
      '<img src=x onerror=alert(2)>',
    );
    expect(await o.page.locator('body img').count()).toBe(0);
    expect(await o.page.locator('body script').count()).toBe(0);
    expect(await o.page.evaluate(() => document.querySelectorAll('script').length)).toBe(1);
    await o.page.waitForTimeout(300);
    await close(o);
  }, 120_000);

  it('searches text on the server and shows the texts of results from conversations not opened yet', async () => {
    const study = copyStudy('mini');
    writeFileSync(join(study, 'codings/anna.csv'), ANNA);
    const o = await open(study);
    await keys(o, ['f']);
    await type(o, 'EIGENLIJK');
    await o.page.waitForFunction(
      () => document.getElementById('list-info')?.textContent?.startsWith('2 fragments match'),
      null,
      WAIT,
    );
    await o.page.waitForFunction(() => document.querySelectorAll('#list .row .text.loading').length === 0);
    expect(await o.page.locator('#list .row.fragment .code').allTextContents()).toEqual(['C1.1', 'C3.2']);
    expect(await o.page.locator('#list .row.fragment .text').allTextContents()).toEqual([
      'gaat wel\n\nschaam me eigenlijk',
      'ik durf het eigenlijk\nniet te zeggen',
    ]);
    expect(o.requests.some((u) => u.includes('/api/search?text=EIGENLIJK'))).toBe(true);
    expect(o.requests.some((u) => u.includes('/api/texts?codes='))).toBe(true);
    await close(o);
  }, 120_000);

  it('makes the README screenshot on the sample study (pseudonymised, as the source book shows it)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qualkit-code-sample-'));
    cpSync(join(ROOT, 'data-sample'), join(dir, 'data-sample'), { recursive: true });
    cpSync(join(ROOT, 'codebooks'), join(dir, 'codebooks'), { recursive: true });
    const o = await open('data-sample', dir);
    await jump(o, 'C2.4');
    await o.page.waitForSelector('#suggestions li[data-label]', WAIT);
    await keys(o, ['l']);
    await type(o, 'vertrouw');
    await o.page.waitForSelector('#picker-list li.active', WAIT);
    const names = readFileSync(join(ROOT, 'data-sample/names.csv'), 'utf8');
    const shown = (await o.page.locator('body').textContent()) ?? '';
    for (const line of names.split('\n').slice(1)) {
      const name = line.split(',')[0]?.trim();
      if (name && name.length > 3) expect(shown).not.toContain(name);
    }
    // test/output/ always; the README's docs/coding-page.png with UPDATE_SCREENSHOTS=1.
    mkdirSync(join(ROOT, 'test/output'), { recursive: true });
    await o.page.screenshot({ path: join(ROOT, 'test/output/coding-page.png') });
    if (process.env.UPDATE_SCREENSHOTS === '1')
      cpSync(join(ROOT, 'test/output/coding-page.png'), join(ROOT, 'docs/coding-page.png'));
    expect(existsSync(join(ROOT, 'test/output/coding-page.png'))).toBe(true);
    await keys(o, ['Escape']);
    await close(o);
  }, 120_000);
});
