// Chromium from Debian, driven by playwright-core: no browser download.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'node:test';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function chromiumAvailable() {
  return existsSync(CHROMIUM);
}

/** A fresh headless Chromium with the flags this machine needs; close() also removes its profile. */
export async function launch() {
  const profile = mkdtempSync(join(tmpdir(), 'flows-ui-chromium-'));
  // a persistent context is how playwright takes a fresh --user-data-dir
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    context,
    newPage: () => context.newPage(),
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** A browser and a page as the e2e tests use them: 15 s per action, page errors printed. */
export async function testPage() {
  const browser = await launch();
  const page = await browser.newPage();
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (e) => console.error('pageerror:', e.message));
  return { browser, page };
}

/**
 * After a failed test, prints where the page was: its URL, the focused element and the start of its text.
 * CI shows only the console, and a timeout's call log does not say what was on the screen instead.
 */
export function describeFailures(currentPage) {
  afterEach(async (t) => {
    const page = currentPage();
    if (t.passed || !page || page.isClosed()) return;
    try {
      const seen = await page.evaluate(() => ({
        focus: !document.activeElement || document.activeElement === document.body ? 'body' : document.activeElement.outerHTML.slice(0, 200),
        text: document.body.innerText.replace(/\s+/g, ' ').slice(0, 1200),
      }));
      console.error(`page after the failure of '${t.name}': ${page.url()}\n  focus: ${seen.focus}\n  text: ${seen.text}`);
    } catch (e) {
      console.error(`page after the failure of '${t.name}': ${page.url()} (not readable: ${e.message})`);
    }
  });
}
