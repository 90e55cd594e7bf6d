// Every message between the page, the compiler worker, the edge sandbox and its workers, as discriminated unions.
// Both sides of each channel import their shapes from here, so the compiler checks both ends.

export const PROTOCOL_VERSION = 1;

/** A project is a file tree: path (no leading slash, e.g. `app/api/hello/route.ts`) → source text. */
export type Files = Record<string, string>;

/** The JavaScript runtimes (compiled by esbuild, run by the edge sandbox or a Node host). */
export type JsRuntimeName = 'edge' | 'nodejs';
/** Vercel's other official runtimes (runtime-spec-2026 §2.5), interpreted in the languages sandbox. */
export type LanguageName = 'python' | 'ruby' | 'go';
export type RuntimeName = JsRuntimeName | LanguageName;
export const LANGUAGES: readonly LanguageName[] = ['python', 'ruby', 'go'];
/** Each language as the page and the sandbox name it. */
export const LANGUAGE_NAMES: Record<LanguageName, string> = { python: 'Python', ruby: 'Ruby', go: 'Go' };
export const isLanguage = (runtime: string | null | undefined): runtime is LanguageName => runtime === 'python' || runtime === 'ruby' || runtime === 'go';

/** How the entry file answers a request (runtime-spec.md §5 and the issue's handler conventions). */
export type HandlerKind =
  | 'app-route' //        app/**/route.ts: named GET/POST/… exports receive a Request
  | 'pages-api' //        pages/api/**: default export (req) => Response
  | 'vercel-function' // api/**: default export, or named HTTP method exports
  | 'middleware'; //     middleware.ts / proxy.ts: `middleware`/`proxy` or default export, (NextRequest, event) => Response | undefined

/**
 * What the Next.js version in use does around a handler, as flags: `src/lib/project/profiles.ts` decides them from the
 * project's Next.js version, and workers read only these flags (nothing off the page branches on a version). Absent
 * for a plain Vercel function (`api/**`), which no Next.js wraps.
 */
