// esbuild plugin: the project's in-memory files, plus Next.js's edge build rules for imports and dynamic code.
import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';
import type { Loader, OnResolveArgs, OnResolveResult, PartialMessage, Plugin, PluginBuild } from 'esbuild-wasm';
import type { Files, RuntimeName } from '../protocol';
import { findAllowDynamic, findDynamicCode, matchesGlob, MIGHT_EVALUATE } from './dynamic-code';
import {
  ASYNC_HOOKS_SOURCE,
  dynamicCodeError,
  nodeModuleWarning,
  npmPackageError,
  polyfillSource,
  unhandledSchemeError,
  unsupportedModuleSource,
} from './edge-modules';
import { NEXT_SERVER_SOURCE } from './next-server';
import { isProjectSpecifier, loaderFor, resolveProjectImport } from './project-fs';

/** Build-time data from virtual:edge-polyfills and virtual:node-builtins, passed in so the plugin stays pure. */
export interface EdgeModules {
  /** CommonJS source of each polyfilled built-in (buffer, events, util, assert). */
  polyfills: Record<string, string>;
  /** Export names of every Node built-in, by name without `node:`. */
  builtins: Record<string, string[]>;
}

export interface ProjectPluginOptions {
  /** Read at every (re)build, so edits between rebuilds of one context are seen. */
  files: () => Files;
  entry: string;
  runtime: RuntimeName;
  modules: EdgeModules;
}

/** Namespaces of generated modules; project files live in esbuild's `file` namespace at `/<path>`. */
export const NAMESPACES = {
  polyfill: 'edge-polyfill',
  unsupported: 'edge-unsupported',
  asyncHooks: 'edge-async-hooks',
  nextServer: 'next-server',
} as const;

/** Next's own module for route handlers; bundled in both runtimes since nothing gets installed. */
const NEXT_SERVER = new Set(['next/server', 'next/server.js']);

const JS_LOADERS = new Set<Loader>(['ts', 'tsx', 'js', 'jsx']);

export function projectPlugin(options: ProjectPluginOptions): Plugin {
  const { files, entry, runtime, modules } = options;
  const edge = runtime === 'edge';
  const supported = [...Object.keys(modules.polyfills), 'async_hooks'];

  return {
    name: 'playground-project',
    setup(build) {
      const scan = dynamicCodeScanner(build);

      build.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind === 'entry-point') {
          return args.path in files()
            ? { path: '/' + args.path }
            : { errors: [{ text: `There is no file ${args.path} in the project.` }] };
        }
        const specifier = args.path;
        if (isProjectSpecifier(specifier)) return resolveProjectFile(args);
        if (specifier.startsWith('data:')) return undefined; // esbuild loads data: URLs itself, as webpack does
        if (NEXT_SERVER.has(specifier)) return { path: 'next/server', namespace: NAMESPACES.nextServer };
        const name = specifier.startsWith('node:') ? specifier.slice(5) : specifier;
        const builtin = specifier.startsWith('node:') || name in modules.builtins;
        if (!edge) return { path: specifier, external: true }; // Node resolves packages and built-ins at run time
        if (builtin) return resolveEdgeBuiltin(specifier, name);
        return { errors: [{ text: npmPackageError(specifier, supported) }] };
      });

      function resolveProjectFile(args: OnResolveArgs): OnResolveResult {
        const importer = args.namespace === 'file' ? args.importer.replace(/^\//, '') : entry;
        const found = resolveProjectImport(files(), importer, args.path);
        if (found) return { path: '/' + found };
        return { errors: [{ text: `Could not resolve "${args.path}": there is no such file in the project.` }] };
      }

      function resolveEdgeBuiltin(specifier: string, name: string): OnResolveResult {
        if (name in modules.polyfills) return { path: name, namespace: NAMESPACES.polyfill };
        if (name === 'async_hooks') return { path: name, namespace: NAMESPACES.asyncHooks };
        if (specifier.startsWith('node:')) return { errors: [{ text: unhandledSchemeError(specifier) }] };
        // The line is filled in from the import's location once esbuild reports it (see LINE_PLACEHOLDER).
        return { path: name, namespace: NAMESPACES.unsupported, warnings: [{ text: nodeModuleWarning(name) }] };
      }

      build.onLoad({ filter: /.*/, namespace: 'file' }, async (args) => {
        const path = args.path.replace(/^\//, '');
        const contents = files()[path];
        if (contents === undefined) return { errors: [{ text: `There is no file ${path} in the project.` }] };
        const loader = loaderFor(path);
        if (!loader) {
          return { errors: [{ text: `Cannot bundle ${path}: the playground bundles .ts, .tsx, .js, .jsx, .mjs, .cjs, .json and .txt files.` }] };
        }
        let errors = edge && JS_LOADERS.has(loader) ? await scan.errors(path, contents, loader) : [];
        if (errors.length) {
          // D04: only looked up when there is something to allow, so ordinary rebuilds do not pay for it.
          const globs = await scan.allowDynamic(entry, files()[entry] ?? '');
          if (globs.some((glob) => matchesGlob('/' + path, glob))) errors = [];
        }
        return { contents, loader, errors };
      });

      build.onLoad({ filter: /.*/, namespace: NAMESPACES.polyfill }, (args) => ({
        contents: polyfillSource(modules.polyfills[args.path]),
        loader: 'js',
      }));
      build.onLoad({ filter: /.*/, namespace: NAMESPACES.unsupported }, (args) => ({
        contents: unsupportedModuleSource(args.path, modules.builtins[args.path] ?? []),
        loader: 'js',
      }));
      build.onLoad({ filter: /.*/, namespace: NAMESPACES.asyncHooks }, () => ({ contents: ASYNC_HOOKS_SOURCE, loader: 'js' }));
      build.onLoad({ filter: /.*/, namespace: NAMESPACES.nextServer }, () => ({ contents: NEXT_SERVER_SOURCE, loader: 'js' }));
    },
  };
}

