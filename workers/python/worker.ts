// The Python worker (a classic data: worker of languages.html): CPython from the npm package `pyodide`, loaded from
// our origin, running Vercel's handler forms (runner-py.ts). One request at a time in order; the sandbox owns the
// deadlines and terminates this worker on timeout or Stop.
import type { HeaderList, LanguageRequest, LanguageWorkerRequest, LanguageWorkerResponse, RunEvent } from '../protocol';
import { platformErrorEvents } from '../platform-errors';
import { runTimings } from '../shared/timings';
import { ProjectFiles } from '../shared/project-files';
import { countBytes } from '../shared/count-bytes';
import { RUNNER_PY } from './runner-py';
import { FROM_SNAPSHOT, PYTHON_AFTER_SNAPSHOT, PYTHON_ENV, PYTHON_SNAPSHOT_FILE } from './snapshot';

interface Pyodide {
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
  pyimport(name: string): { invoke: (...args: unknown[]) => Promise<void>; files_changed: () => void; _set_env: (env: unknown) => void };
  toPy(value: unknown): unknown;
  setStdout(options: { batched: (line: string) => void }): void;
  setStderr(options: { batched: (line: string) => void }): void;
}
declare function loadPyodide(options: Record<string, unknown>): Promise<Pyodide>;
declare function importScripts(...urls: string[]): void;

const ROOT = '/var/task';
/** The pure-Python libraries shipped with the playground (Flask and its dependencies), a zip on sys.path. */
const VENDOR_ZIP = 'site-packages.zip';

const post = (message: LanguageWorkerResponse, transfer: Transferable[] = []) => postMessage(message, { transfer });

interface Current {
  runId: string;
  t0: number;
  headSent: boolean;
  ended: boolean;
}
let current: Current | null = null;

function emit(event: RunEvent): void {
  if (!current || current.ended) return;
  post({ type: 'event', runId: current.runId, event }, event.type === 'chunk' ? [event.bytes.buffer as ArrayBuffer] : []);
}
const t = () => (current ? performance.now() - current.t0 : 0);

/** Downloads one file with progress (the sandbox shows a bar); `total` from Content-Length when the server sends it. */
async function download(url: string, phase: string, progress: { loaded: number; total: number }): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok || !response.body) throw new Error(`${url}: HTTP ${response.status}`);
  return new Uint8Array(await new Response(response.body.pipeThrough(countInto(progress, phase))).arrayBuffer());
}

/** Counts a download into the shared `progress` of all of Python's files and reports the sum. */
const countInto = (progress: { loaded: number; total: number }, phase: string) =>
  countBytes((bytes) => {
    progress.loaded += bytes;
    post({ type: 'progress', phase, loaded: progress.loaded, total: Math.max(progress.total, progress.loaded) });
  });

/** Approximate download sizes (bytes on the wire vary with compression): only for the bar's length. */
const EXPECTED_BYTES = 9_600_000 + 2_550_000 + 600_000 + 6_700_000;

/** The memory snapshot (snapshot.ts), inflated as it arrives; null with the reason when there is none to use. */
async function downloadSnapshot(url: string, progress: { loaded: number; total: number }): Promise<{ bytes: Uint8Array | null; why: string }> {
  try {
    const response = await fetch(url);
    if (!response.ok || !response.body) throw new Error(`${url}: HTTP ${response.status}`);
    const inflated = new Response(response.body.pipeThrough(countInto(progress, 'Downloading Python')).pipeThrough(new DecompressionStream('gzip')));
    return { bytes: new Uint8Array(await inflated.arrayBuffer()), why: '' };
  } catch (error) {
    return { bytes: null, why: error instanceof Error ? error.message : String(error) };
  }
}

