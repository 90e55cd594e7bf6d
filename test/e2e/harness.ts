// Real Chromium against the production build: one browser per test file, a fresh page per test.
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, inject } from 'vitest';
import { CHROMIUM_ARGS } from '../../scripts/chromium-path.mjs';

let browser: Browser | undefined;

export const baseUrl = () => inject('baseUrl');

export async function getBrowser(): Promise<Browser> {
  if (!browser) {
    browser = await chromium.launch({ executablePath: inject('chromiumPath'), args: CHROMIUM_ARGS, headless: true });
    // Every context is a tab of one browser profile as far as the Node bridge is concerned (global-setup.ts).
    const newContext = browser.newContext.bind(browser);
    browser.newContext = async (options) => {
      const context = await newContext(options);
      await context.addInitScript(
        ([origin, token]) => {
          // self.origin: a sandboxed frame of the same URL has an opaque origin (and no storage); a frame under a page
          // of another site may be refused storage (SecurityError), and then has no token.
          try {
            if (self.origin === origin) localStorage.setItem('playground:node-bridge-token', token);
          } catch {}
        },
        [new URL(baseUrl()).origin, inject('bridgeToken')] as const,
      );
      return context;
    };
  }
  return browser;
}

afterAll(async () => {
  await browser?.close();
  browser = undefined;
});

/** Opens a page of the playground (`/`, `/?embed`, …) and collects its console errors for assertions. */
export async function openPage(path = '/', ...inits: (() => void)[]): Promise<Page & { errors: string[] }> {
  const context = await (await getBrowser()).newContext();
  const page = (await context.newPage()) as Page & { errors: string[] };
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  for (const init of inits) await page.addInitScript(init);
  await page.goto(baseUrl() + path);
  return page;
}