export interface NextTraits {
  /** The profile that answered, e.g. `16.3+` (for messages only). */
  profile: string;
  /** Route handlers get `context.params` as a promise (15+), else as a plain object. */
  paramsPromise: boolean;
  /**
   * The params promise also carries each param as its own property, so `params.id` still reads synchronously (15.x in
   * production, `makeUntrackedExoticParams`; 16 hands a plain promise). Absent: false.
   */
  paramsSyncAccess?: boolean;
  /** `NextRequest` has `geo` and `ip` (12.2–14; removed in 15). */
  requestGeo: boolean;
  /**
   * Next's edge sandbox before 13.4 (checked on 12.2.6–13.2.4): a failing edge route gets a bare 500 (`Internal Server
   * Error` as text, or nothing for a non-Response) instead of the HTML 500 page, and a response is sent as it is (no
   * header clean-up, so `Response.redirect` is a 307, not the 500 of 13.4+). Absent: false.
   */
  legacyEdgeSandbox?: boolean;
  /**
   * 13.2's App Router route handlers (checked on 13.2.4): on the edge several Set-Cookie headers go out joined into one,
   * and on Node.js the headers are copied into a plain object, so only the last Set-Cookie is sent. Absent: false.
   */
  legacyRouteHeaders?: boolean;
  /**
   * 13.2's App Router edge routes (checked on 13.2.4): webpack's ProvidePlugin maps a free `Buffer` to the `buffer`
   * polyfill, which that bundle cannot resolve, so a route naming `Buffer` fails the build (`Module not found: Can't
   * resolve 'buffer'`) instead of getting the polyfill. Only read by edge builds. Absent: false.
   */
  unresolvedBuffer?: boolean;
  /**
   * `eval`/`new Function` in this edge entry: `build-error` fails the build for both (webpack, middleware and
   * `pages/api`), `eval-build-error` fails it for `eval` only (Turbopack, 16+), `runtime` builds and both throw
   * `EvalError` when run (webpack, App Router routes).
   */
  dynamicCode: 'build-error' | 'eval-build-error' | 'runtime';
  /** App Router routes on Node.js where `next build` prerenders GET routes (13.2+): which ones it stores. */
  prerender?: PrerenderRules;
  /** Next answers OPTIONS itself only on a route with GET; on one without, 405 (13.4–13.5). Absent: on any. */
  optionsNeedGet?: boolean;
  /** The no-Response error adds what was returned, the method and the path (16.2+). Absent: the short text. */
  noResponseDetail?: boolean;
  /**
   * `next/headers` as the version has it (profiles.ts `requestApis`; workers/shared/next-headers.ts): `appDir` (13.2–13.3:
   * its ReadonlyHeaders and read-only cookies, `previewData`), `sync` (13.4–14: the objects, cookies settable in route
   * handlers, `draftMode`), `exotic` (15.x: promises that also carry the objects' members), `promise` (16+: promises
   * only). Absent: no `next/headers` module (before 13.2).
   */
  requestApis?: 'appDir' | 'sync' | 'exotic' | 'promise';
  /**
   * Node.js App Router routes: `next start` checks the preview cookies first and clears stale ones (14.2+, base-server
   * `tryGetPreviewData`; next-headers.ts `withStalePreviewCleared`). Absent: false.
   */
  appPreviewCookieCheck?: boolean;
  /** Outside a request, next/headers throws 13.4–14.1's `Invariant: headers() expects to have requestAsyncStorage…` (14.2+: `` `headers` was called outside a request scope``). Absent: false. */
  outsideScopeInvariant?: boolean;
  /** Who bundles the edge entry's npm packages (profiles.ts `bundler`). Absent: webpack. */
  bundler?: 'webpack' | 'turbopack';
  /** The entry is in the React Server Components layer (App Router routes): packages resolve `react-server` too. */
  reactServer?: boolean;
}

/** How `next build` decides an App Router GET route on Node.js is static (profiles.ts `staticRules`). */
export interface PrerenderRules {
  /** Only a route that opts in (`dynamic` 'force-static' or 'error', `revalidate` false or > 0) is prerendered (15+); else every GET route. */
  optIn: boolean;
  /** Exports beside GET that make the file dynamic (14.x's list names POST twice and leaves PUT out). */
  nonStaticMethods: readonly string[];
  /** Reading `request.cookies` is a dynamic read (14+); 13.x hands the build's empty cookies and stays static. */
  cookiesDynamic: boolean;
  /** A dynamic read the handler catches still makes the route dynamic (14+); 13.x stores what the handler answered. */
  caughtReadDynamic: boolean;
}

export interface BuildMessage {
  file: string;
  line: number; //   1-based
  column: number; // 0-based, as esbuild reports it
  text: string;
}

// ---------------------------------------------------------------- compiler worker

export interface CompileRequest {
  type: 'compile';
  id: number;
  files: Files;
  entry: string;
  runtime: RuntimeName;
  /** The Next.js around the entry; absent for a plain Vercel function. */
  next?: NextTraits;
  /**
   * Installed npm packages for an edge build: `node_modules/<name>/…` → text (package.json and script files), as the
   * Node host installed them. Bare imports resolve against these; absent, every bare import is a missing package.
   */
  packages?: Files;
}

export interface CompileResult {
  type: 'compiled';
  id: number;
  /** The ESM bundle with an inline source map; null when the build failed. */
  code: string | null;
  errors: BuildMessage[];
  warnings: BuildMessage[];
  bytes: number;
  gzipBytes: number;
  compileMs: number;
  /** Edge builds: the npm packages the build imports that `packages` did not hold (each also an error), sorted. */
  missingPackages?: string[];
}

