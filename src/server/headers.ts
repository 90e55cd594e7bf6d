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
  "font-src 'self' data:; worker-src 'self' blob:; frame-src 'self' blob: data:; connect-src 'self' ws: wss:";

/**
 * The edge sandbox. Its blob: workers inherit this policy: no 'unsafe-eval' and no 'wasm-unsafe-eval', so user code
 * cannot generate code from strings or compile WebAssembly from bytes (runtime-spec.md D01, D02, D05, D06).
 * User code may fetch anything, as on the edge; its origin is opaque so it carries no playground cookies.
 */
export const SANDBOX_CSP =
  "default-src 'none'; script-src 'self' blob:; worker-src blob:; connect-src * data: blob:; style-src 'unsafe-inline'";

/** Same-origin workers run under the policy of their own script response; esbuild-wasm needs WebAssembly. */
export const WORKER_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' blob:; connect-src 'self' data: blob:";

export function headersFor(pathname: string): Record<string, string> {
  const path = pathname.split('?')[0];
  if (/\/sandbox\.html$/.test(path)) return { ...STATIC, 'Content-Security-Policy': SANDBOX_CSP };
  if (path.endsWith('/') || path.endsWith('.html')) return { ...STATIC, 'Content-Security-Policy': PAGE_CSP };
  if (/\.(m?js|ts)$/.test(path) || path.includes('worker')) return { ...STATIC, 'Content-Security-Policy': WORKER_CSP };
  return { ...STATIC };
}
