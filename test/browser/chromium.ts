import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { ROOT_DIR } from '../../server/paths.js';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const SCREENSHOT_DIR = path.join(ROOT_DIR, 'test-artifacts', 'screenshots');

/**
 * Why the browser suite cannot run here, or undefined when it can. In CI a missing browser is a failure
 * (`.ci/run` installs it), never a silent pass; elsewhere the suite skips and says why.
 */
export function browserUnavailable(env: Record<string, string | undefined>): string | undefined {
  if (fs.existsSync(CHROMIUM_PATH)) return undefined;
  const why = `${CHROMIUM_PATH} is missing (install Debian's chromium: apt-get install -y chromium)`;
  if (env.CI === 'true') throw new Error(`browser tests cannot run in CI: ${why}`);
  return why;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  // a full-page shot of the parent can leave a cross-origin iframe blank; shoot the frame's own page instead
  const frame = await page.$('#app-frame');
  const inner = frame && (await frame.contentFrame());
  const body = inner && (await inner.$('body:has(#app)').catch(() => null));
  if (body) await body.screenshot({ path: file });
  else await page.screenshot({ path: file, fullPage: true });
}
