// Builds the harness into one dependency-free ESM file (cookie, content-type and etag bundled in), so a WebContainer
// or a local `node` runs it without npm install. Node-only: called by the Vite plugin and the local bridge.
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const entry = fileURLToPath(new URL('./index.ts', import.meta.url));
const buildRunnerEntry = fileURLToPath(new URL('./build-runner.ts', import.meta.url));

export function buildHarness(): Promise<string> {
  return bundle(entry);
}

/** The runner of a project's `vercel-build` commands (build-runner.ts), contained as the harness is. */
export function buildBuildRunner(): Promise<string> {
  return bundle(buildRunnerEntry);
}

async function bundle(file: string): Promise<string> {
  const result = await build({
    entryPoints: [file],
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
