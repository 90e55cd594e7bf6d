// Builds the harness into one dependency-free ESM file (cookie, content-type and etag bundled in), so a WebContainer
// or a local `node` runs it without npm install. Node-only: called by the Vite plugin and the local bridge.
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const entry = fileURLToPath(new URL('./index.ts', import.meta.url));

export async function buildHarness(): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node18',
    write: false,
    minify: false, // stacks of harness bugs stay readable; the file is small either way
    legalComments: 'none',
    logLevel: 'silent',
    // etag (CommonJS) requires `crypto` and `fs`; in an ESM bundle esbuild's `__require` shim needs a real `require`.
    banner: { js: "import { createRequire as __harnessRequire } from 'node:module';\nconst require = __harnessRequire(import.meta.url);" },
  });
  return result.outputFiles[0].text;
}
