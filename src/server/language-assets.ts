// Vite plugin: each language's interpreter files, served from our origin under /languages/<lang>/ (dev and preview)
// and copied there by a build, straight from their npm packages (nothing generated is committed), with the Python
// memory snapshot made from those same pyodide files. Checked-in assets (the vendored Python libraries) live in
// public/languages/<lang>/ and are served by Vite itself.
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import type { Connect, Plugin } from 'vite';
import { PYTHON_SNAPSHOT_FILE } from '../../workers/python/snapshot.ts';
import { headersFor } from './headers.ts';
import { cachedPythonSnapshot } from './python-snapshot.ts';

const require = createRequire(import.meta.url);

/** What a language needs from an npm package: the package and the files of it, served as they are. */
interface PackageAssets {
  /** The npm package (its folder is found through its package.json). */
  package: string;
  files: readonly string[];
  /** The folder of the package the files are in (default: its root). */
  dir?: string;
}

/** The one table: language → the npm files served at /languages/<language>/<file>. */
export const LANGUAGE_ASSETS: Record<string, PackageAssets> = {
  // Pyodide's core: the loader (classic script), the Emscripten module, CPython as wasm, its standard library.
  python: { package: 'pyodide', files: ['pyodide.js', 'pyodide.asm.mjs', 'pyodide.asm.wasm', 'python_stdlib.zip', 'pyodide-lock.json'] },
  // CRuby 3.3 for WASI with its standard library packed in (workers/ruby/vm.ts RUBY_WASM); WEBrick is in the worker.
  ruby: { package: '@ruby/3.3-wasm-wasi', dir: 'dist', files: ['ruby+stdlib.wasm'] },
};

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.zip': 'application/zip',
  '.json': 'application/json',
};

function packageDir(name: string): string {
  // Found on the resolver's node_modules paths, not as `${name}/package.json`: a package whose "exports" leaves its
  // package.json out (@ruby/3.3-wasm-wasi) cannot be resolved that way.
  const dir = (require.resolve.paths(name) ?? []).map((p) => join(p, name)).find((d) => existsSync(join(d, 'package.json')));
  if (!dir) throw new Error(`${name} is not installed (npm ci)`);
  return dir;
}

/** `/languages/python/pyodide.js` → the file in node_modules, or null. */
function assetFile(urlPath: string): string | null {
  const m = /^\/languages\/([a-z]+)\/([^/]+)$/.exec(urlPath);
  if (!m) return null;
  const assets = LANGUAGE_ASSETS[m[1]];
  if (!assets || !assets.files.includes(m[2])) return null;
  return join(packageDir(assets.package), assets.dir ?? '', m[2]);
}

/** The Python memory snapshot from the pyodide package served here: made once (a few seconds) and cached. */
let pythonSnapshot: Promise<Uint8Array> | null = null;
const snapshot = () => (pythonSnapshot ??= cachedPythonSnapshot(packageDir(LANGUAGE_ASSETS.python.package)));

function serve(): Connect.NextHandleFunction {
  return (req, res, next) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === `/languages/python/${PYTHON_SNAPSHOT_FILE}`) {
      // Dev: made on the first request (Python's first run) unless cached. A failure is a 500 the worker falls back from.
      snapshot().then(
        (bytes) => sendSnapshot(req, res, bytes),
        (error: unknown) => {
          pythonSnapshot = null;
          res.statusCode = 500;
          res.end(`The Python memory snapshot could not be made: ${error instanceof Error ? error.message : String(error)}`);
        },
      );
      return;
    }
    const file = assetFile(path);
    if (!file || !existsSync(file)) return next();
    const ext = file.slice(file.lastIndexOf('.'));
    res.setHeader('Content-Type', CONTENT_TYPES[ext] ?? 'application/octet-stream');
    createReadStream(file).pipe(res);
  };
}

/** The snapshot file is gzip: sent as what it is (Content-Encoding), the browser inflates it off the worker's thread.
 * A static host that sends it plainly still works: the worker then inflates it itself (workers/python/load.ts). */
function sendSnapshot(req: IncomingMessage, res: ServerResponse, bytes: Uint8Array): void {
  for (const [k, v] of Object.entries(headersFor(`/languages/python/${PYTHON_SNAPSHOT_FILE}`))) res.setHeader(k, v);
  res.setHeader('Content-Type', 'application/octet-stream');
  res.setHeader('Vary', 'Accept-Encoding');
  if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) res.setHeader('Content-Encoding', 'gzip');
  res.setHeader('Content-Length', String(bytes.byteLength));
  res.end(bytes);
}

/** The preview server: the built snapshot, sent as the dev server sends it. */
function servePreviewSnapshot(outDir: string): Connect.NextHandleFunction {
  return (req, res, next) => {
    const file = join(outDir, 'languages', 'python', PYTHON_SNAPSHOT_FILE);
    if ((req.url ?? '/').split('?')[0] !== `/languages/python/${PYTHON_SNAPSHOT_FILE}` || req.method !== 'GET' || !existsSync(file)) return next();
    sendSnapshot(req, res, readFileSync(file));
  };
}

export function languageAssets(): Plugin {
  let outDir = 'dist';
  return {
    name: 'playground-language-assets',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    configureServer(server) {
      server.middlewares.use(serve());
    },
    configurePreviewServer(server) {
      server.middlewares.use(servePreviewSnapshot(outDir));
    },
    async generateBundle() {
      for (const [language, assets] of Object.entries(LANGUAGE_ASSETS)) {
        const dir = join(packageDir(assets.package), assets.dir ?? '');
        for (const file of assets.files) this.emitFile({ type: 'asset', fileName: `languages/${language}/${file}`, source: readFileSync(join(dir, file)) });
      }
      this.emitFile({ type: 'asset', fileName: `languages/python/${PYTHON_SNAPSHOT_FILE}`, source: await snapshot() });
    },
  };
}