export type CompilerRequest = CompileRequest;
export type CompilerResponse =
  | { type: 'ready'; initMs: number }
  | { type: 'init-failed'; message: string }
  | CompileResult;

// ---------------------------------------------------------------- run events (design.md: the one flow)

export type LogLevel = 'log' | 'info' | 'warn' | 'error' | 'debug';
export type HeaderList = [name: string, value: string][];

/** Timings in milliseconds. `t` on events is milliseconds since the request was dispatched. */
export interface Timings {
  compileMs: number;
  startMs: number;
  ttfbMs: number;
  totalMs: number;
  // Measured by the Node runtime on the page (absent on the edge): what a cold start really cost here.
  /** This run started a new Node process. */
  cold?: boolean;
  /** Booting the Node host (WebContainer or the local bridge), on the run that waited for it. */
  hostBootMs?: number;
  /** npm install before the run, when one ran. */
  installMs?: number;
  /** Cold runs: spawn → the harness's hello. */
  processStartMs?: number;
  /**
   * Cold runs: spawn → the response's head (the cold start a person waits for). A process started while the handler
   * compiled counts its spawn → hello, then this run's load → head, not the wait between.
   */
  coldStartMs?: number;
  /** Edge runs: where the round trip went (the bench prints it). */
  edgePath?: EdgePathProfile;
  /** The run reached the runtime → its `end`, transport included. */
  roundTripMs?: number;
  /** The answer came from the build's store of prerendered routes: no handler ran (src/lib/static-routes.ts). */
  fromStore?: boolean;
  /** Python, Ruby and Go runs: where the round trip went, page → languages sandbox → worker and back. */
  languagePath?: LanguagePathProfile;
  /** Edge runs that loaded their bundle: where `startMs` went (the bench prints it). */
  edgeLoad?: EdgeLoadProfile;
}

/**
 * A cold edge run's `startMs` in parts (ms): the sandbox's receipt of the invoke → the worker's `loaded` back there.
 * The crossings are the wait less the worker's own time; `toWorkerMs` compares the two threads' clocks (timeOrigin).
 */
export interface EdgeLoadProfile {
  /** The receipt → the load posted: picking the worker, and waiting for a spare still booting. */
  bootWaitMs: number;
  /** The load posted → the worker takes it (the crossing and whatever the worker was doing). */
  toWorkerMs: number;
  /** The worker: the runtime globals of the bundle's kind and env. */
  globalsMs: number;
  /** The worker: the bundle's import (its source fetched, parsed, linked and run). */
  importMs: number;
  /** The worker: the rest of its load (the source made a Blob and given a blob: URL, a synchronous call to the browser). */
  otherMs: number;
  /** The worker's `loaded` → the sandbox. */
  fromWorkerMs: number;
  /** The bundle's code as loaded (UTF-16 code units). */
  chars: number;
}

/**
 * A language run's round trip in parts (ms), each measured on its own thread's clock (the threads' clocks are not
 * compared): the bench prints it so the next cut is visible. A crossing is the waiting side's wait less the other
 * side's own time: the message both ways, the tasks that take it, any batching.
 */
export interface LanguagePathProfile {
  /** The page's runtime (src/lib/runtimes/language.ts): the run reaching it → the invoke posted, and the `end` arriving → passed on. */
  pageMs: number;
  /** Page ⇄ languages sandbox. */
  pageSandboxMs: number;
  /** The sandbox: the invoke's receipt → posted to the worker (a cold start's wait included), and the worker's `end` → posted on. */
  sandboxMs: number;
  /** Sandbox ⇄ the language's worker. */
  sandboxWorkerMs: number;
  /** The worker: its receipt of the invoke → its `end` (the `totalMs` the worker reports). */
  workerMs: number;
  /** Sent straight to the worker over the port the sandbox handed the page: no sandbox parts, `pageSandboxMs` is page ⇄ worker. */
  direct?: boolean;
}

