import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Frame, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { ROOT_DIR } from '../../server/paths.js';

/** Debian's chromium, as `.ci/run` installs it. */
export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';
export const SCREENSHOT_DIR = path.join(ROOT_DIR, 'test-artifacts', 'screenshots');

/** `CHROMIUM_PATH` points elsewhere (GitHub's runners have Google Chrome at /usr/bin/google-chrome). */
export function chromiumPath(env: Record<string, string | undefined>): string {
  return env.CHROMIUM_PATH || DEFAULT_CHROMIUM_PATH;
}

/**
 * Why the browser suite cannot run here, or undefined when it can. In CI a missing browser is a failure
 * (`.ci/run` installs it), never a silent pass; elsewhere the suite skips and says why.
 */
export function browserUnavailable(env: Record<string, string | undefined>): string | undefined {
  const exe = chromiumPath(env);
  if (fs.existsSync(exe)) return undefined;
  const why = `${exe} is missing (install Debian's chromium: apt-get install -y chromium, or set CHROMIUM_PATH)`;
  if (env.CI === 'true') throw new Error(`browser tests cannot run in CI: ${why}`);
  return why;
}

export function launchChromium(env: Record<string, string | undefined>): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(env),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * A viewport-sized shot (what a user sees), scrolled to `selector` inside the embedded page when given. The
 * parent's viewport is shot, not a full page: a full-page shot of the parent leaves a cross-origin frame blank.
 */
export async function screenshot(page: Page, name: string, frame?: Frame, selector?: string): Promise<void> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  if (frame && selector) {
    const el = await frame.waitForSelector(selector);
    await el.evaluate((node) => node.scrollIntoView({ block: 'start' }));
    await el.scrollIntoViewIfNeeded();
  }
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`) });
}