async function start(assetBase: string): Promise<{ pyodide: Pyodide; runner: ReturnType<Pyodide['pyimport']> }> {
  const t0 = performance.now();
  const progress = { loaded: 0, total: EXPECTED_BYTES };
  post({ type: 'progress', phase: 'Downloading Python', loaded: 0, total: progress.total });
  const [wasm, stdlib, vendor, snapshot] = await Promise.all([
    download(assetBase + 'pyodide.asm.wasm', 'Downloading Python', progress),
    download(assetBase + 'python_stdlib.zip', 'Downloading Python', progress),
    download(assetBase + VENDOR_ZIP, 'Downloading Python', progress).catch(() => null),
    downloadSnapshot(assetBase + PYTHON_SNAPSHOT_FILE, progress),
  ]);
  post({ type: 'progress', phase: 'Starting Python', loaded: progress.loaded, total: progress.loaded });
  const downloadedMs = performance.now() - t0;
  importScripts(assetBase + 'pyodide.js');
  // Pyodide fetches its wasm itself: hand it the bytes already here instead of a second download.
  const realFetch = globalThis.fetch;
  const wasmUrl = assetBase + 'pyodide.asm.wasm';
  globalThis.fetch = ((input: RequestInfo | URL, init?: RequestInit) =>
    String(input instanceof Request ? input.url : input) === wasmUrl
      ? Promise.resolve(new Response(wasm.slice(), { headers: { 'Content-Type': 'application/wasm' } }))
      : realFetch(input, init)) as typeof fetch;
  const stdLibURL = URL.createObjectURL(new Blob([stdlib.slice().buffer as ArrayBuffer], { type: 'application/zip' }));
  const boot = (extra: Record<string, unknown> = {}) => loadPyodide({ indexURL: assetBase, stdLibURL, env: { ...PYTHON_ENV }, ...extra });
  let pyodide: Pyodide | null = null;
  let fromSnapshot = false;
  try {
    // From the memory snapshot when there is one Pyodide accepts (it refuses one of another build); else plainly.
    if (snapshot.bytes) {
      try {
        pyodide = await boot({ _loadSnapshot: snapshot.bytes });
        fromSnapshot = true;
      } catch (error) {
        console.warn(`Python starts without its memory snapshot: Pyodide refused it (${error instanceof Error ? error.message : String(error)}).`);
      }
    } else {
      console.warn(`Python starts without its memory snapshot: ${snapshot.why}.`);
    }
    pyodide ??= await boot();
  } finally {
    globalThis.fetch = realFetch;
    URL.revokeObjectURL(stdLibURL);
  }
  if (fromSnapshot) {
    pyodide.runPython(PYTHON_AFTER_SNAPSHOT);
    // Pyodide keeps its options: without this the 31 MB of snapshot would stay alive beside the memory made from it.
    const config = (pyodide as unknown as { _api?: { config?: Record<string, unknown> } })._api?.config;
    if (config) delete config._loadSnapshot;
  }
  if (vendor) {
    pyodide.FS.mkdirTree('/lib/vendor');
    pyodide.FS.writeFile('/lib/vendor/' + VENDOR_ZIP, vendor);
  }
  pyodide.setStdout({ batched: (line) => emit({ type: 'log', level: 'log', text: line, t: t() }) });
  pyodide.setStderr({ batched: (line) => emit({ type: 'log', level: 'error', text: line, t: t() }) });
  pyodide.registerJsModule('_vc_bridge', {
    head(status: number, statusText: string, headersJson: string) {
      if (!current || current.headSent) return;
      current.headSent = true;
      emit({ type: 'head', status, statusText, headers: JSON.parse(headersJson) as HeaderList, t: t() });
    },
    chunk(bytes: Uint8Array) {
      emit({ type: 'chunk', bytes: bytes.slice(), t: t() });
    },
    head_sent: () => current?.headSent ?? false,
    no_response() {
      for (const e of platformErrorEvents(502, 'NO_RESPONSE_FROM_FUNCTION', 'The function returned no response.', t())) emit(e);
      if (current) current.headSent = true;
    },
    error(code: string, message: string, stack: string, headSent: boolean) {
      if (headSent || current?.headSent) emit({ type: 'error', code, message, ...(stack ? { stack } : {}), t: t() });
      else for (const e of platformErrorEvents(500, code, message, t(), stack || undefined)) emit(e);
      if (current) current.headSent = true;
    },
  });
  pyodide.FS.mkdirTree(ROOT);
  pyodide.FS.chdir(ROOT);
  pyodide.FS.mkdirTree('/lib/playground');
  pyodide.FS.writeFile('/lib/playground/_vc_runner.py', RUNNER_PY);
  pyodide.runPython(`import sys\nsys.path.insert(0, '/lib/playground')\nif ${vendor ? 'True' : 'False'}: sys.path.append('/lib/vendor/${VENDOR_ZIP}')`);
  const runner = pyodide.pyimport('_vc_runner');
  const version = String(pyodide.runPython('import sys; sys.version.split()[0]'));
  const startMs = Math.round(performance.now() - t0);
  console.info(`Python started in ${startMs} ms${fromSnapshot ? ` ${FROM_SNAPSHOT}` : ''}: downloads ${Math.round(downloadedMs)} ms, the rest the interpreter's start.`);
  post({ type: 'ready', version: `Python ${version} (Pyodide ${pyodide.version})${fromSnapshot ? ' ' + FROM_SNAPSHOT : ''}`, startMs });
  return { pyodide, runner };
}

