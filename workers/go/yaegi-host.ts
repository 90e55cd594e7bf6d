// Drives yaegi.wasm (workers/go/yaegi-main): starts the Go program and turns one handler call into run events.
// Shared by the Go worker and the Node test, so the glue the page runs is the glue under test.
import type { Files, HeaderList, LanguageRequest, RunEvent } from '../protocol';
import { platformErrorEvents } from '../platform-errors';

/** wasm_exec.js's `Go` class (the Go 1.19 copy beside the wasm). */
export interface GoProgram {
  importObject: WebAssembly.Imports;
  run(instance: WebAssembly.Instance): Promise<void>;
}
export type GoConstructor = new () => GoProgram;

type Emit = (type: string, ...args: unknown[]) => void;
interface YaegiGlobals {
  /** The project (`{ files, env }` as JSON), sent when it changed: requests run against the last one sent. */
  __yaegiDeploy?: (project: string) => void;
  /** One request (`{ entry, method, url, headers }` as JSON); the events go to `emit`. */
  __yaegiInvoke?: (invocation: string, body: Uint8Array | null, emit: Emit) => void;
  __yaegiVersion?: string;
}

export interface Yaegi {
  /** `Go 1.19.8 (yaegi v0.14.3, interpreted)`. */
  version: string;
  /** `onFlush`: the handler called http.Flusher's Flush, so what it wrote should go out now. */
  invoke(files: Files, entry: string, request: LanguageRequest, env: Record<string, string>, onEvent: (event: RunEvent) => void, onFlush?: () => void): Promise<void>;
}

/** Instantiates the wasm (its bytes, or the module compiled as it downloaded) and runs its main, which registers `__yaegiInvoke` before it blocks. */
export async function startYaegi(wasm: BufferSource | WebAssembly.Module, Go: GoConstructor, scope: object = globalThis): Promise<Yaegi> {
  const go = new Go();
  const instance = wasm instanceof WebAssembly.Module ? await WebAssembly.instantiate(wasm, go.importObject) : (await WebAssembly.instantiate(wasm, go.importObject)).instance;
  void go.run(instance); // settles only if main returns, which it never does
  const globals = scope as YaegiGlobals;
  const { __yaegiInvoke: invoke, __yaegiDeploy: deploy } = globals;
  if (!invoke || !deploy) throw new Error('yaegi.wasm started but registered no entry point');
  // The project last sent to Go: the worker hands over the same object while it is unchanged (ProjectFiles), so a
  // warm request copies no file. Go decides from the code itself whether a changed project is a new deployment.
  let sent: { files: Files; env: string } | null = null;
  return {
    version: globals.__yaegiVersion ?? 'Go (yaegi)',
    invoke: (files, entry, request, env, onEvent, onFlush = () => {}) => {
      const envText = JSON.stringify(env);
      if (sent?.files !== files || sent.env !== envText) {
        deploy(`{"files":${JSON.stringify(files)},"env":${envText}}`);
        sent = { files, env: envText };
      }
      return run(invoke, entry, request, onEvent, onFlush);
    },
  };
}

function run(invoke: NonNullable<YaegiGlobals['__yaegiInvoke']>, entry: string, request: LanguageRequest, onEvent: (event: RunEvent) => void, onFlush: () => void): Promise<void> {
  const started = performance.now();
  const t = () => Math.round((performance.now() - started) * 100) / 100;
  let ttfb = 0;
  let headSent = false;
  const invocation = JSON.stringify({ entry, method: request.method, url: request.url, headers: request.headers });
  return new Promise((resolve) => {
    const emit: Emit = (type, ...args) => {
      switch (type) {
        case 'log':
          onEvent({ type: 'log', level: args[0] === 'error' ? 'error' : 'log', text: String(args[1]), t: t() });
          break;
        case 'head':
          headSent = true;
          ttfb = t();
          onEvent({ type: 'head', status: Number(args[0]), statusText: String(args[1]), headers: JSON.parse(String(args[2])) as HeaderList, t: ttfb });
          break;
        case 'chunk':
          onEvent({ type: 'chunk', bytes: args[0] as Uint8Array, t: t() });
          break;
        case 'flush':
          onFlush();
          break;
        case 'error': {
          const [code, message, stack] = args.map(String);
          // Nothing sent yet: Vercel answers its 500 page, as for any function that crashes before responding.
          if (!headSent) for (const event of platformErrorEvents(500, code, message, t(), stack || undefined)) onEvent(event);
          else onEvent({ type: 'error', code, message, t: t(), ...(stack ? { stack } : {}) });
          headSent = true;
          break;
        }
        case 'end':
          onEvent({ type: 'end', timings: { compileMs: 0, startMs: 0, ttfbMs: ttfb, totalMs: t() } });
          resolve();
          break;
      }
    };
    invoke(invocation, request.body, emit);
  });
}
