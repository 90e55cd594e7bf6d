// Starts Pyodide in the Python worker with everything it needs fetched at once, as the worker starts: the wasm
// compiles while it downloads (WebAssembly.compileStreaming; the browser keeps its compiled code with the HTTP cache
// for the next visit), the Emscripten module's 1.2 MB of JS is parsed meanwhile, and the standard library, the vendored
// libraries, the lock file and the memory snapshot arrive beside them. Pyodide itself would fetch these one after
// another once its loader runs, and compile the wasm only after the snapshot is in.
import { countBytes } from '../shared/count-bytes';
import { fetchAsset, gunzipIfGzip } from '../shared/asset-download';
import { PYTHON_ENV, PYTHON_SNAPSHOT_FILE } from './snapshot';

export interface Pyodide {
  version: string;
  FS: {
    mkdirTree(path: string): void;
    writeFile(path: string, data: string | Uint8Array): void;
    readdir(path: string): string[];
    stat(path: string): { mode: number };
    isDir(mode: number): boolean;
    unlink(path: string): void;
    rmdir(path: string): void;
    chdir(path: string): void;
  };
  registerJsModule(name: string, module: object): void;
  runPython(code: string): unknown;
  pyimport(name: string): { invoke: (...args: unknown[]) => Promise<void>; files_changed: () => void; connect: (bridge: unknown) => void };
  toPy(value: unknown): unknown;
  setStdout(options: { batched: (line: string) => void }): void;
  setStderr(options: { batched: (line: string) => void }): void;
  /** Pyodide reads `buffer[0]` every few dozen bytecodes for a signal (0: none). */
  setInterruptBuffer(buffer: { readonly 0: number } | undefined): void;
}
declare function loadPyodide(options: Record<string, unknown>): Promise<Pyodide>;
declare function importScripts(...urls: string[]): void;

/** The pure-Python libraries shipped with the playground (Flask and its dependencies), a zip put on sys.path. */
export const VENDOR_ZIP = 'site-packages.zip';

/** Approximate download sizes (bytes on the wire vary with compression): only for the bar's length. */
const EXPECTED_BYTES = 9_600_000 + 2_550_000 + 600_000 + 6_700_000;

/** The progress bar: 'Downloading Python' while the files arrive, then 'Starting Python'. */
export type Report = (phase: string, loaded: number, total: number) => void;

export interface Loaded {
  pyodide: Pyodide;
  fromSnapshot: boolean;
  /** The vendored libraries' zip, or null when it is not served (a build without it): the worker writes it before
   * the first request. */
  vendor: Promise<Uint8Array | null>;
  /** Where the start went, for the console: `downloads 420 ms, …`. */
  split: string;
}

/** Emscripten's settings as Pyodide hands them to the module factory: only the hook used here is typed. */
interface ModuleSettings {
  instantiateWasm?: (imports: WebAssembly.Imports, receive: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void) => unknown;
}

