// Which npm packages a Node bundle needs: the compiler leaves every bare import external (`import x from "ms"`,
// `__require("ms")`, `import("ms")`), so a scan of those statements in the bundle finds them.
import type { Files } from '../../../workers/protocol';

/** Node's built-in modules (require('node:module').builtinModules without `_` internals and subpaths). */
const BUILTINS = new Set([
  'assert', 'async_hooks', 'buffer', 'child_process', 'cluster', 'console', 'constants', 'crypto', 'dgram',
  'diagnostics_channel', 'dns', 'domain', 'events', 'fs', 'http', 'http2', 'https', 'inspector', 'module', 'net', 'os',
  'path', 'perf_hooks', 'process', 'punycode', 'querystring', 'readline', 'repl', 'stream', 'string_decoder', 'sys',
  'timers', 'tls', 'trace_events', 'tty', 'url', 'util', 'v8', 'vm', 'wasi', 'worker_threads', 'zlib',
]);

/** esbuild hoists external imports to statements of their own line; dynamic ones can be anywhere. */
const STATIC_IMPORT = /^(?:import|export)\b[^;"'`]*?\bfrom\s*["']([^"'\n]+)["'];?\s*$/gm;
const BARE_IMPORT = /^import\s*["']([^"'\n]+)["'];?\s*$/gm;
const DYNAMIC_IMPORT = /\b(?:import|__require|require)\(\s*["']([^"'\n]+)["']\s*\)/g;

/** `@scope/pkg/sub` → `@scope/pkg`, `pkg/sub` → `pkg`; null for relative paths, URLs and Node built-ins. */
export function packageName(specifier: string): string | null {
  if (/^[./]/.test(specifier) || specifier.startsWith('node:') || /^[a-z][a-z0-9+.-]*:/i.test(specifier)) return null;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  if (!name || (specifier.startsWith('@') && parts.length < 2)) return null;
  return BUILTINS.has(name) ? null : name;
}

/** The npm packages a bundle imports, sorted. */
export function npmImports(code: string): string[] {
  // The inline source map holds the original sources (base64): leave it out of the scan.
  const at = code.lastIndexOf('\n//# sourceMappingURL=');
  const text = at >= 0 ? code.slice(0, at) : code;
  const names = new Set<string>();
  for (const pattern of [STATIC_IMPORT, BARE_IMPORT, DYNAMIC_IMPORT]) {
    for (const match of text.matchAll(pattern)) {
      const name = packageName(match[1]);
      if (name) names.add(name);
    }
  }
  return [...names].sort();
}

/** Version ranges the project's package.json asks for (dependencies, then devDependencies); {} when it has none. */
export function declaredVersions(files: Files): Record<string, string> {
  const text = files['package.json'];
  if (!text) return {};
  try {
    const manifest = JSON.parse(text) as { dependencies?: Record<string, unknown>; devDependencies?: Record<string, unknown> };
    const versions: Record<string, string> = {};
    for (const group of [manifest.devDependencies, manifest.dependencies]) {
      for (const [name, version] of Object.entries(group ?? {})) if (typeof version === 'string') versions[name] = version;
    }
    return versions;
  } catch {
    return {};
  }
}

/** name → version for each package the bundle imports: the project's range, else `latest`. */
export function dependenciesFor(code: string, versions: Record<string, string>): Record<string, string> {
  return Object.fromEntries(npmImports(code).map((name) => [name, versions[name] ?? 'latest']));
}
