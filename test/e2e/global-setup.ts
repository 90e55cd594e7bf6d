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
  project.provide('baseUrl', `http://localhost:${port}`);
  project.provide('chromiumPath', chromium);
  return async () => {
    await server?.close();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    chromiumPath: string;
  }
}
