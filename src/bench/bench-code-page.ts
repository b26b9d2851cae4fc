import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateStudy } from './generate-study.js';

const CLI = fileURLToPath(new URL('../cli/main.js', import.meta.url));
const CHROMIUM = '/usr/bin/chromium';

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/**
 * The coding page on a generated study (`fragments` fragments, two coders): seconds from
 * starting `qualkit code` to the printed URL and to the page's first complete render in
 * Chromium, and milliseconds from a key press to the change being on disk (the server
 * answers after the rename), median and 95th percentile over `changes` changes (a label
 * given with key 1, then taken off with x, in turns). The render is the page's own mark
 * `qualkit-ready` (the frame after the study's outline and the first conversation are
 * drawn), on the same clock as the start. Returns Markdown lines.
 */
export async function benchCodePage(fragments: number, changes = 200): Promise<string> {
  const { chromium } = await import('playwright-core');
  const dir = mkdtempSync(join(tmpdir(), 'qualkit-bench-code-'));
  process.stderr.write(`code page: generating ${fragments} fragments in ${dir} …\n`);
  await generateStudy(dir, fragments * 2);
  const codingsFile = join(dir, 'codings/anna.csv');
  const before = readFileSync(codingsFile, 'utf8');
  const codings = ['anna', 'bram'].reduce(
    (n, c) =>
      n +
      readFileSync(join(dir, `codings/${c}.csv`), 'utf8')
        .trimEnd()
        .split('\n').length -
      1,
    0,
  );
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    page.setDefaultTimeout(120_000);
    // A coder's browser is running already: the clock starts once Chromium has settled after its launch.
    await page.goto('about:blank');
    await new Promise((r) => setTimeout(r, 3000));
    const started = performance.now();
    const proc = spawn(process.execPath, [CLI, 'code', dir, '--coder', 'anna'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // The server says where it saves once the study is read.
    const studyRead = new Promise<number>((resolve) => {
      let err = '';
      proc.stderr.on('data', (d) => {
        err += String(d);
        if (err.includes('saving to')) resolve((performance.now() - started) / 1000);
      });
    });
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      proc.stdout.on('data', (d) => {
        out += String(d);
        if (out.includes('\n')) resolve(out.split('\n')[0]!.trim());
      });
      proc.once('exit', (code) => reject(new Error(`qualkit code exited with ${code}`)));
    });
    const serving = (performance.now() - started) / 1000;
    await page.goto(url);
    await page.waitForSelector('body[data-ready]');
    // The page marks its first complete render itself (Playwright's polling would add up to half a second).
    const readyAt = await page.evaluate(
      () => performance.timeOrigin + performance.getEntriesByName('qualkit-ready')[0]!.startTime,
    );
    const rendered = (readyAt - (performance.timeOrigin + started)) / 1000;
    const read = await studyRead;
    let saves = 0;
    for (let i = 0; i < changes; i++) {
      if (i % 2 === 0)
        // Move on until the fragment lacks recent label 1, so key 1 gives it.
        for (;;) {
          const has = await page.evaluate(() => {
            const id = document
              .querySelector('#recent button[data-key="1"]')
              ?.textContent?.trim()
              .split(' ')[1];
            return id !== undefined && document.querySelector(`#labels li[data-label="${id}"]`) !== null;
          });
          if (!has) break;
          await page.keyboard.press('j');
          await page.waitForSelector('body:not([data-loading])');
        }
      await page.keyboard.press(i % 2 === 0 ? '1' : 'x');
      await page.waitForSelector(`body[data-saves="${++saves}"]`);
      if (i % 2 === 1) {
        await page.keyboard.press('j');
        await page.waitForSelector('body:not([data-loading])');
      }
    }
    const times = (
      await page.evaluate(() => performance.getEntriesByName('qualkit-save').map((e) => e.duration))
    ).sort((a, b) => a - b);
    proc.kill('SIGINT');
    await new Promise((r) => proc.once('exit', r));
    const same = readFileSync(codingsFile, 'utf8') === before;
    rmSync(dir, { recursive: true, force: true });
    return (
      `Coding page (\`qualkit code\`), ${fragments.toLocaleString('en')} fragments, ${codings.toLocaleString('en')} codings (anna's file ${(before.length / 1e6).toFixed(1)} MB), Chromium:\n\n` +
      '| measure | value | target |\n| --- | ---: | ---: |\n' +
      `| start to URL printed (config read, server listening; the browser opens the page meanwhile) | ${serving.toFixed(2)} s | |\n` +
      `| start to study read (sources, coder's codings; the page's data served from here) | ${read.toFixed(2)} s | |\n` +
      `| start to first complete render | ${rendered.toFixed(2)} s | < 2 s |\n` +
      `| key press to change on disk, median of ${times.length} | ${quantile(times, 0.5).toFixed(1)} ms | < 30 ms |\n` +
      `| key press to change on disk, 95th percentile | ${quantile(times, 0.95).toFixed(1)} ms | |\n` +
      `\nAfter the ${changes} changes (each label given and taken off again) the codings file is ${same ? 'byte-identical to the original' : 'NOT identical to the original (a bug)'}.\n`
    );
  } finally {
    await browser.close();
  }
}
