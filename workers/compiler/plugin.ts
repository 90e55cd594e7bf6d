// esbuild plugin: the project's in-memory files, plus Next.js's edge build rules for imports and dynamic code.
import type { TraceMap } from '@jridgewell/trace-mapping';
import type { Loader, OnResolveArgs, OnResolveResult, PartialMessage, Plugin, PluginBuild } from 'esbuild-wasm';
import type { Files, NextTraits, RuntimeName } from '../protocol';
import { MIGHT_EVALUATE, MIGHT_USE_NODE_API } from './scan-guards';
import {
  ASYNC_HOOKS_SOURCE,
  dynamicCodeError,
  TURBOPACK_DYNAMIC_CODE_ERROR,
  nodeApiWarning,
  nodeModuleWarning,
  npmPackageError,
  polyfillSource,
  unhandledSchemeError,
  unsupportedModuleSource,
} from './edge-modules';
import { NEXT_COOKIE_FILES, nextServerEntry, nextServerModule, NEXT_SERVER_IMPL } from './next-server';
import { nextHeadersEntry } from './next-headers';
import { packageAlias, packageRules, resolvePackageImport, splitSpecifier, type PackageResolution } from './packages';
import { isProjectSpecifier, loaderFor, resolveProjectImport } from './project-fs';

/** Build-time data from virtual:edge-polyfills and virtual:node-builtins, passed in so the plugin stays pure. */
export interface EdgeModules {
  /** CommonJS source of each polyfilled built-in (buffer, events, util, assert). */
  /** name → its CommonJS source, loaded on first use. */
  polyfills: Record<string, () => Promise<string>>;
  /** Export names of every Node built-in, by name without `node:`. */
  builtins: Record<string, string[]>;
}

export interface ProjectPluginOptions {
  /** Read at every (re)build, so edits between rebuilds of one context are seen. */
  files: () => Files;
  entry: string;
  runtime: RuntimeName;
  modules: EdgeModules;
  /** The Next.js around the entry; absent for a plain Vercel function. */
  next?: NextTraits;
  /** Installed packages (`node_modules/…`) for edge builds; read at every (re)build like `files`. */
  packages?: () => Files | undefined;
  /** Gets the name of each npm package an edge build imports that `packages` does not hold. */
  missing?: Set<string>;
}

/** Namespaces of generated modules; project files live in esbuild's `file` namespace at `/<path>`. */
export const NAMESPACES = {
  polyfill: 'edge-polyfill',
  unsupported: 'edge-unsupported',
  asyncHooks: 'edge-async-hooks',
  nextServer: 'next-server',
  provided: 'next-provided',
  empty: 'edge-empty',
} as const;

/** esbuild `inject` path for Next's ProvidePlugin `Buffer` (resolved here, never a project file: no such name). */
export const PROVIDED_BUFFER = '\0next-provided-buffer';

/** Next's own module for route handlers; bundled in both runtimes since nothing gets installed. */
const NEXT_SERVER = new Set(['next/server', 'next/server.js']);
/** `next/headers`, where the version has it (NextTraits.requestApis). */
const NEXT_HEADERS = new Set(['next/headers', 'next/headers.js']);

const JS_LOADERS = new Set<Loader>(['ts', 'tsx', 'js', 'jsx']);

