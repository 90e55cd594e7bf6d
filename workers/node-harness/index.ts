// The Node harness: the program that runs Node.js handlers inside Node (a WebContainer or a local `node` child).
// It reads one JSON message per line on stdin and writes one marked JSON message per line on stdout (design.md,
// "The Node hosts"; shapes in workers/protocol.ts, page/host ↔ Node harness).
//
// Who owns maxDuration (504 FUNCTION_INVOCATION_TIMEOUT): the harness answers 504 itself at the `deadlineMs` of an
// invoke, which covers every handler that hangs while the event loop still turns (a promise that never settles, a
// `(req, res)` handler that never ends or returns a Response, H27, L02, L03). A synchronous loop blocks that timer, so
// the HOST keeps its own deadline a little later and, if `end` has not arrived by then, kills the process (local
// node) or tears the WebContainer down, and fails the runs in flight itself (HarnessClient.terminate).
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { formatBytes, formatLimit } from '../byte-size';
import { HARNESS_DEFAULT_PAYLOAD_BYTES } from '../shared/limits-data';
import { errorMessage } from '../shared/error-text';
import { PROTOCOL_VERSION, type HarnessRequest, type HarnessSlot, type HarnessWireRequest } from '../protocol';
import { containProcess } from './contain';
import { guardNetwork } from './network';
import { LineSplitter, MARKER_TOKEN_ENV, MARKER_TOKEN_FLAG, harnessMarker } from './framing';
import { invokeLambda } from './lambda';
import { loadBundle, type Target } from './loader';
import { runPagesApi } from './next-api';
import { routeParams } from '../route-params';
import { Run, currentRun, describeError, findRun, logLine, runContext } from './run';
import { takeInboxLine } from './inbox';
import { captureOutput, createSender } from './stdio';
import { Loopback, type Exchange } from './transport';
import { addVercelHelpers } from './vercel-helpers';

/** The limits table's body limit (runtime-spec.md §4.2) when the host passes none; the page passes its plan's value. */
const DEFAULT_MAX_PAYLOAD_BYTES = HARNESS_DEFAULT_PAYLOAD_BYTES;

type Load = Extract<HarnessRequest, { type: 'load' }>;

interface Loaded {
  load: Load;
  target: Target;
  ms: number;
  /** The first run after a load reports the load time as its start (a cold start). */
  cold: boolean;
  /** Legacy serverful: the user's server, adopted on a loopback port. */
  server: Loopback | null;
}

function readArgs(): { token: string; workdir: string } {
  // The token is removed from argv and the environment so user code does not find it there.
  const at = process.argv.findIndex((a) => a.startsWith(MARKER_TOKEN_FLAG));
  const token = process.env[MARKER_TOKEN_ENV] ?? (at >= 0 ? process.argv[at].slice(MARKER_TOKEN_FLAG.length) : '');
  delete process.env[MARKER_TOKEN_ENV];
  if (at >= 0) process.argv.splice(at, 1);
  const { values } = parseArgs({ args: process.argv.slice(2), options: { workdir: { type: 'string' } }, strict: false });
  return { token, workdir: resolve(typeof values.workdir === 'string' ? values.workdir : process.cwd()) };
}

const { token, workdir } = readArgs();
containProcess();
guardNetwork();
const send = createSender(harnessMarker(token));
send({ type: 'hello', version: PROTOCOL_VERSION, node: process.version, pid: process.pid });

process.setSourceMapsEnabled?.(true); // bundles carry inline source maps: stacks name the user's files and lines
captureOutput();

/** What is loaded, by slot: the route, and the middleware beside it. */
const loaded = new Map<HarnessSlot | 'route', Loaded>();
let loading: Promise<void> = Promise.resolve();
const ownServer = Loopback.start(() => (exchange, req, res) => {
  const state = loaded.get(exchange.slot ?? 'route');
  const answer = state ? answerFor(state) : null;
  if (!answer) {
    res.statusCode = 421;
    return void res.end();
  }
  return answer(exchange, req, res);
});

