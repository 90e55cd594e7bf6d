// Builds the production bundle once and serves it with the preview server (the playground's real headers) for the
// browser tests. SKIP_BUILD=1 reuses the last build when iterating; E2E_OUT_DIR builds elsewhere than dist/ (so two
// checkouts' or two people's test runs on one machine do not overwrite each other's build).
import { build, preview, type PreviewServer } from 'vite';
import type { TestProject } from 'vitest/node';
import { ensureChromium } from '../../scripts/chromium-path.mjs';

let server: PreviewServer | undefined;

export default async function setup(project: TestProject) {
  const chromium = ensureChromium();
  const outDir = process.env.E2E_OUT_DIR || 'dist';
  if (!process.env.SKIP_BUILD) await build({ logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  server = await preview({ preview: { port: 0, strictPort: false, host: 'localhost' }, build: { outDir }, logLevel: 'warn' });
  const address = server.httpServer.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const baseUrl = `http://localhost:${port}`;
  project.provide('baseUrl', baseUrl);
  project.provide('bridgeToken', await bridgeToken(baseUrl));
  project.provide('chromiumPath', chromium);
  return async () => {
    await server?.close();
  };
}

/**
 * The local Node bridge's token, asked for as the playground's first page does, while no Node process runs. Every
 * test page gets it (test/e2e/harness.ts), as every tab of one browser shares it through localStorage: the bridge
 * gives no token to a new browser while another's processes run, and each test has a new browser context.
 */
async function bridgeToken(baseUrl: string): Promise<string> {
  const response = await fetch(`${baseUrl}/__node/session`, { method: 'POST', headers: { Origin: baseUrl }, body: '' });
  if (!response.ok) throw new Error(`The Node bridge gave no token: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { token: string }).token;
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    bridgeToken: string;
    chromiumPath: string;
  }
}