/**
 * What `next build` concluded while prerendering an App Router GET route (an invoke with `prerender`): static (the
 * answer is stored and served as built) or dynamic (rendered per request), and why. Sent before `head`.
 */
export interface PrerenderVerdict {
  static: boolean;
  /** Why, in Next's terms: `` used `request.headers` ``, `revalidate = 0`, `other methods: POST`. */
  reason: string;
  /** The route's `revalidate` (seconds), or false: never stale. */
  revalidate: number | false;
}

/**
 * An edge run's round trip in parts (ms), each measured on its own thread's clock. A crossing is the waiting side's
 * wait less the other side's own time: the messages both ways, the tasks that take them, any batching. A run over the
 * page's direct port to its worker (`direct`) has no sandbox parts: `pageSandboxMs` is then the page ⇄ worker crossing.
 */
export interface EdgePathProfile {
  /** EdgeRuntime on the page: invoke() → the request posted, and the `end` arriving → passed on. */
  pageMs: number;
  /** Page ⇄ sandbox (or page ⇄ worker when `direct`). */
  pageSandboxMs: number;
  /** The sandbox: the invoke's receipt → handed to the worker, and the worker's `end` → posted on. */
  sandboxMs: number;
  /** Sandbox ⇄ worker. */
  sandboxWorkerMs: number;
  /** The worker: the request dispatched → its `end`. */
  workerMs: number;
  /** Sent straight to the worker over the port the sandbox handed the page. */
  direct?: boolean;
  /** The sandbox's receipt of the invoke → its `end` posted (the page subtracts it from its wait). */
  sandboxSpanMs?: number;
}

/**
 * One run is one stream: head? chunk* log* error? end. `end` always comes last, also after an error, so every
 * consumer gets the timings. Logs may interleave with chunks.
 */
export type RunEvent =
  | { type: 'head'; status: number; statusText: string; headers: HeaderList; t: number }
  | { type: 'chunk'; bytes: Uint8Array; t: number }
  | { type: 'log'; level: LogLevel; text: string; t: number }
  | { type: 'dropped'; count: number } // console lines dropped by the cap, reported once before `end`
  | { type: 'error'; code: string; message: string; stack?: string; t: number }
  /** Only on a prerender invoke; the page's static-route store takes it out of the stream (views never see it). */
  | ({ type: 'prerender' } & PrerenderVerdict)
  | { type: 'end'; timings: Timings };

/** A request as it crosses a thread boundary. `url` is absolute. */
export interface WireRequest {
  method: string;
  url: string;
  headers: HeaderList;
  body: ArrayBuffer | null;
}

// ---------------------------------------------------------------- page ↔ edge sandbox (over a MessagePort)

export interface EdgeDeadlines {
  /** No head within this many ms → 504 EDGE_FUNCTION_INVOCATION_TIMEOUT. */
  initialResponseMs: number;
  /** The stream is cut after this many ms in all. */
  maxStreamMs: number;
}

export interface EdgeBundle {
  /** Content hash of code + kind + env: a run on the same id reuses the warm worker (module state, G25). */
  id: string;
  code: string;
  kind: HandlerKind;
  /** The entry path, for messages such as Next's "No response is returned from route handler '<path>'". */
  path: string;
  env: Record<string, string>;
  /** The Next.js around the handler; absent for a plain Vercel function. */
  next?: NextTraits;
}

/** A bundle sent to the sandbox before, by id: a warm run does not copy its code again. */
export interface EdgeBundleRef {
  id: string;
}

/**
 * The sandbox keeps the bundles of this many recent invokes (least recently used goes first); the page sends a ref
 * only for bundles among its own last invokes on that port, at most this many, so the sandbox always has them.
 */
export const SANDBOX_BUNDLE_CACHE = 16;

