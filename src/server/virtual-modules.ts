// Vite plugin: build-time modules the workers import. Made with native esbuild from npm packages and Node itself,
// so nothing generated is committed and dev and build see the same thing.
import { existsSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { buildBuildRunner, buildHarness } from '../../workers/node-harness/build.ts';
import type { Plugin } from 'vite';

const root = fileURLToPath(new URL('../..', import.meta.url));
const require = createRequire(import.meta.url);

/** Node built-ins the edge build bundles from their npm polyfills (runtime-spec.md G22). */
export const EDGE_POLYFILLS = ['buffer', 'events', 'util', 'assert'] as const;

const ids = {
  polyfills: 'virtual:edge-polyfills',
  builtins: 'virtual:node-builtins',
  workerSource: 'virtual:edge-worker-source',
  harnessSource: 'virtual:node-harness-source',
  buildRunnerSource: 'virtual:node-build-runner-source',
  /** `virtual:language-worker/python`: a language's worker (workers/<lang>/worker.ts) as one classic script's text. */
  languageWorker: 'virtual:language-worker',
} as const;

/** A language whose worker is not written yet: the sandbox still starts it, and every run says so. */
const missingWorker = (language: string) =>
  `postMessage({ type: 'init-failed', message: ${JSON.stringify(`The ${language} runtime is not part of this build yet.`)} });`;

async function bundle(entry: string, format: 'cjs' | 'iife', resolveDir = root): Promise<{ code: string; files: string[] }> {
  const result = await build({
    stdin: { contents: entry, resolveDir, loader: 'ts', sourcefile: '<entry>' },
    bundle: true,
    format,
    platform: 'browser',
    target: 'es2022',
    minify: true,
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  return { code: result.outputFiles[0].text, files: Object.keys(result.metafile.inputs) };
}

/**
 * name → a loader of its source, so each polyfill is a chunk of its own that the compiler fetches only when a build
 * imports it (they would otherwise be most of the JS the page loads before the editor).
 */
function polyfillsModule(): string {
  const loaders = EDGE_POLYFILLS.map((name) => `${JSON.stringify(name)}: () => import(${JSON.stringify(`${ids.polyfills}/${name}`)}).then((m) => m.default)`);
  return `export default { ${loaders.join(', ')} };`;
}

/** One polyfill as one CommonJS file, so named imports resolve through esbuild's interop in the browser. */
async function polyfillModule(name: string): Promise<string> {
  // The trailing slash picks the npm package, not Node's built-in of the same name.
  const { code } = await bundle(`module.exports = require(${JSON.stringify(name + '/')});`, 'cjs');
  return `export default ${JSON.stringify(code)};`;
}

/** Export names of every Node built-in, so an unsupported import can be replaced with a module of throwing stubs. */
function builtinsModule(): string {
  const names: Record<string, string[]> = {};
  for (const id of builtinModules) {
    if (id.startsWith('_')) continue;
    try {
      // `sys` is util under an old name and `wasi` is experimental: requiring either prints a warning in every build.
      const mod = id === 'sys' ? require('util') : id === 'wasi' ? { WASI: null } : require(id);
      names[id] = Object.keys(mod).filter((k) => /^[A-Za-z_$][\w$]*$/.test(k) && k !== 'default');
    } catch {
      names[id] = [];
    }
  }
  return `export default ${JSON.stringify(names)};`;
}

export function virtualModules(): Plugin {
  return {
    name: 'playground-virtual-modules',
    resolveId(id) {
      if ((Object.values(ids) as string[]).includes(id) || id.startsWith(ids.polyfills + '/') || id.startsWith(ids.languageWorker + '/')) return '\0' + id;
    },
    async load(id) {
      if (id === '\0' + ids.polyfills) return polyfillsModule();
      if (id.startsWith('\0' + ids.polyfills + '/')) return polyfillModule(id.slice(ids.polyfills.length + 2));
      if (id === '\0' + ids.builtins) return builtinsModule();
      if (id === '\0' + ids.workerSource) {
        // The edge worker runs as a classic blob: worker inside the sandboxed iframe (a module blob: worker cannot
        // load at an opaque origin), so it is built to one IIFE whose scope keeps the runtime's own references.
        const { code, files } = await bundle(`import './workers/edge/worker.ts';`, 'iife');
        for (const f of files) if (!f.startsWith('<')) this.addWatchFile(root + f);
        return `export default ${JSON.stringify(code)};`;
      }
      if (id.startsWith('\0' + ids.languageWorker + '/')) {
        // Like the edge worker: the languages sandbox starts it as a classic data: worker, so it is one IIFE.
        const language = id.slice(ids.languageWorker.length + 2);
        if (!/^[a-z]+$/.test(language)) return null;
        const entry = `workers/${language}/worker.ts`;
        if (!existsSync(root + entry)) return `export default ${JSON.stringify(missingWorker(language))};`;
        const { code, files } = await bundle(`import './${entry}';`, 'iife');
        for (const f of files) if (!f.startsWith('<')) this.addWatchFile(root + f);
        return `export default ${JSON.stringify(code)};`;
      }
      // The Node harness as one file's text, for the WebContainer host to write into the container.
      if (id === '\0' + ids.harnessSource) return `export default ${JSON.stringify(await buildHarness())};`;
      // The vercel-build runner, written into the container beside the harness.
      if (id === '\0' + ids.buildRunnerSource) return `export default ${JSON.stringify(await buildBuildRunner())};`;
    },
  };
}
