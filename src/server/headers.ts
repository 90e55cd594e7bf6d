// Response headers for every page, worker and asset: one source for the dev server, the preview server and the
// static-hosting files (public/_headers, vercel.json), which a unit test checks against this.

/** Cross-origin isolation: the Node runtime's WebContainer needs it, so everything is served isolated from day one. */
export const ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
} as const;

/**
 * Static files are also loaded by the sandboxed (opaque-origin) edge iframe: under COEP it needs CORP cross-origin,
 * and its module scripts are CORS requests from origin `null`.
 */
const STATIC = {
  ...ISOLATION,
  'Cross-Origin-Resource-Policy': 'cross-origin',
  'Access-Control-Allow-Origin': '*',
  'X-Content-Type-Options': 'nosniff',
} as const;

/** The playground page. Scripts only from our origin; no eval anywhere on the page. */
export const PAGE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
  "font-src 'self' data:; worker-src 'self' blob:; " +
  // The WebContainer API boots from an iframe of StackBlitz's (the Node runtime in the browser).
  "frame-src 'self' blob: data: https://stackblitz.com; connect-src 'self' ws: wss:";

/**
 * The edge sandbox. Its data: workers inherit this policy: no 'unsafe-eval' and no 'wasm-unsafe-eval', so user code
 * cannot generate code from strings or compile WebAssembly from bytes (runtime-spec.md D01, D02, D05, D06).
 * The workers are data: workers because a blob: worker made at the sandbox's opaque origin is not a secure context
 * (no crypto.subtle, no crypto.randomUUID: G07); a data: worker is. `script-src blob:` loads the bundle in a worker.
 * User code may fetch anything, as on the edge; its origin is opaque so it carries no playground cookies.
 */
export const SANDBOX_CSP =
  "default-src 'none'; script-src 'self' blob:; worker-src data:; connect-src * data: blob:; style-src 'unsafe-inline'";

/**
 * The languages sandbox (languages.html: Python, Ruby and Go handlers). Like the edge sandbox an opaque origin, but its
 * interpreters are WebAssembly, so its data: workers may compile wasm ('wasm-unsafe-eval'); still no 'unsafe-eval'.
 * `script-src 'self'`: the workers load their interpreter's scripts from our origin (importScripts, import()).
 */
export const LANGUAGES_CSP =
  "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; worker-src data:; connect-src * data: blob:; style-src 'unsafe-inline'";

/** Same-origin workers run under the policy of their own script response; esbuild-wasm needs WebAssembly. */
export const WORKER_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' blob:; connect-src 'self' data: blob:";

/**
 * Vite's build names every file under /assets/ by a hash of its content, so a copy once fetched never goes stale: a
 * returning reader, and every further embed on a tutorial's page, takes them from the browser's cache without asking
 * (revalidating costs a round trip per file, one after another along the import chain). Documents, /embed.js and the
 * languages' files keep their names across builds and are revalidated.
 */
export const IMMUTABLE = { 'Cache-Control': 'public, max-age=31536000, immutable' } as const;

/** Every path gets exactly one policy: documents theirs, everything else the worker policy (a CSP on a response that is
 * neither a document nor a worker script is ignored), so static hosts never have to merge two policies. */
export function headersFor(pathname: string): Record<string, string> {
  const path = pathname.split('?')[0];
  const caching = path.startsWith('/assets/') ? IMMUTABLE : {};
  const csp = /\/sandbox(\.html)?$/.test(path)
    ? SANDBOX_CSP
    : /\/languages(\.html)?$/.test(path)
      ? LANGUAGES_CSP
      : path.endsWith('/') || path.endsWith('.html')
      ? PAGE_CSP
      : WORKER_CSP;
  return { ...STATIC, 'Content-Security-Policy': csp, ...caching };
}

/** The production paths and the header rules static hosts need for them (public/_headers, vercel.json). */
export const STATIC_RULES: { path: string; headers: Record<string, string> }[] = [
  { path: '/', headers: headersFor('/') },
  { path: '/index.html', headers: headersFor('/index.html') },
  { path: '/sandbox.html', headers: headersFor('/sandbox.html') },
  { path: '/sandbox', headers: headersFor('/sandbox') },
  { path: '/languages.html', headers: headersFor('/languages.html') },
  { path: '/languages', headers: headersFor('/languages') },
  { path: '/assets/*', headers: headersFor('/assets/x.js') },
  // The interpreters (pyodide, ruby.wasm, yaegi) and their libraries, loaded by the languages sandbox's workers.
  { path: '/languages/*', headers: headersFor('/languages/python/pyodide.js') },
  // The host-page helper: a script tag on any site loads it, COEP sites too (CORP cross-origin, in STATIC).
  { path: '/embed.js', headers: headersFor('/embed.js') },
];
