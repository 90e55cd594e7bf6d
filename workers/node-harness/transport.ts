// Carries a request to a Node-style handler over an HTTP connection, as Vercel's launcher does, so the handler gets a
// genuine IncomingMessage/ServerResponse pair; the response is read back and streamed out as events. The connection
// is an in-memory socket pair handed to the server (socket-pair.ts): Node's HTTP parser and writer on both ends, no
// kernel loopback round. The server still listens on a loopback port of its own: a serverful handler's own
// `address()`, and the port checks of a host whose `listen(0)` is broken, need one.
import http from 'node:http';
import { LOOPBACK_PORTS_FLAG, LOOPBACK_PORT_RANGE, type HarnessSlot, type HarnessWireRequest, type HeaderList } from '../protocol';
import { directConnection } from './network';
import { Run, runContext } from './run';
import { socketPair } from './socket-pair';

/** Identifies the run on the loopback request; removed before user code sees the headers. */
const RUN_HEADER = 'x-playground-harness-run';
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection', 'te', 'trailer']);

export interface Exchange {
  run: Run;
  /** Which loaded bundle answers (HarnessSlot); absent: the route. */
  slot?: HarnessSlot;
  request: HarnessWireRequest;
  body: Buffer;
}

type Answer = (exchange: Exchange, req: http.IncomingMessage, res: http.ServerResponse) => unknown;

const exchanges = new Map<string, Exchange>();
const originalListen = http.Server.prototype.listen;

function takeExchange(req: http.IncomingMessage): Exchange | undefined {
  const id = req.headers[RUN_HEADER];
  if (typeof id !== 'string') return undefined;
  delete req.headers[RUN_HEADER];
  for (let i = req.rawHeaders.length - 2; i >= 0; i -= 2) {
    if (req.rawHeaders[i].toLowerCase() === RUN_HEADER) req.rawHeaders.splice(i, 2);
  }
  return exchanges.get(id);
}

/**
 * A response sent whole (`res.end(body)` with no `res.write` before it) is not streamed, so it is held to the payload
 * limit (L07); `res.write` chunks stream and are not (Vercel: streaming functions have no response-body limit).
 */
