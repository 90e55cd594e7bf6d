// Builds a project with esbuild: one incremental context per lane (runtime and Next.js), rebuilt with the current files.
import type { BuildContext, BuildOptions, Message } from 'esbuild-wasm';
import type { BuildMessage, Files, NextTraits, RuntimeName } from '../protocol';
import { LINE_PLACEHOLDER } from './edge-modules';
import { buildLane, MAX_BUILDS } from './lane';
import { NAMESPACES, PROVIDED_BUFFER, projectPlugin, type EdgeModules } from './plugin';
import { readsRequireShim } from './scan-guards';

const GENERATED: string[] = Object.values(NAMESPACES);

/** The part of the esbuild API the builder uses (esbuild-wasm in the worker and in unit tests). */
export interface EsbuildApi {
  context(options: BuildOptions): Promise<BuildContext>;
}

export interface BuildOutput {
  /** The ESM bundle with an inline source map; null when the build failed. */
  code: string | null;
  errors: BuildMessage[];
  warnings: BuildMessage[];
  /** esbuild itself failed (not the user's code): its service may be gone for good. */
  crashed?: boolean;
  /** Edge builds: npm packages imported but not among the installed packages given (sorted). */
  missingPackages?: string[];
}

/**
 * A bundle run by Node as an ES module: esbuild turns `require()` of an external into `__require`, which only works
 * when a `require` exists. The bundle may be loaded from a data: URL, where createRequire needs a file path instead.
 */
const NODE_REQUIRE_BANNER =
  'import { createRequire as __playgroundCreateRequire } from "node:module";\n' +
  'const require = __playgroundCreateRequire(import.meta.url.startsWith("file:") ? import.meta.url : process.cwd() + "/");';

/**
 * `providesBuffer`: some file of the build names `Buffer` (see `namesBuffer`). Where none does, Next's provided `Buffer`
 * cannot apply, so the build leaves it out: the inject makes esbuild load and parse the buffer polyfill on every
 * rebuild, which cost more than the rest of a small handler's rebuild.
 */
export function buildOptions(entry: string, runtime: RuntimeName, next?: NextTraits, providesBuffer = true): BuildOptions {
  const edge = runtime === 'edge';
  return {
    entryPoints: [entry],
    absWorkingDir: '/', // project files are `/<path>` in the file namespace, so messages and source maps say `<path>`
    bundle: true,
    write: false,
    format: 'esm',
    target: 'es2022',
    sourcemap: 'inline',
    sourcesContent: true,
    logLevel: 'silent',
    platform: edge ? 'browser' : 'node',
    ...(edge ? edgeOptions(next, providesBuffer) : { banner: { js: NODE_REQUIRE_BANNER } }),
  };
}

/**
 * A Next.js edge entry as Next's webpack config builds it (runtime-spec.md §3.2, G14, G18): DefinePlugin gives
 * `process.env.NEXT_RUNTIME` "edge", and ProvidePlugin turns a free `Buffer` into the `buffer` polyfill's (so
 * `typeof Buffer` is 'function' while `globalThis.Buffer` stays undefined). A plain Vercel edge function (`next`
 * absent) gets neither: @vercel/node's esbuild build defines nothing, and its runtime's `process.env` has no
 * NEXT_RUNTIME. Node bundles read the real variable, which the Node harness sets for Next handlers only.
 */
function edgeOptions(next: NextTraits | undefined, providesBuffer: boolean): BuildOptions {
  const conditions = ['edge-light', 'worker', 'browser'];
  if (!next) return { conditions };
  // `next build` bundles in production mode: webpack's optimization.nodeEnv (and Turbopack) replace NODE_ENV in
  // project files and packages alike (measured on 15.5.29), so packages drop their development branches.
  const define = { 'process.env.NEXT_RUNTIME': '"edge"', 'process.env.NODE_ENV': '"production"' };
  // 13.2's App Router edge routes have no `buffer` to provide: the scanner fails the build where one names `Buffer`.
  return { conditions, define, inject: next.unresolvedBuffer || !providesBuffer ? [] : [PROVIDED_BUFFER] };
}

const NAMES_BUFFER = /\bBuffer\b/;
/** Installed packages are handed over by identity while unchanged: each set is searched once. */
const packagesNamingBuffer = new WeakMap<Files, boolean>();

/**
 * Could a free `Buffer` be in the build? Only the project's files and the installed packages can hold one (the
 * generated modules never name it, the buffer polyfill only defines it). A mention in a comment or string counts: it
 * costs a slower rebuild, never a different bundle.
 */
export function namesBuffer(files: Files, packages: Files | undefined): boolean {
  if (Object.values(files).some((source) => NAMES_BUFFER.test(source))) return true;
  if (!packages) return false;
  let found = packagesNamingBuffer.get(packages);
  if (found === undefined) packagesNamingBuffer.set(packages, (found = Object.values(packages).some((source) => NAMES_BUFFER.test(source))));
  return found;
}

interface Slot {
  /** Whether a `Buffer` is provided: a context for each (the slot's id holds the lane and the entry). */
  providesBuffer: boolean;
  files: Files;
  /** The installed packages of this build, if any (edge builds). */
  packages: Files | undefined;
  missing: Set<string>;
  context: Promise<BuildContext>;
}

export class ProjectBuilder {
  readonly #esbuild: EsbuildApi;
  readonly #modules: EdgeModules;
  /** By lane and entry (slotId), most recently used last: a person who runs two routes in turn rebuilds each. */
  readonly #slots = new Map<string, Slot>();

  constructor(esbuild: EsbuildApi, modules: EdgeModules) {
    this.#esbuild = esbuild;
    this.#modules = modules;
  }