/** Writes the project into /var/task when it changed (a new deployment): the entry is imported afresh. */
let writtenKey: string | null = null;
function writeProject(pyodide: Pyodide, runner: ReturnType<Pyodide['pyimport']>, files: Record<string, string>): void {
  const key = JSON.stringify(files);
  if (key === writtenKey) return;
  removeTree(pyodide, ROOT, false);
  for (const [path, text] of Object.entries(files)) {
    const full = `${ROOT}/${path}`;
    pyodide.FS.mkdirTree(full.slice(0, full.lastIndexOf('/')));
    pyodide.FS.writeFile(full, text);
  }
  writtenKey = key;
  runner.files_changed();
}

function removeTree(pyodide: Pyodide, dir: string, self: boolean): void {
  for (const name of pyodide.FS.readdir(dir)) {
    if (name === '.' || name === '..') continue;
    const path = `${dir}/${name}`;
    if (pyodide.FS.isDir(pyodide.FS.stat(path).mode)) removeTree(pyodide, path, true);
    else pyodide.FS.unlink(path);
  }
  if (self) pyodide.FS.rmdir(dir);
}

async function invoke(ready: Awaited<ReturnType<typeof start>>, runId: string, files: Record<string, string>, entry: string, request: LanguageRequest, env: Record<string, string>): Promise<void> {
  current = { runId, t0: performance.now(), headSent: false, ended: false };
  const run = current;
  try {
    writeProject(ready.pyodide, ready.runner, files);
    ready.pyodide.runPython(`import os\nos.chdir('${ROOT}')`);
    ready.runner._set_env(ready.pyodide.toPy(env));
    await ready.runner.invoke(entry, request.method, request.url, JSON.stringify(request.headers), request.body ?? undefined);
  } catch (error) {
    // A failure of the runner itself (not of user code, which the runner reports): said as it is.
    const message = error instanceof Error ? error.message : String(error);
    if (run.headSent) emit({ type: 'error', code: 'FUNCTION_INVOCATION_FAILED', message, t: t() });
    else for (const e of platformErrorEvents(500, 'FUNCTION_INVOCATION_FAILED', message, t())) emit(e);
  }
  emit({ type: 'end', timings: runTimings({ ttfbMs: t(), totalMs: t() }) });
  run.ended = true;
  if (current === run) current = null;
}

let starting: ReturnType<typeof start> | null = null;
/** Requests in order: one runs at a time, as the interpreter has one thread. */
let queue: Promise<void> = Promise.resolve();
/** The project: an invoke carries `files` only when they changed since the last one. */
const project = new ProjectFiles();

self.onmessage = (event: MessageEvent<LanguageWorkerRequest>) => {
  const message = event.data;
  if (message.type === 'init') {
    starting = start(message.assetBase);
    starting.catch((error: unknown) => post({ type: 'init-failed', message: `Python could not start: ${error instanceof Error ? error.message : String(error)}` }));
    return;
  }
  if (message.type === 'invoke' && starting) {
    const ready = starting;
    const files = project.take(message.files);
    queue = queue.then(async () => invoke(await ready, message.runId, files, message.entry, message.request, message.env ?? {})).catch(() => {});
  }
};