export async function loadPython(assetBase: string, report: Report): Promise<Loaded> {
  const t0 = performance.now();
  report('Downloading Python', 0, EXPECTED_BYTES);
  const times: Record<string, number> = {};
  const mark = (what: string) => (times[what] = performance.now() - t0);
  let loaded = 0;
  const counted = (body: ReadableStream<Uint8Array<ArrayBuffer>>) =>
    body.pipeThrough(
      countBytes((bytes) => {
        loaded += bytes;
        report('Downloading Python', loaded, Math.max(EXPECTED_BYTES, loaded));
      }),
    );
  const get = (file: string, init?: RequestInit) => fetchAsset(assetBase + file, init);
  const bytes = (file: string, init?: RequestInit) => get(file, init).then(async (r) => new Uint8Array(await new Response(counted(r.body)).arrayBuffer()));

  const wasmUrl = assetBase + 'pyodide.asm.wasm';
  const module = get('pyodide.asm.wasm').then((response) => {
    // The response itself compiles (so the browser may cache the code with it); a copy of its stream is counted.
    void new Response(counted(response.clone().body as ReadableStream<Uint8Array<ArrayBuffer>>)).arrayBuffer();
    return WebAssembly.compileStreaming(response);
  });
  const emscripten = import(/* @vite-ignore */ assetBase + 'pyodide.asm.mjs') as Promise<{ default: (settings: ModuleSettings) => Promise<unknown> }>;
  const lockFile = get('pyodide-lock.json').then((r) => r.json() as Promise<unknown>);
  const stdlib = bytes('python_stdlib.zip');
  // Flask and its kin: only a handler that imports them needs them, so they give the rest the bandwidth.
  const vendor = bytes(VENDOR_ZIP, { priority: 'low' }).catch(() => null);
  const snapshot = downloadSnapshot(assetBase + PYTHON_SNAPSHOT_FILE, counted);
  for (const [name, p] of [['wasm', module], ['js', emscripten], ['stdlib', stdlib], ['snapshot', snapshot]] as const) void p.then(() => mark(name), () => {});
  // Pyodide's loader (a classic script, 18 kB): loaded now that the downloads above are under way.
  importScripts(assetBase + 'pyodide.js');

  const [snap, factory] = await Promise.all([snapshot, emscripten.then((m) => m.default)]);
  const downloadsMs = performance.now() - t0;
  report('Starting Python', loaded, loaded);
  // Pyodide fetches the wasm and the standard library itself and instantiates the wasm from the response: the wasm
  // URL answers a marker the instantiation below recognises (the module compiled above is used), the standard
  // library's URL the bytes already here. Put back as soon as Pyodide has started, before any user code runs.
  const realFetch = globalThis.fetch;
  const realInstantiateStreaming = WebAssembly.instantiateStreaming;
  const stdlibUrl = assetBase + 'python_stdlib.zip';
  const wasmMarker = Promise.resolve(new Response(null));
  globalThis.fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input instanceof Request ? input.url : input);
    if (url === wasmUrl) return wasmMarker;
    if (url === stdlibUrl) return stdlib.then((b) => new Response(b.slice()));
    return realFetch(input, init);
  }) as typeof fetch;
  WebAssembly.instantiateStreaming = (async (source: Response | PromiseLike<Response>, imports?: WebAssembly.Imports) => {
    if (source !== wasmMarker) return realInstantiateStreaming(source, imports);
    const compiled = await module;
    mark('compiled');
    const instance = await WebAssembly.instantiate(compiled, imports);
    mark('instance');
    return { module: compiled, instance };
  }) as typeof WebAssembly.instantiateStreaming;
  const boot = (extra: Record<string, unknown> = {}) =>
    loadPyodide({
      indexURL: assetBase,
      // Where Pyodide would look for packages (none are loaded; the lock file says what its distribution has).
      packageBaseUrl: assetBase,
      lockFileContents: lockFile,
      // Emscripten's factory, timed: the instance, then the runtime (the standard library written into its files).
      createPyodideModule: async (settings: ModuleSettings) => {
        mark('factory');
        const instance = await factory(settings);
        mark('runtime');
        return instance;
      },
      env: { ...PYTHON_ENV },
      ...extra,
    });
  let pyodide: Pyodide | null = null;
  let fromSnapshot = false;
  try {
    // From the memory snapshot when there is one Pyodide accepts (it refuses one of another build); else plainly.
    if (snap.bytes) {
      try {
        pyodide = await boot({ _loadSnapshot: snap.bytes });
        fromSnapshot = true;
      } catch (error) {
        console.warn(`Python starts without its memory snapshot: Pyodide refused it (${error instanceof Error ? error.message : String(error)}).`);
      }
    } else {
      console.warn(`Python starts without its memory snapshot: ${snap.why}.`);
    }
    pyodide ??= await boot();
  } finally {
    globalThis.fetch = realFetch;
    WebAssembly.instantiateStreaming = realInstantiateStreaming;
  }
  if (fromSnapshot) {
    // Pyodide keeps its options: without this the 31 MB of snapshot would stay alive beside the memory made from it.
    const config = (pyodide as unknown as { _api?: { config?: Record<string, unknown> } })._api?.config;
    if (config) delete config._loadSnapshot;
  }
  mark('started');
  const ms = (n: number | undefined) => (n === undefined ? '?' : String(Math.round(n)));
  const split =
    `downloads ${Math.round(downloadsMs)} ms (wasm compiled at ${ms(times.wasm)}, JS ${ms(times.js)}, standard library ${ms(times.stdlib)}, ` +
    `snapshot ${ms(times.snapshot)}), interpreter ${Math.round(times.started - downloadsMs)} ms (instance at ${ms(times.instance)}, runtime ${ms(times.runtime)}, ` +
    `${fromSnapshot ? 'restored and ' : ''}bootstrapped ${ms(times.started)})`;
  return { pyodide, fromSnapshot, vendor, split };
}

/** The memory snapshot (snapshot.ts); null with the reason when there is none to use. The file is gzip: a server that
 * says so (Content-Encoding, as the dev and preview servers do) has the browser inflate it off this thread; from one
 * that does not (a static host) it is inflated here as it arrives. Told apart by its first bytes (gunzipIfGzip). */
async function downloadSnapshot(url: string, counted: (body: ReadableStream<Uint8Array<ArrayBuffer>>) => ReadableStream<Uint8Array<ArrayBuffer>>): Promise<{ bytes: Uint8Array | null; why: string }> {
  try {
    const response = await fetchAsset(url);
    const bytes = new Uint8Array(await new Response(await gunzipIfGzip(counted(response.body))).arrayBuffer());
    return { bytes, why: '' };
  } catch (error) {
    return { bytes: null, why: error instanceof Error ? error.message : String(error) };
  }
}
