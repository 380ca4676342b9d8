import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

/**
 * Debian's package, found as scripts/test-prerequisites.js finds it (`npm test` installs it where it can):
 * CCM_CHROMIUM_PATH, else `chromium` on the PATH. No browser is ever downloaded.
 */
const CHROMIUM: string | undefined =
  process.env.CCM_CHROMIUM_PATH ??
  (process.env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, 'chromium'))
    .find((file) => existsSync(file));

/** Throws, saying what to install, when there is no Chromium: a browser test never skips silently. */
export function assertChromium(): void {
  if (!CHROMIUM || !existsSync(CHROMIUM))
    throw new Error(
      `Chromium not found (${CHROMIUM ?? 'no chromium on the PATH'}): install Debian's chromium (apt-get install chromium) or set CCM_CHROMIUM_PATH`,
    );
}

/** Headless, with a new empty profile of its own (Playwright's), and no traffic of its own. */
export function launchChromium(): Promise<Browser> {
  assertChromium();
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
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
