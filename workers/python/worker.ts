// The Python worker (a classic data: worker of languages.html): CPython from the npm package `pyodide`, loaded from
// our origin, running Vercel's handler forms (runner-py.ts). One request at a time in order; the sandbox owns the
// deadlines and terminates this worker on timeout or Stop.
import type { Files, HeaderList, LanguageRequest, RunEvent } from '../protocol';
import { platformErrorEvents } from '../platform-errors';
import { runTimings } from '../shared/timings';
import { serveLanguage, type RunReply } from '../shared/language-channels';
import { loadPython, VENDOR_ZIP, type Pyodide } from './load';
import { RUNNER_PY } from './runner-py';
import { FROM_SNAPSHOT, PYTHON_AFTER_SNAPSHOT, PYTHON_RUNNER_SETUP, RUNNER_FILE } from './snapshot';

const ROOT = '/var/task';

interface Current {
  reply: RunReply;
  t0: number;
  headSent: boolean;
  ended: boolean;
  /** When the oldest event the reply holds was sent (performance.now); 0: it holds none. */
  heldSince: number;
}
let current: Current | null = null;

/**
 * How long the page's way holds a run's events (its logs too, LanguageOptions.holdLogs) while the handler still runs:
 * a quick run answers in one message, and a print before a long computation or a loop that never ends still reaches
 * the page within about HOLD_MS, before the sandbox's deadline ends the worker.
 */
const HOLD_MS = 10;
// Held before user code can reach the global (`import js`).
const now = performance.now.bind(performance);
const setTimer = setTimeout.bind(globalThis);

function emit(event: RunEvent): void {
  if (!current || current.ended) return;
  if (current.heldSince === 0) {
    current.heldSince = now();
    // An ASGI app that awaits (asyncio.sleep) hands the thread back with nothing of Python running: what it held goes
    // then. A handler that never awaits ends before this timer, with everything in its end's message.
    setTimer(flushHeld, 0);
  }
  current.reply.send(event, event.type === 'chunk' ? [event.bytes.buffer as ArrayBuffer] : []);
}

function flushHeld(): void {
  if (!current) return;
  current.heldSince = 0;
  current.reply.flush();
}

/**
 * CPython asks Pyodide for a pending signal every few dozen bytecodes, in a loop that never ends and in the regex
 * engine too (not inside one long call into C, nor in time.sleep here, which the runner has flush first). That read is
 * our clock while user code runs: held events go once they have waited HOLD_MS. It never reports a signal.
 */
const heldEventsCheck = {
  get 0(): number {
    if (current !== null && current.heldSince !== 0 && now() - current.heldSince >= HOLD_MS) flushHeld();
    return 0;
  },
  set 0(_: number) {},
};
const t = () => (current ? now() - current.t0 : 0);

type Runner = ReturnType<Pyodide['pyimport']>;

async function start(assetBase: string): Promise<{ pyodide: Pyodide; runner: Runner }> {
  const t0 = performance.now();
  const { pyodide, fromSnapshot, vendor: vendorZip, split } = await loadPython(assetBase, (phase, loaded, total) => post({ type: 'progress', phase, loaded, total }));
  if (fromSnapshot) pyodide.runPython(PYTHON_AFTER_SNAPSHOT);
  const vendor = await vendorZip;
  if (vendor) {
    pyodide.FS.mkdirTree('/lib/vendor');
    pyodide.FS.writeFile('/lib/vendor/' + VENDOR_ZIP, vendor);
  }
  pyodide.setInterruptBuffer(heldEventsCheck);
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
    /** An ASGI app's head or body piece goes now: its code runs on after `send`. */
    flush: flushHeld,
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
  const runnerT0 = performance.now();
  // The runner is in the snapshot already (imported afresh if its source differs, and on a plain start).
  pyodide.FS.mkdirTree(RUNNER_FILE.slice(0, RUNNER_FILE.lastIndexOf('/')));
  pyodide.FS.writeFile(RUNNER_FILE, RUNNER_PY);
  const version = String(pyodide.runPython(`${PYTHON_RUNNER_SETUP}\nimport sys\nif ${vendor ? 'True' : 'False'}: sys.path.append('/lib/vendor/${VENDOR_ZIP}')\nsys.version.split()[0]`));
  const runner = pyodide.pyimport('_vc_runner');
  runner.connect(pyodide.pyimport('_vc_bridge'));
  const startMs = Math.round(performance.now() - t0);
  console.info(`Python started in ${startMs} ms${fromSnapshot ? ` ${FROM_SNAPSHOT}` : ''}: ${split}, the runner ${Math.round(performance.now() - runnerT0)} ms.`);
  post({ type: 'ready', version: `Python ${version} (Pyodide ${pyodide.version})${fromSnapshot ? ' ' + FROM_SNAPSHOT : ''}`, startMs });
  return { pyodide, runner };
}

/** Writes the project into /var/task when it changed (a new deployment): the entry is imported afresh. The same
 * object while unchanged (ProjectFiles). */
let written: Record<string, string> | null = null;
function writeProject(pyodide: Pyodide, runner: Runner, files: Record<string, string>): void {
  if (files === written) return;
  removeTree(pyodide, ROOT, false);
  for (const [path, text] of Object.entries(files)) {
    const full = `${ROOT}/${path}`;
    pyodide.FS.mkdirTree(full.slice(0, full.lastIndexOf('/')));
    pyodide.FS.writeFile(full, text);
  }
  written = files;
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

async function invoke(ready: Awaited<ReturnType<typeof start>>, reply: RunReply, files: Files, entry: string, request: LanguageRequest, env: Record<string, string>): Promise<void> {
  current = { reply, t0: now(), headSent: false, ended: false, heldSince: 0 };
  const run = current;
  try {
    writeProject(ready.pyodide, ready.runner, files);
    // An ASGI app's coroutine to await; nothing for the others, which have run already.
    const pending = ready.runner.invoke(entry, request.method, request.url, JSON.stringify(request.headers), request.body ?? undefined, JSON.stringify(env)) as Promise<void> | undefined;
    if (pending) await pending;
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

const post = serveLanguage({
  init(assetBase) {
    starting = start(assetBase);
    starting.catch((error: unknown) => post({ type: 'init-failed', message: `Python could not start: ${error instanceof Error ? error.message : String(error)}` }));
  },
  invoke(message, files, reply) {
    const ready = starting;
    if (!ready) return;
    queue = queue.then(async () => invoke(await ready, reply, files, message.entry, message.request, message.env ?? {})).catch(() => {});
  },
}, { holdLogs: true });
