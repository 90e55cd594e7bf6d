// Builds the production bundle once and serves it with the preview server (the playground's real headers) for the
// browser tests. SKIP_BUILD=1 reuses dist/ when iterating.
import { build, preview, type PreviewServer } from 'vite';
import type { TestProject } from 'vitest/node';
import { ensureChromium } from '../../scripts/chromium-path.mjs';

let server: PreviewServer | undefined;

export default async function setup(project: TestProject) {
  const chromium = ensureChromium();
  if (!process.env.SKIP_BUILD) await build({ logLevel: 'warn' });
  server = await preview({ preview: { port: 0, strictPort: false, host: 'localhost' }, logLevel: 'warn' });
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