export type SandboxRequest =
  | { type: 'invoke'; runId: number; bundle: EdgeBundle | EdgeBundleRef; request: WireRequest; deadlines: EdgeDeadlines }
  /** `workerId`: a run sent over that worker's direct port (the sandbox watches its worker confirm the stop). */
  | { type: 'cancel'; runId: number; workerId?: number }
  /**
   * The page sent this run straight to that worker: the sandbox keeps its deadlines from now, on the page's word (the
   * worker, where user code runs, is never asked whether a run exists).
   */
  | { type: 'direct-run'; runId: number; workerId: number }
  | { type: 'ping'; n: number }
  /** Invokes and cancels that were ready together, in order, as one message. */
  | { type: 'batch'; messages: SandboxRunRequest[] };

export type SandboxRunRequest = Extract<SandboxRequest, { type: 'invoke' | 'cancel' | 'direct-run' }>;

export type SandboxResponse =
  | { type: 'ready'; version: number }
  | { type: 'pong'; n: number }
  /** `startMs`: time to get a worker with this bundle loaded (0 when it was already warm). */
  | { type: 'started'; runId: number; startMs: number; cold: boolean }
  /** `workerId`: an event the sandbox itself sends for a direct run of that worker (a deadline, its termination). */
  | { type: 'event'; runId: number; event: RunEvent; workerId?: number }
  /**
   * The port of a worker that has `bundleId` loaded: later runs of that bundle with these deadlines go straight to it
   * (DirectRequest). The sandbox still owns the worker: the page tells it of each run (`direct-run`), and it keeps
   * their deadlines and terminates the worker at them. `runId`: the run whose load made the handover.
   */
  | { type: 'direct'; workerId: number; bundleId: string; deadlines: EdgeDeadlines; port: Port; runId: number }
  /** Send nothing more to that worker: post `close` on its port (runs already sent still end there). */
  | { type: 'revoke'; workerId: number }
  /** That worker was terminated: every direct run on it that has not ended ends with `message`. */
  | { type: 'worker-gone'; workerId: number; message: string }
  /** Run messages that were ready together, in order, as one message: each cross-process message costs the page a task. */
  | { type: 'batch'; messages: SandboxRunMessage[] };

export type SandboxRunMessage = Extract<SandboxResponse, { type: 'started' | 'event' | 'direct' | 'revoke' | 'worker-gone' }>;

/** A MessagePort, spelled so the Node-typed build (the harness imports this file) reads it too: there the type is not global. */
type Port = InstanceType<typeof MessagePort>;

// ---------------------------------------------------------------- page ↔ edge worker (over the port the sandbox handed over)

export type DirectRequest =
  | { type: 'invoke'; runId: number; request: WireRequest }
  | { type: 'cancel'; runId: number }
  /** The page sends nothing more on this port. */
  | { type: 'close' }
  | { type: 'batch'; messages: DirectRequest[] };

/** Untrusted on the page: user code runs in that thread. */
export type DirectResponse = { type: 'event'; runId: number; event: RunEvent } | { type: 'batch'; messages: DirectResponse[] };

// ---------------------------------------------------------------- edge sandbox ↔ edge worker (over a private MessagePort)

/** The worker's side of a load, for EdgeLoadProfile: `receivedAt` is timeOrigin + now(), comparable across threads. */
export interface WorkerLoadParts {
  receivedAt: number;
  globalsMs: number;
  importMs: number;
}

export type WorkerRequest =
  | { type: 'load'; bundle: EdgeBundle }
  /** The worker's end of a port to the page (DirectRequest in, DirectResponse out). */
  | { type: 'attach'; port: Port }
  | { type: 'invoke'; runId: number; request: WireRequest }
  /** Aborts the run's request signal and ends it at once (Stop, or the stream deadline). */
  | { type: 'cancel'; runId: number }
  /** Requests the sandbox sent in one turn (a batch of invokes from the page), in order, as one message. */
  | { type: 'batch'; messages: WorkerRequest[] };