function watchPayload(run: Run, res: http.ServerResponse): void {
  let streamed = false;
  const write = res.write;
  const end = res.end;
  res.write = function (this: http.ServerResponse, ...args: unknown[]) {
    streamed = true;
    return (write as (...a: unknown[]) => boolean).apply(this, args);
  } as typeof res.write;
  res.end = function (this: http.ServerResponse, ...args: unknown[]) {
    const [chunk, encoding] = args;
    const result = (end as (...a: unknown[]) => http.ServerResponse).apply(this, args);
    if (!streamed && chunk != null && typeof chunk !== 'function') {
      const size = typeof chunk === 'string' ? Buffer.byteLength(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8') : (chunk as Uint8Array).byteLength;
      if (size > run.maxPayloadBytes) run.payloadTooLarge(size);
    }
    return result;
  } as typeof res.end;
}

/** Runs the answer in the run's async context; a synchronous throw or a rejected promise fails the run (L04). */
function dispatch(answer: Answer, req: http.IncomingMessage, res: http.ServerResponse): boolean {
  const exchange = takeExchange(req);
  if (!exchange) return false;
  const { run } = exchange;
  watchPayload(run, res);
  run.abort.signal.addEventListener('abort', () => res.destroy(), { once: true });
  runContext.run(run, () => {
    try {
      const result = answer(exchange, req, res);
      if (result && typeof (result as Promise<unknown>).then === 'function') (result as Promise<unknown>).then(undefined, (error) => run.crash(error));
    } catch (error) {
      run.crash(error);
    }
  });
  return true;
}

export class Loopback {
  #server: http.Server;
  #port: number;

  private constructor(server: http.Server, port: number) {
    this.#server = server;
    this.#port = port;
  }

  /** The harness's own server, which answers through whatever handler is loaded. */
  static async start(answer: () => Answer | null): Promise<Loopback> {
    const server = http.createServer((req, res) => {
      const current = answer();
      if (!current || !dispatch(current, req, res)) {
        res.statusCode = 421;
        res.end();
      }
    });
    return new Loopback(server, await listen(server));
  }

  /** Legacy serverful (H25): the user's server listens on a loopback port of ours (its own port is ignored). */
  static async adopt(server: http.Server): Promise<Loopback> {
    const emit = server.emit;
    // Every 'request' listener of the user's server runs in the run's async context, guarded the same way.
    server.emit = function (this: http.Server, event: string, ...args: unknown[]) {
      if (event !== 'request') return (emit as (...a: unknown[]) => boolean).call(this, event, ...args);
      const [req, res] = args as [http.IncomingMessage, http.ServerResponse];
      const forward = () => (emit as (...a: unknown[]) => boolean).call(this, event, req, res);
      // A request that is not one of ours (the handler fetching its own server) is left alone.
      return dispatch(forward, req, res) || forward();
    } as typeof server.emit;
    // Never the port the server says it has: its address() and handle are the user's to fake, and the harness would
    // then carry requests to any port of this machine. It listens again, on a port the harness chose itself.
    if (server.listening) await close(server);
    return new Loopback(server, await listen(server));
  }

  close(): void {
    this.#server.close();
  }

  /** Sends one request and streams the answer into the run; resolves when the run can get no more from it. */
  forward(exchange: Exchange): void {
    const { run, request, body } = exchange;
    const id = String(run.runId);
    exchanges.set(id, exchange);
    const url = new URL(request.url);
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of request.headers) {
      const key = name.toLowerCase();
      if (HOP_BY_HOP.has(key) || key === 'content-length' || key === RUN_HEADER) continue;
      const seen = headers[key];
      headers[key] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
    }
    headers.host ??= url.host;
    headers[RUN_HEADER] = id;
    if (request.bodyBase64 !== null) headers['content-length'] = String(body.length);
    // As the keep-alive agent sent it before: handlers see the same Connection header.
    headers.connection = 'keep-alive';
    const [serverSide, clientSide] = socketPair(this.#port);
    this.#server.emit('connection', serverSide);
    const outgoing = http.request({ method: request.method, path: url.pathname + url.search, headers, createConnection: () => clientSide as never });
    const cleanup = () => exchanges.delete(id);
    outgoing.once('close', () => clientSide.destroy());
    run.abort.signal.addEventListener('abort', () => outgoing.destroy(), { once: true });
    outgoing.on('response', (incoming) => {
      cleanup();
      if (run.done) return void incoming.destroy();
      run.head(incoming.statusCode ?? 200, incoming.statusMessage ?? '', responseHeaders(incoming));
      incoming.on('data', (chunk: Buffer) => run.chunk(chunk));
      incoming.on('end', () => run.finish());
      incoming.on('error', (error) => streamCut(run, error));
    });
    outgoing.on('error', (error) => {
      cleanup();
      streamCut(run, error);
    });
    outgoing.end(request.bodyBase64 !== null ? body : undefined);
  }
}

/** The handler closed the connection without (finishing) a response. */
function streamCut(run: Run, error: Error): void {
  if (run.done) return;
  if (!run.headSent) run.fail(502, 'NO_RESPONSE_FROM_FUNCTION', `The function closed the connection without a response (${error.message}).`);
  else run.fail(500, 'FUNCTION_INVOCATION_FAILED', `The response stream was cut: ${error.message}`);
}

function responseHeaders(incoming: http.IncomingMessage): HeaderList {
  const list: HeaderList = [];
  for (let i = 0; i < incoming.rawHeaders.length; i += 2) {
    const name = incoming.rawHeaders[i].toLowerCase();
    if (!HOP_BY_HOP.has(name)) list.push([name, incoming.rawHeaders[i + 1]]);
  }
  return list;
}


export interface PortPlan {
  first: number;
  last: number;
  /** `listen(0)` is tried first (unless the host said it is broken there). */
  tryEphemeral: boolean;
}

/** `--loopback-ports=A-B` on the command line: that range only; without it `listen(0)`, then the default range. */
export function portPlan(argv: readonly string[]): PortPlan {
  const flag = argv.find((a) => a.startsWith(LOOPBACK_PORTS_FLAG));
  const range = flag?.slice(LOOPBACK_PORTS_FLAG.length).match(/^(\d+)-(\d+)$/);
  if (range) {
    const [first, last] = [Number(range[1]), Number(range[2])];
    if (first >= 1 && first <= last && last <= 65_535) return { first, last, tryEphemeral: false };
  }
  return { ...LOOPBACK_PORT_RANGE, tryEphemeral: !flag };
}

// Read when the harness starts, before anything can rewrite process.argv.
const ports = portPlan(process.argv);

/**
 * Listens on 127.0.0.1: port 0 first (the OS picks), then the fixed range. A port counts only when the server says
 * which one it got and a connection to it succeeds; `listen(0)` inside a WebContainer is not verified to do either.
 */
function listen(server: http.Server): Promise<number> {
  return (async () => {
    const tried: string[] = [];
    if (ports.tryEphemeral) {
      const port = await freePort().catch((error: Error) => (tried.push(`port 0: ${error.message}`), 0));
      if (port > 0 && (await listenOn(server, port)) && (await reachable(port))) return port;
      if (port === 0 && !tried.length) tried.push('port 0 gave no port');
      await close(server);
    }
    for (let port = ports.first; port <= ports.last; port++) {
      if ((await listenOn(server, port)) && (await reachable(port))) return port;
      await close(server);
    }
    tried.push(`ports ${ports.first}-${ports.last} are taken or unreachable`);
    throw new Error(`The Node harness could not listen on 127.0.0.1 (${tried.join('; ')}).`);
  })();
}

/** A port the OS gives a server of the harness's own (listen(0)), free again for the one that needs it. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = http.createServer();
    probe.once('error', reject);
    (originalListen as (port: number, host: string, callback: () => void) => http.Server).call(probe, 0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(address && typeof address === 'object' ? address.port : 0));
    });
  });
}

/** Listens on exactly `port` of 127.0.0.1; false when it is taken. */
function listenOn(server: http.Server, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const failed = () => resolve(false);
    server.once('error', failed);
    (originalListen as (port: number, host: string, callback: () => void) => http.Server).call(server, port, '127.0.0.1', () => {
      server.off('error', failed);
      resolve(true);
    });
  });
}

function close(server: http.Server): Promise<void> {
  return new Promise((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
}

/** A connection to the port opens (and is dropped at once). */
function reachable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = directConnection({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
