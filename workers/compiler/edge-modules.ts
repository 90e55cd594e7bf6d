// Next.js edge build texts (runtime-spec.md §2) and the modules generated for Node built-ins in edge builds.

/** Stands for the import's line in a warning until esbuild has told us where the import is. */
export const LINE_PLACEHOLDER = '\u0000line\u0000';

const NODE_MODULE_LINK = 'https://nextjs.org/docs/messages/node-module-in-edge-runtime';

/** D08: Next's production-build warning for an unsupported Node built-in (`line` may be the placeholder). */
export function nodeModuleWarning(name: string, line: number | string = LINE_PLACEHOLDER): string {
  return `A Node.js module is loaded ('${name}' at line ${line}) which is not supported in the Edge Runtime.\nLearn More: ${NODE_MODULE_LINK}`;
}

/** D09: what using such a module throws (Next's `__import_unsupported`). */
export function unsupportedModuleError(name: string): string {
  return `The edge runtime does not support Node.js '${name}' module.\nLearn More: ${NODE_MODULE_LINK}`;
}

/** D10: webpack's error for a `node:` URI that nothing handles. */
export function unhandledSchemeError(specifier: string): string {
  return (
    `Module build failed: UnhandledSchemeError: Reading from "${specifier}" is not handled by plugins (Unhandled scheme).\n` +
    'Webpack supports "data:" and "file:" URIs by default.\nYou may need an additional plugin to handle "node:" URIs.'
  );
}

/** D03: Next's production-build error; `usedBy` lists the exports that reach the code, as webpack's inner graph does. */
export function dynamicCodeError(usedBy: string[] | null): string {
  return (
    "Dynamic Code Evaluation (e. g. 'eval', 'new Function', 'WebAssembly.compile') not allowed in Edge Runtime " +
    (usedBy?.length ? `\nUsed by ${usedBy.join(', ')}` : '') +
    '\nLearn More: https://nextjs.org/docs/messages/edge-dynamic-code-evaluation'
  );
}

/**
 * D03 under Turbopack (16.4.6 `next build`, checked on a real build): `eval` only, one error per use at the `eval`
 * identifier, without webpack's "Used by" and "Learn More" lines.
 */
export const TURBOPACK_DYNAMIC_CODE_ERROR =
  "Dynamic Code Evaluation (e. g. 'eval', 'new Function', 'WebAssembly.compile') not allowed in Edge Runtime";

/** `process.cwd()`, `setImmediate`… in an edge module: Next's production-build warning (12.3–14). */
export function nodeApiWarning(api: string, line: number): string {
  return `A Node.js API is used (${api} at line: ${line}) which is not supported in the Edge Runtime.\nLearn more: https://nextjs.org/docs/api-reference/edge-runtime`;
}

/** The part of npmPackageError the page replaces with why the packages could not be had. */
export const NPM_PACKAGES_UNAVAILABLE = 'npm packages cannot be installed for edge handlers in the playground';

/** Not Next's (Next installs packages): a build without installed packages (no Node.js host to install them). */
export function npmPackageError(specifier: string, supported: readonly string[]): string {
  return (
    `Could not resolve "${specifier}": ${NPM_PACKAGES_UNAVAILABLE}. ` +
    `An edge handler can import project files (./lib/x), next/server and the polyfilled Node.js built-ins ` +
    `(${supported.join(', ')}).`
  );
}

/**
 * The module an unsupported built-in resolves to: default and every named export are one Proxy that throws on
 * property get (except `then`, so awaiting it is harmless), call and construct, like Next's `__import_unsupported`.
 * Importing it does nothing, so an import that is never used never throws (D08).
 */
export function unsupportedModuleSource(name: string, exportNames: readonly string[]): string {
  const names = exportNames.filter((n) => /^[A-Za-z_$][\w$]*$/.test(n) && n !== 'default');
  return [
    `const fail = () => { throw new Error(${JSON.stringify(unsupportedModuleError(name))}); };`,
    'const unsupported = new Proxy(function () {}, {',
    "  get(_target, prop) { if (prop === 'then') return {}; fail(); },",
    '  apply: fail,',
    '  construct: fail,',
    '});',
    'export default unsupported;',
    names.length ? `export { ${names.map((n) => `unsupported as ${n}`).join(', ')} };` : '',
  ].join('\n');
}

/**
 * `async_hooks` on the edge is Next's AsyncLocalStorage global (runtime-spec.md §1.4, G21, G22); where the runtime
 * profile has none, constructing it says so instead of failing with "not a constructor".
 */
export const ASYNC_HOOKS_SOURCE = `const AsyncLocalStorage = globalThis.AsyncLocalStorage ?? class AsyncLocalStorage {
  constructor() { throw new Error("AsyncLocalStorage is not available in this edge runtime profile."); }
};
export { AsyncLocalStorage };
export default { AsyncLocalStorage };`;

/**
 * A polyfill (CommonJS from virtual:edge-polyfills) with a module-local `process`: util reads
 * `process.env.NODE_DEBUG` at load time, and an edge runtime without a `process` global must still load it.
 */
export function polyfillSource(source: string): string {
  return `var process = globalThis.process ?? { env: {} };\n${source}`;
}
