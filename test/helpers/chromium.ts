import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { describe } from 'vitest';

/** Debian's Chromium (`.ci/run` installs it); the browser tests never download one. */
export const CHROMIUM = '/usr/bin/chromium';

/**
 * `describe` for a test that needs Chromium. Without it the test is skipped with a warning
 * naming `test`, except in CI, where a missing browser must fail rather than pass unseen.
 */
export function describeWithChromium(test: string) {
  const run = existsSync(CHROMIUM) || Boolean(process.env.CI);
  if (!run)
    console.warn(`${CHROMIUM} not found (Debian package chromium; .ci/run installs it): ${test} is skipped`);
  return describe.skipIf(!run);
}

/** Chromium headless, with nothing of its own going to the network. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
