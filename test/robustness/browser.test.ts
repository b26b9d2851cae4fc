import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithChromium, launchChromium } from '../helpers/chromium.js';
import { labelsByFragment } from '../../src/analysis/labels-by-fragment.js';
import { buildReportFiles, contentOf } from '../../src/report/report-files.js';
import { loadStudy } from '../../src/study/load-study.js';
import { FIXTURES, ROOT } from '../helpers/run-cli.js';

const describeBrowser = describeWithChromium('the browser test');

/*
 * The HTML report opened in Debian's Chromium (never a downloaded browser): it renders the
 * heatmap, makes no network request, logs no console error, and a fragment holding
 * <script> and <img onerror> shows as text and runs nothing.
 */
describeBrowser('the HTML report in a real browser', () => {
  let browser: Browser;
  const dir = mkdtempSync(join(tmpdir(), 'qualkit-browser-'));
  const shots = join(ROOT, 'test/output');

  beforeAll(async () => {
    const study = await loadStudy(join(FIXTURES, 'studies/mini'));
    // C3.1 reads: hoi <script>alert(1)</script> <img src=x onerror=alert(2)> & | [link](javascript:alert(3))
    study.codings.push({ coder: 'anna', fragment: 'C3.1', label: '1.B', memo: '', file: 'x', line: 1 });
    for (const f of await buildReportFiles(study, labelsByFragment(study.codings), ['anna', 'bram']))
      writeFileSync(join(dir, f.name), contentOf(f));
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('renders the heatmap, requests nothing from the network, logs no error, and shows hostile text as text', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 1600 } });
    const requests: string[] = [];
    const consoleErrors: string[] = [];
    const dialogs: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
    page.on('pageerror', (e) => consoleErrors.push(e.message));
    page.on('dialog', async (d) => {
      dialogs.push(d.message());
      await d.dismiss();
    });
    await page.goto(pathToFileURL(join(dir, 'index.html')).href, { waitUntil: 'load' });
    await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));

    const heatmap = page.locator('svg.heatmap').first();
    expect(await heatmap.isVisible()).toBe(true);
    expect(await page.locator('svg.heatmap rect').count()).toBeGreaterThan(0);
    const box = await heatmap.boundingBox();
    expect(box!.width).toBeGreaterThan(300);

    const hostile = page.locator('blockquote', { hasText: 'C3.1' });
    expect(await hostile.textContent()).toContain(
      'hoi <script>alert(1)</script> <img src=x onerror=alert(2)>',
    );
    expect(await page.locator('blockquote img').count()).toBe(0);
    expect(await page.locator('body script').count()).toBe(0);

    await page.waitForTimeout(200);
    expect(dialogs).toEqual([]);
    expect(consoleErrors).toEqual([]);
    expect(requests.filter((u) => !u.startsWith('file://'))).toEqual([]);

    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: join(shots, 'report.png'), fullPage: false });
    expect(existsSync(join(shots, 'report.png'))).toBe(true);
  }, 60_000);

  it('opens the triangulation report as well, with nothing from the network', async () => {
    const page = await browser.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    const out = mkdtempSync(join(tmpdir(), 'qualkit-browser-tri-'));
    const study = await loadStudy(join(ROOT, 'data-sample'));
    const { triangulationFiles } = await import('../../src/report/triangulation-files.js');
    const { loadThemeSet } = await import('../../src/themes/load-theme-set.js');
    const set = await loadThemeSet('signals', ROOT, study.codebooks);
    for (const f of await triangulationFiles(study, set, { codings: study.codings, quotes: true }))
      writeFileSync(join(out, f.name), f.content);
    await page.goto(pathToFileURL(join(out, 'triangulation-signals.html')).href);
    expect(await page.locator('#signal-map table tr').count()).toBeGreaterThan(5);
    expect(requests.filter((u) => !u.startsWith('file://'))).toEqual([]);
    await page.screenshot({ path: join(shots, 'triangulation-signals.png') });
  }, 60_000);
});