  /**
   * Builds `entry` for `runtime` (`next`: the Next.js around it, absent for a plain Vercel function); the context is
   * kept while the entry and its Next.js stay the same, so rebuilds are incremental.
   */
  async build(projectFiles: Files, entry: string, runtime: RuntimeName, next?: NextTraits, packages?: Files): Promise<BuildOutput> {
    if (!(entry in projectFiles)) return failed(entry, `There is no file ${entry} in the project.`);
    const slot = await this.#slot(entry, runtime, next, runtime === 'edge' && namesBuffer(projectFiles, packages));
    // Installed packages win over project files of the same path: the host's npm install owns node_modules.
    const files = packages ? { ...projectFiles, ...packages } : projectFiles;
    slot.files = files;
    slot.packages = packages;
    slot.missing.clear();
    const missing = () => (slot.missing.size ? { missingPackages: [...slot.missing].sort() } : {});
    try {
      const result = await (await slot.context).rebuild();
      const output = result.outputFiles?.[0];
      if (!output) return failed(entry, 'esbuild produced no output.');
      // A plain Vercel edge function reads the global `require` (require-shim.ts); Next's edge bundles keep the shim.
      // Its tokenizer (acorn) is loaded only for an output that reads the shim.
      const code = runtime === 'edge' && !next && readsRequireShim(output.text) ? (await import('./require-shim')).withoutRequireShim(output.text) : output.text;
      return { code, errors: [], warnings: toBuildMessages(result.warnings, entry, files, true) };
    } catch (e) {
      if (isBuildFailure(e)) {
        const errors = toBuildMessages(e.errors, entry, files, false);
        return { code: null, errors, warnings: toBuildMessages(e.warnings, entry, files, true), ...missing() };
      }
      await this.#drop(slotId(entry, runtime, next)); // esbuild itself failed: start the next build from a fresh context
      return { ...failed(entry, `The compiler failed: ${e instanceof Error ? e.message : String(e)}`), crashed: true };
    }
  }

  async dispose(): Promise<void> {
    await Promise.all([...this.#slots.keys()].map((id) => this.#drop(id)));
  }

  async #slot(entry: string, runtime: RuntimeName, next: NextTraits | undefined, providesBuffer: boolean): Promise<Slot> {
    const id = slotId(entry, runtime, next);
    const current = this.#slots.get(id);
    if (current?.providesBuffer === providesBuffer) {
      this.#slots.delete(id);
      this.#slots.set(id, current);
      return current;
    }
    if (current) await this.#drop(id);
    const oldest = this.#slots.size >= MAX_BUILDS ? this.#slots.keys().next().value : undefined;
    if (oldest !== undefined) await this.#drop(oldest);
    const slot = { providesBuffer, files: {}, packages: undefined, missing: new Set<string>() } as Slot; // the plugin reads `slot.files`, set before each rebuild
    const plugin = projectPlugin({ files: () => slot.files, packages: () => slot.packages, missing: slot.missing, entry, runtime, modules: this.#modules, next });
    slot.context = this.#esbuild.context({ ...buildOptions(entry, runtime, next, providesBuffer), plugins: [plugin] });
    this.#slots.set(id, slot);
    return slot;
  }

  async #drop(id: string): Promise<void> {
    const slot = this.#slots.get(id);
    this.#slots.delete(id);
    await slot?.context.then((c) => c.dispose()).catch(() => {});
  }
}

const slotId = (entry: string, runtime: RuntimeName, next: NextTraits | undefined) => JSON.stringify([buildLane(runtime, next), entry]);

function failed(file: string, text: string): BuildOutput {
  return { code: null, errors: [{ file, line: 1, column: 0, text }], warnings: [] };
}

function isBuildFailure(e: unknown): e is { errors: Message[]; warnings: Message[] } {
  return typeof e === 'object' && e !== null && Array.isArray((e as { errors?: unknown }).errors);
}

/**
 * esbuild messages → BuildMessage at the user's file. Warnings inside generated modules (the polyfills) are dropped:
 * nobody can act on them. Messages without a location point at the entry.
 */
export function toBuildMessages(messages: Message[], entry: string, files: Files, dropGenerated: boolean): BuildMessage[] {
  const out: BuildMessage[] = [];
  for (const m of messages) {
    const location = m.location ?? m.notes.find((n) => n.location)?.location ?? null;
    const generated = !!location && GENERATED.some((ns) => location.file.startsWith(ns + ':'));
    if (generated && dropGenerated) continue;
    const at = location && !generated ? location : null;
    let text = m.text;
    if (at && text.includes(LINE_PLACEHOLDER)) {
      text = text.replaceAll(LINE_PLACEHOLDER, String(statementLine(files[at.file] ?? '', at.line, at.column)));
    }
    out.push({ file: at?.file ?? entry, line: at?.line ?? 1, column: at?.column ?? 0, text });
  }
  return out;
}

/**
 * Next counts an import's line where its statement starts (`node.loc.start.line`); esbuild points at the specifier,
 * which is lines further down in a multi-line `import {\n a,\n} from 'fs'`.
 */
export function statementLine(source: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line && offset !== -1; l++) offset = source.indexOf('\n', offset) + 1 || -1;
  if (offset === -1) return line;
  const before = source.slice(0, offset + column);
  let start = -1;
  for (const match of before.matchAll(/\b(?:import|export|require)\b/g)) start = match.index;
  if (start === -1) return line;
  let result = 1;
  for (let i = source.indexOf('\n'); i !== -1 && i < start; i = source.indexOf('\n', i + 1)) result++;
  return result;
}
