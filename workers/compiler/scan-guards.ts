// The cheap tests a build runs before it loads the parser (acorn, ~35 kB gzip: module-analysis.ts): only a source that
// passes one needs parsing, so most builds, the first one above all, never load it.
import { EDGE_UNSUPPORTED_NODE_APIS } from '../shared/edge-unsupported-apis';

/** Only these words can start a dynamic-code finding (dynamic-code.ts). */
export const MIGHT_EVALUATE = /\b(?:eval|Function|WebAssembly)\b/;

/** `process.<not env>`, `process[`, or one of the Node APIs the edge lacks (node-apis.ts). */
export const MIGHT_USE_NODE_API = new RegExp(
  `\\bprocess\\s*(?:\\.\\s*(?!env\\b)[A-Za-z_$]|\\[)|\\b(?:${EDGE_UNSUPPORTED_NODE_APIS.join('|')})\\b`,
);

/** esbuild's `__require` shim as its output declares it (a user's own `__require` is renamed `__require2`). */
export const REQUIRE_SHIM = /\bvar (__require\d*) = \/\* @__PURE__ \*\/ \(\(x\) => typeof require\b/;

/** The output reads `typeof <shim>` somewhere: only then does require-shim.ts have anything to rewrite. */
export function readsRequireShim(code: string): boolean {
  const name = REQUIRE_SHIM.exec(code)?.[1];
  return !!name && new RegExp(`\\btypeof\\s+${name}\\b`).test(code);
}