function answerFor(state: Loaded): ((exchange: Exchange, req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => unknown) | null {
  const { target, load } = state;
  switch (target.type) {
    case 'vercel':
      return ({ body }, req, res) => {
        if (target.helpers) addVercelHelpers(req, res, body);
        const result = target.handler(req, res);
        void Promise.resolve(result).then((value) => value instanceof Response && warnIgnoredResponse(res), () => {});
        return result;
      };
    case 'pages-api':
      return ({ run, body, request }, req, res) => runPagesApi(run, target.handler, target.config, req, res, body, routeParams(load.path, request.url));
    case 'web':
      return ({ run, body, request }, req, res) => target.listener(run, request.url, body, req, res);
    default:
      return null;
  }
}

/**
 * A default-exported function is called as `(req, res)` (@vercel/node's dev server and runtime alike), so a Response it
 * returns is never sent: the request waits for `res.end()` until maxDuration, as on Vercel. Said once per run.
 */
function warnIgnoredResponse(res: import('node:http').ServerResponse): void {
  if (res.writableEnded) return;
  logLine(
    'warn',
    'The handler returned a Response, but a default-exported function runs as (req, res) on the Node.js runtime: nothing is sent until res.end() is called. Export GET (or `export default { fetch }`) to answer with a Response.',
  );
}

async function onLoad(load: Load): Promise<void> {
  const t0 = performance.now();
  await ownServer;
  const slot = load.slot ?? 'route';
  loaded.get(slot)?.server?.close();
  const target = await loadBundle(load, workdir);
  const server = target.type === 'server' ? await Loopback.adopt(target.server) : null;
  const ms = performance.now() - t0;
  loaded.set(slot, { load, target, ms, cold: true, server });
  const error = target.type === 'failed' ? describeError(target.error) : undefined;
  send({ type: 'loaded', id: load.id, ms, ...(error ? { error } : {}) });
}

async function onInvoke(message: Extract<HarnessRequest, { type: 'invoke' }>): Promise<void> {
  const { runId, request, deadlineMs } = message;
  const prerender = message.prerender === true;
  await loading;
  const state = loaded.get(message.slot ?? 'route');
  const maxPayloadBytes = message.maxPayloadBytes ?? state?.load.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES;
  const maxRequestBytes = message.maxRequestBodyBytes ?? maxPayloadBytes;
  const run = new Run({ runId, send, deadlineMs, maxPayloadBytes, startMs: state?.cold ? state.ms : 0, prerender });
  if (state) state.cold = false;
  const body = request.bodyBase64 ? Buffer.from(request.bodyBase64, 'base64') : Buffer.alloc(0);
  // L06: the platform rejects the request before the function runs.
  if (body.length > maxRequestBytes) {
    return run.fail(413, 'FUNCTION_PAYLOAD_TOO_LARGE', `The request body is ${formatBytes(body.length)}; a function's request body may be at most ${formatLimit(maxRequestBytes)}.`);
  }
  if (!state) return run.fail(500, 'FUNCTION_INVOCATION_FAILED', 'No handler is loaded: send `load` before `invoke`.');
  const { target } = state;
  const exchange: Exchange = { run, request, body, ...(message.slot ? { slot: message.slot } : {}) };
  switch (target.type) {
    case 'failed': {
      const { message, stack } = describeError(target.error);
      return run.fail(500, 'FUNCTION_INVOCATION_FAILED', message, stack);
    }
    case 'lambda':
      return runContext.run(run, () => invokeLambda(run, target.handler, target.name, request, body).catch((error) => run.crash(error)));
    case 'server':
      return state.server!.forward(exchange);
    default:
      return (await ownServer).forward(exchange);
  }
}

function onMessage(message: HarnessRequest): void {
  switch (message.type) {
    case 'load':
      // Loads run one after another; invokes wait for the load before them.
      loading = loading.then(() => onLoad(message)).catch((error) => {
        send({ type: 'loaded', id: message.id, ms: 0, error: describeError(error) });
      });
      return;
    case 'invoke':
      void onInvoke(message).catch((error) => {
        const run = findRun(message.runId);
        if (run) run.crash(error);
        else send({ type: 'protocol-error', message: `invoke ${message.runId}: ${describeError(error).message}` });
      });
      return;
    case 'cancel':
      return findRun(message.runId)?.cancel();
    case 'ping':
      return send({ type: 'pong', n: message.n });
    case 'exit':
      return process.exit(0);
    default:
      send({ type: 'protocol-error', message: `Unknown message type: ${(message as { type?: unknown }).type}` });
  }
}

function onLine(line: string, fromFile = false): void {
  if (!line.trim()) return;
  let message: HarnessRequest;
  try {
    message = JSON.parse(line) as HarnessRequest;
  } catch {
    send({ type: 'protocol-error', message: `Not JSON: ${line.slice(0, 200)}` });
    return;
  }
  if (message.type !== 'file') return onMessage(message);
  // Read at once, in the stream's order: the lines after it wait for it.
  let text: string;
  try {
    if (fromFile) throw new Error('A file message may not name another file.');
    text = takeInboxLine(message.path, workdir);
  } catch (error) {
    send({ type: 'protocol-error', message: errorMessage(error) });
    return;
  }
  onLine(text, true);
}

// An error nobody caught fails the run it belongs to (its async context) and the process keeps serving (L04).
// On Vercel the instance would exit; the next request here finds the module state as it was.
function onUncaught(error: unknown): void {
  const run = currentRun();
  if (run) return run.crash(error);
  const { message, stack } = describeError(error);
  logLine('error', `Uncaught error outside a request: ${stack ?? message}`);
}
process.on('uncaughtException', onUncaught);
process.on('unhandledRejection', onUncaught);

// A terminal would echo stdin and cut long lines; raw mode passes the host's lines through untouched.
if (process.stdin.isTTY) process.stdin.setRawMode(true);
process.stdin.setEncoding('utf8');
const stdinLines = new LineSplitter();
process.stdin.on('data', (chunk: string) => {
  for (const line of stdinLines.push(chunk)) onLine(line);
});
// The host went away: nothing can reach this process any more.
process.stdin.on('end', () => process.exit(0));