export type WorkerResponse =
  /** `removed`: globals deleted by hardening; `kept`: those that could not be deleted. */
  | { type: 'booted'; removed: number; kept: string[] }
  | { type: 'loaded'; ms: number; error?: { message: string; stack?: string }; parts?: WorkerLoadParts }
  | { type: 'event'; runId: number; event: RunEvent }
  /** A direct run's head went to the page. */
  | { type: 'headed'; runId: number }
  /** A direct run ended (its `end` went to the page). */
  | { type: 'ended'; runId: number }
  /** The page closed its port and no direct run is left: the worker may go. */
  | { type: 'closed' }
  | { type: 'batch'; messages: WorkerResponse[] };

// ---------------------------------------------------------------- page/host ↔ Node harness
// Added for the Node harness (workers/node-harness). One JSON message per line over the child's stdin/stdout; each
// harness line carries a marker (workers/node-harness/framing.ts) so a user's stray stdout cannot break framing.
// Bodies travel as base64 because JSON has no bytes.

/** A request as it crosses into the harness. `url` is absolute; `bodyBase64` is null for no body. */
export interface HarnessWireRequest {
  method: string;
  url: string;
  headers: HeaderList;
  bodyBase64: string | null;
}

/** RunEvent as it travels from the harness: the same shapes, with chunk bytes as base64. */
export type HarnessRunEvent =
  | Exclude<RunEvent, { type: 'chunk' }>
  | { type: 'chunk'; bodyBase64: string; t: number };

/**
 * Which of a process's bundles a load or invoke is for: the middleware (or proxy) is loaded beside the route, so
 * alternating them keeps both modules warm (one process per project, as `next start` is). Absent: the route.
 */
export type HarnessSlot = 'middleware';

export type HarnessRequest =
  | {
      type: 'load';
      id: number;
      slot?: HarnessSlot;
      /** The compiled ESM bundle (bare npm imports and Node built-ins left external). */
      code: string;
      kind: HandlerKind;
      /** Entry path in the project, e.g. `api/hello.ts`: route params, Next messages. */
      path: string;
      env: Record<string, string>;
      /** Extra project files written beside the bundle (data files the handler reads), path → text. */
      files?: Files;
      /** FUNCTION_PAYLOAD_TOO_LARGE limit for request and non-streamed response bodies (limits.ts). */
      maxPayloadBytes?: number;
      /** The Next.js around the handler; absent for a plain Vercel function. */
      next?: NextTraits;
    }
  | {
      type: 'invoke';
      runId: number;
      slot?: HarnessSlot;
      request: HarnessWireRequest;
      /** maxDuration: the harness answers 504 itself at this many ms after the request arrived (async hangs). */
      deadlineMs?: number;
      /** Overrides the limit given in `load` (the response body's, and the request's when the next is absent). */
      maxPayloadBytes?: number;
      /** The request body's limit where it differs from the response's (Fluid: 100 MB in, 4.5 MB out). */
      maxRequestBodyBytes?: number;
      /**
       * Run it as `next build` prerenders an App Router GET route: a request with no headers and no query, whose
       * per-request parts mark the route dynamic when read (and then answer from the real request); a `prerender`
       * event says which before `head`.
       */
      prerender?: boolean;
    }
  | { type: 'cancel'; runId: number }
  | { type: 'ping'; n: number }
  /**
   * A message too long for one terminal line (a WebContainer's pseudo-terminal): the host wrote the JSON line to this
   * file inside the harness's `.playground/` folder; the harness reads it, deletes it and handles it in this place of
   * the stream, as if it had come on stdin.
   */
  | { type: 'file'; path: string }
  /** The host is ending the process: the harness exits at once (before the host escalates to a teardown). */
  | { type: 'exit' };

/**
 * `node harness.mjs --loopback-ports=41000-41099`: the harness's loopback HTTP server listens on a port of this range
 * instead of trying `listen(0)` first (the WebContainer host passes it when its boot probe found `listen(0)` broken).
 */