export function projectPlugin(options: ProjectPluginOptions): Plugin {
  const { files, entry, runtime, modules, next } = options;
  const edge = runtime === 'edge';
  const supported = [...Object.keys(modules.polyfills), 'async_hooks'];
  const turbopack = next?.bundler === 'turbopack';

  return {
    name: 'playground-project',
    setup(build) {
      const scan = moduleScanner(build, next?.dynamicCode ?? null, next?.unresolvedBuffer === true);

      build.onResolve({ filter: /.*/ }, (args) => {
        // Side-effect free, so a bundle that never names `Buffer` carries no polyfill (webpack's ProvidePlugin adds
        // the import only where `Buffer` is used).
        if (args.kind === 'entry-point' && args.path === PROVIDED_BUFFER) {
          return { path: 'buffer', namespace: NAMESPACES.provided, sideEffects: false };
        }
        if (args.namespace === NAMESPACES.provided) return { path: 'buffer', namespace: NAMESPACES.polyfill, sideEffects: false };
        if (args.kind === 'entry-point') {
          return args.path in files()
            ? { path: '/' + args.path }
            : { errors: [{ text: `There is no file ${args.path} in the project.` }] };
        }
        const specifier = args.path;
        // next-headers.ts imports `./next-server`: the bundle's one copy of it, shared with the user's `next/server`.
        if (args.namespace === NAMESPACES.nextServer) return { path: specifier === './next-server' ? NEXT_SERVER_IMPL : specifier, namespace: NAMESPACES.nextServer };
        if (isProjectSpecifier(specifier)) return resolveProjectFile(args);
        if (specifier.startsWith('data:')) return undefined; // esbuild loads data: URLs itself, as webpack does
        if (NEXT_SERVER.has(specifier)) return { path: 'next/server', namespace: NAMESPACES.nextServer };
        if (NEXT_HEADERS.has(specifier) && next?.requestApis) return { path: 'next/headers', namespace: NAMESPACES.nextServer };
        if (Object.hasOwn(NEXT_COOKIE_FILES, specifier)) return { path: NEXT_COOKIE_FILES[specifier], namespace: NAMESPACES.nextServer };
        if (!edge) return { path: specifier, external: true }; // Node resolves packages and built-ins at run time
        const name = specifier.startsWith('node:') ? specifier.slice(5) : specifier;
        // A package's browser field wins over everything, built-ins included (`{ "fs": false }`: the empty module).
        const packages = args.namespace === 'file' && isPackageFile(args.importer.slice(1)) ? options.packages?.() : undefined;
        const alias = packages ? packageAlias(packages, args.importer.slice(1), specifier) : null;
        if (alias) {
          // webpack's parser still warns about the built-in's import (next 15.5, measured); Turbopack says nothing.
          const warnings = name in modules.builtins && !turbopack ? [{ text: nodeModuleWarning(name) }] : [];
          return { ...packageResult(alias, args), warnings };
        }
        if (specifier.startsWith('node:') || name in modules.builtins) return resolveEdgeBuiltin(args, specifier, name);
        return resolvePackage(args);
      });

      /** Where a package file was first imported from the project, for Next's "caused by importing" line. */
      const importedFrom = new Map<string, string>();
      const rules = packageRules(next);

      function resolvePackage(args: OnResolveArgs): OnResolveResult {
        const name = splitSpecifier(args.path)?.name;
        const importer = args.namespace === 'file' ? args.importer.replace(/^\//, '') : entry;
        // Next's own modules besides next/server are not installed for the edge (they are Next, not a dependency).
        const packages = name && name !== 'next' ? options.packages?.() : undefined;
        const found = packages ? resolvePackageImport(packages, importer, args.path, args.kind === 'require-call' ? 'require' : 'import', rules) : null;
        if (found) return packageResult(found, args);
        if (name && name !== 'next') options.missing?.add(name);
        return { errors: [{ text: npmPackageError(args.path, supported) }] };
      }

      function packageResult(found: PackageResolution, args: OnResolveArgs): OnResolveResult {
        if ('error' in found) return { errors: [{ text: found.error }] };
        if ('empty' in found) return { path: args.path, namespace: NAMESPACES.empty };
        const importer = args.namespace === 'file' ? args.importer.replace(/^\//, '') : entry;
        if (!importedFrom.has(found.path)) importedFrom.set(found.path, isPackageFile(importer) ? (importedFrom.get(importer) ?? importer) : importer);
        return { path: '/' + found.path };
      }

      function resolveProjectFile(args: OnResolveArgs): OnResolveResult {
        const importer = args.namespace === 'file' ? args.importer.replace(/^\//, '') : entry;
        const found = resolveProjectImport(files(), importer, args.path);
        if (found) return { path: '/' + found };
        return { errors: [{ text: `Could not resolve "${args.path}": there is no such file in the project.` }] };
      }

      function resolveEdgeBuiltin(args: OnResolveArgs, specifier: string, name: string): OnResolveResult {
        if (name in modules.polyfills) return { path: name, namespace: NAMESPACES.polyfill };
        if (name === 'async_hooks') return { path: name, namespace: NAMESPACES.asyncHooks };
        if (specifier.startsWith('node:')) return { errors: [{ text: unhandledSchemeError(specifier) }] };
        // Turbopack says nothing about built-ins that packages import (16.4.6, measured); webpack warns for them too.
        if (turbopack && args.namespace === 'file' && isPackageFile(args.importer.slice(1))) return { path: name, namespace: NAMESPACES.unsupported };
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
        if (!edge || !JS_LOADERS.has(loader)) return { contents, loader };
        // Turbopack checks neither dynamic code nor Node APIs in packages (16.4.6, measured); webpack checks both.
        if (turbopack && isPackageFile(path)) return { contents, loader };
        let { errors, warnings } = await scan.analyse(path, contents, loader);
        if (errors.length && KNOWN_SAFE_DYNAMIC.test(path)) errors = [];
        if (errors.length) {
          // D04: only looked up when there is something to allow, so ordinary rebuilds do not pay for it.
          const globs = await scan.allowDynamic(entry, files()[entry] ?? '');
          const { matchesGlob } = await loadAnalysis();
          if (globs.some((glob) => matchesGlob('/' + path, glob))) errors = [];
        }
        if (errors.length && isPackageFile(path)) errors = errors.map((e) => ({ ...e, text: e.text + causedBy(path, importedFrom.get(path) ?? entry) }));
        return { contents, loader, errors, warnings };
      });

      build.onLoad({ filter: /.*/, namespace: NAMESPACES.polyfill }, async (args) => ({
        contents: polyfillSource(await modules.polyfills[args.path]()),
        loader: 'js',
      }));
      build.onLoad({ filter: /.*/, namespace: NAMESPACES.unsupported }, (args) => ({
        contents: unsupportedModuleSource(args.path, modules.builtins[args.path] ?? []),
        loader: 'js',
      }));
      build.onLoad({ filter: /.*/, namespace: NAMESPACES.provided }, () => ({ contents: "export { Buffer } from 'buffer';", loader: 'js' }));
      build.onLoad({ filter: /.*/, namespace: NAMESPACES.empty }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
      build.onLoad({ filter: /.*/, namespace: NAMESPACES.asyncHooks }, () => ({ contents: ASYNC_HOOKS_SOURCE, loader: 'js' }));
      build.onLoad({ filter: /.*/, namespace: NAMESPACES.nextServer }, async (args) => {
        const module = await nextServerModule(args.path);
        if (module) return module;
        if (args.path === 'next/headers' && next?.requestApis) return { contents: nextHeadersEntry({ ...next, requestApis: next.requestApis }), loader: 'js' };
        return { contents: nextServerEntry(next), loader: 'js' };
      });
    },
  };
}

const isPackageFile = (path: string) => path.startsWith('node_modules/');

/** The parser and the checks on it, loaded once, by the first source that needs them (scan-guards.ts). */
let analysis: Promise<typeof import('./module-analysis')> | null = null;
const loadAnalysis = () => (analysis ??= import('./module-analysis'));

/** Next's own exceptions for dynamic code in packages: known-edge-safe-packages.json and regenerator-runtime. */
const KNOWN_SAFE_DYNAMIC = /(?:^|\/)node_modules\/(?:function-bind\/|regenerator-runtime\/runtime\.js$)/;

/** What Next adds to a build error raised inside a package: the package file and the project file that imported it. */
function causedBy(path: string, importer: string): string {
  const inPackage = path.split('node_modules/').pop();
  return `\n\nThe error was caused by importing '${inPackage}' in './${importer}'.`;
}

/**
 * D03/D04 errors and Node API warnings for user files only (the polyfills use `Function` legitimately, as in Next).
 * Results are cached by source, so a warm rebuild analyses only the file that changed, and only when it mentions
 * eval/Function/WebAssembly or a Node API.
 *
 * By `dynamicCode` (NextTraits): `build-error` is webpack's middleware plugin (middleware, `pages/api`): every use is
 * an error and Node APIs warn; `eval-build-error` is Turbopack (16+): `eval` is an error, Node APIs warn; `runtime`
 * (webpack, App Router routes) and a plain Vercel function (null: @vercel/node's esbuild build checks nothing) build
 * without either, and the runtime throws EvalError (D01, D02).
 */
function moduleScanner(build: PluginBuild, mode: NextTraits['dynamicCode'] | null, unresolvedBuffer: boolean) {
  const checked = mode === 'build-error' || mode === 'eval-build-error';
  const cache = new Map<string, { source: string; findings: Findings }>();
  const allowCache = { source: '', globs: [] as string[] };

  /** Plain JavaScript for acorn, and a map back to the source when esbuild had to transform it. */
  async function toJs(path: string, source: string, loader: Loader): Promise<{ code: string; map: TraceMap | null } | null> {
    if (loader === 'js') return { code: source, map: null };
    try {
      const result = await build.esbuild.transform(source, { loader, sourcefile: path, sourcemap: 'external', target: 'esnext' });
      const { TraceMap } = await loadAnalysis();
      return { code: result.code, map: new TraceMap(result.map) };
    } catch {
      return null; // a syntax error: the build reports it with its location
    }
  }

  async function analyse(path: string, source: string, loader: Loader): Promise<Findings> {
    const evaluates = checked && MIGHT_EVALUATE.test(source);
    const usesNodeApi = checked && MIGHT_USE_NODE_API.test(source);
    const namesBuffer = unresolvedBuffer && /\bBuffer\b/.test(source);
    if (!evaluates && !usesNodeApi && !namesBuffer) return { errors: [], warnings: [] };
    const cached = cache.get(path);
    if (cached?.source === source) return cached.findings;
    const { declaredNames, findDynamicCode, findFreeName, findNodeApis, originalPositionFor, parseModule } = await loadAnalysis();
    const js = await toJs(path, source, loader);
    const ast = js && parseModule(js.code);
    const findings: Findings = { errors: [], warnings: [] };
    if (js && ast) {
      const lines = source.split('\n');
      const locate = (line: number, column: number) => {
        const original = js.map ? originalPositionFor(js.map, { line, column }) : null;
        const at = { line: original?.line ?? line, column: original?.column ?? column };
        return { file: path, ...at, lineText: lines[at.line - 1] ?? '' };
      };
      const declared = declaredNames(ast);
      if (evaluates) {
        for (const use of findDynamicCode(ast, declared)) {
          if (mode === 'eval-build-error' && use.what !== 'eval') continue;
          const text = mode === 'eval-build-error' ? TURBOPACK_DYNAMIC_CODE_ERROR : dynamicCodeError(use.usedBy);
          findings.errors.push({ text, location: locate(use.line, use.column) });
        }
      }
      if (namesBuffer) {
        for (const use of findFreeName(ast, 'Buffer', declared)) findings.errors.push({ text: UNRESOLVED_BUFFER_ERROR, location: locate(use.line, use.column) });
      }
      if (usesNodeApi) {
        for (const use of findNodeApis(ast, declared)) {
          const location = locate(use.line, use.column);
          findings.warnings.push({ text: nodeApiWarning(use.api, location.line), location });
        }
      }
    }
    cache.set(path, { source, findings });
    return findings;
  }

  async function allowDynamic(path: string, source: string): Promise<string[]> {
    if (!source.includes('unstable_allowDynamic')) return [];
    if (allowCache.source !== source) {
      const js = await toJs(path, source, loaderFor(path) ?? 'ts');
      const { findAllowDynamic } = await loadAnalysis();
      allowCache.source = source;
      allowCache.globs = js ? findAllowDynamic(js.code) : [];
    }
    return allowCache.globs;
  }

  return { analyse, allowDynamic };
}

/** 13.2.4's webpack error where a 13.2 App Router edge route names `Buffer` (NextTraits.unresolvedBuffer). */
const UNRESOLVED_BUFFER_ERROR = "Module not found: Can't resolve 'buffer'";

interface Findings {
  errors: PartialMessage[];
  warnings: PartialMessage[];
}