/**
 * D03 and D04 for user files only (the polyfills use `Function` legitimately, as in Next). Results are cached by
 * source, so a warm rebuild scans only the file that changed, and only when it mentions eval/Function/WebAssembly.
 */
function dynamicCodeScanner(build: PluginBuild) {
  const cache = new Map<string, { source: string; errors: PartialMessage[] }>();
  const allowCache = { source: '', globs: [] as string[] };

  /** Plain JavaScript for acorn, and a map back to the source when esbuild had to transform it. */
  async function toJs(path: string, source: string, loader: Loader): Promise<{ code: string; map: TraceMap | null } | null> {
    if (loader === 'js') return { code: source, map: null };
    try {
      const result = await build.esbuild.transform(source, { loader, sourcefile: path, sourcemap: 'external', target: 'esnext' });
      return { code: result.code, map: new TraceMap(result.map) };
    } catch {
      return null; // a syntax error: the build reports it with its location
    }
  }

  async function errors(path: string, source: string, loader: Loader): Promise<PartialMessage[]> {
    if (!MIGHT_EVALUATE.test(source)) return [];
    const cached = cache.get(path);
    if (cached?.source === source) return cached.errors;
    const js = await toJs(path, source, loader);
    const lines = source.split('\n');
    const found = js ? findDynamicCode(js.code) : [];
    const messages = found.map((use): PartialMessage => {
      const original = js?.map ? originalPositionFor(js.map, { line: use.line, column: use.column }) : null;
      const line = original?.line ?? use.line;
      const column = original?.column ?? use.column;
      return { text: dynamicCodeError(use.usedBy), location: { file: path, line, column, lineText: lines[line - 1] ?? '' } };
    });
    cache.set(path, { source, errors: messages });
    return messages;
  }

  async function allowDynamic(path: string, source: string): Promise<string[]> {
    if (!source.includes('unstable_allowDynamic')) return [];
    if (allowCache.source !== source) {
      const js = await toJs(path, source, loaderFor(path) ?? 'ts');
      allowCache.source = source;
      allowCache.globs = js ? findAllowDynamic(js.code) : [];
    }
    return allowCache.globs;
  }

  return { errors, allowDynamic };
}