export const LOOPBACK_PORTS_FLAG = '--loopback-ports=';
/** The fixed ports: tried after `listen(0)` fails, and the range the WebContainer host passes with the flag. */
export const LOOPBACK_PORT_RANGE = { first: 41_000, last: 41_099 } as const;

export type HarnessResponse =
  /** Sent before the harness reads anything. `node` is `process.version`. */
  | { type: 'hello'; version: number; node: string; pid: number }
  /** `ms`: time to write and import the bundle and resolve its handler. `error`: it cannot serve (every invoke → 500). */
  | { type: 'loaded'; id: number; ms: number; error?: { message: string; stack?: string } }
  | { type: 'event'; runId: number; event: HarnessRunEvent }
  | { type: 'pong'; n: number }
  /** A line the harness could not use (bad JSON, unknown type): a host bug, never user code. */
  | { type: 'protocol-error'; message: string };

// ---------------------------------------------------------------- page ↔ languages sandbox ↔ language worker
// languages.html is an opaque-origin iframe (like sandbox.html) with its own CSP ('wasm-unsafe-eval'). It starts one
// classic data: worker per language, lazily, and owns the deadlines. Python/Ruby/Go workers implement the
// LanguageWorker* shapes; the page speaks Languages*.

/** Bumped when a shape below changes incompatibly (the page and a cached languages.html must agree). */
export const LANGUAGES_PROTOCOL_VERSION = 3;

/** A request as a language worker gets it: `url` is path + query (`/api/hello?x=1`), as a server sees it. */
export interface LanguageRequest {
  method: string;
  url: string;
  headers: HeaderList;
  body: Uint8Array | null;
}

/** sandbox → language worker. */
export type LanguageWorkerRequest =
  /** First message: `assetBase` is the absolute URL of the language's assets folder, ending in `/` (`…/languages/python/`). */
  | { type: 'init'; assetBase: string }
  /**
   * One request. `files` is the whole project (path → text, no leading slash), sent only when it differs from the
   * last invoke's on this worker (and always on a worker's first): absent, the project is the last one sent, which the
   * worker keeps (workers/shared/project-files.ts). `entry` is the handler's file (`api/hello.py`). The worker's
   * current directory is the project root, as on Vercel. `env`: the project's environment variables (absent: none).
   */
  | LanguageInvoke
  /**
   * The worker's end of a port to the page, sent once the worker is ready: the page's warm runs come over it as
   * `invoke`s (LanguageDirectRequest) and their events go back over it (LanguageDirectResponse). It has a project of
   * its own: `files` on it is compared with the last set sent over it, not with the sandbox's.
   */
  | { type: 'connect'; port: Port };

export type LanguageInvoke = { type: 'invoke'; runId: string; files?: Files; entry: string; request: LanguageRequest; env?: Record<string, string> };

/** page → language worker, over the port the sandbox handed over (its deadlines stay with the sandbox: `direct-run`). */
export type LanguageDirectRequest = LanguageInvoke | { type: 'batch'; messages: LanguageInvoke[] };
/** language worker → page, over that port. User code runs in the worker: the page checks every message's shape. */
export type LanguageDirectResponse = { type: 'event'; runId: string; event: RunEvent } | { type: 'batch'; messages: LanguageDirectResponse[] };

/** language worker → sandbox. */
export type LanguageWorkerResponse =
  /** While downloading/starting: `phase` says what (`Downloading Python`, `Starting Ruby`); total 0 when unknown. */
  | { type: 'progress'; phase: string; loaded: number; total: number }
  /** Started; `version` names the interpreter (`Python 3.12.7 (Pyodide 0.27)`); `startMs` from init to ready. */
  | { type: 'ready'; version: string; startMs: number }
  /** The interpreter could not start (download or wasm failed): every queued and later run fails with this. */
  | { type: 'init-failed'; message: string }
  /**
   * One event of a run: `head` → `chunk`* → `end`, or `error` (code, message, stack with the user's file:line) then
   * `end`. `log`: print/puts/fmt.Println (level 'log'), stderr (level 'error'). Timings in `end` may be zeros: the
   * sandbox fills them in.
   */
  | { type: 'event'; runId: string; event: RunEvent };

/** A Python, Ruby or Go function's limits, which the sandbox enforces: those of a Vercel Function (src/lib/limits.ts, the node group). */
export interface LanguageRunLimits {
  /** maxDuration: no `end` within this many ms → the worker is terminated and the run answers 504 FUNCTION_INVOCATION_TIMEOUT. */
  maxDurationMs: number;
  /**
   * L07: a response body that comes whole (one chunk, then the end) and is larger answers 413
   * FUNCTION_PAYLOAD_TOO_LARGE instead; a body in several chunks is streamed, which has no limit.
   */
  maxResponseBodyBytes: number;
}

/** page → languages sandbox (over the MessagePort). */
export type LanguagesRequest =
  | {
      type: 'invoke';
      runId: number;
      language: LanguageName;
      /** The project; absent: the same as this language's last invoke on this port (the sandbox keeps one set per language). */
      files?: Files;
      entry: string;
      request: LanguageRequest;
      env: Record<string, string>;
      limits: LanguageRunLimits;
    }
  /** Stop: the language's worker is terminated (a new one starts for the next run). */
  | { type: 'cancel'; runId: number }
  /**
   * The page sent this run straight to that worker (its `direct` port): the sandbox keeps its maxDuration from now,
   * and terminates the worker at it (`worker-gone` with `timedOut`).
   */
  | { type: 'direct-run'; runId: number; language: LanguageName; workerId: number; maxDurationMs: number }
  /** That direct run ended on the page: its deadline goes. */
  | { type: 'direct-done'; runId: number }
  | { type: 'ping'; n: number }
  /** Run messages that were ready together, in order, as one message (workers/shared/outbox.ts). */
  | { type: 'batch'; messages: LanguagesRunRequest[] };

export type LanguagesRunRequest = Extract<LanguagesRequest, { type: 'invoke' | 'cancel' | 'direct-run' | 'direct-done' }>;

/** languages sandbox → page. */
export type LanguagesResponse =
  | { type: 'ready'; version: number }
  | { type: 'pong'; n: number }
  /** A language is loading: shown as a progress bar (total 0: indeterminate). */
  | { type: 'progress'; language: LanguageName; phase: string; loaded: number; total: number }
  /** A language's worker could not start (the next run tries again). */
  | { type: 'language-failed'; language: LanguageName; message: string }
  /** A language's worker is ready (`startMs`: its cold start). */
  | { type: 'language-ready'; language: LanguageName; version: string; startMs: number }
  /** The run reached a ready worker; `startMs` is how long it waited for one (0 when warm). */
  | { type: 'started'; runId: number; startMs: number; cold: boolean; version: string }
  | { type: 'event'; runId: number; event: RunEvent }
  /** A port straight to the language's ready worker (LanguageDirectRequest in, LanguageDirectResponse out), for later runs. */
  | { type: 'direct'; language: LanguageName; workerId: number; port: Port }
  /**
   * That worker was terminated (a deadline, a Stop, a crash): every direct run on it that has not ended ends, with
   * `message`, or as the 504 of its maxDuration (`timedOut`, ms) for the run that ran out of time.
   */
  | { type: 'worker-gone'; workerId: number; message: string; timedOut?: { runId: number; maxDurationMs: number } }
  /** Run messages that were ready together, in order, as one message: each costs the page a task. */
  | { type: 'batch'; messages: LanguagesRunMessage[] };

export type LanguagesRunMessage = Extract<LanguagesResponse, { type: 'started' | 'event' }>;
