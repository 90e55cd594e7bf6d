// Starts a reference server on 127.0.0.1 under watchdog.mjs (its own process group, ended when this process's end
// closes the watchdog's stdin) and sends it requests over plain HTTP, seeing the bytes and headers as they are sent.
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { FIXTURES } from './references';
import { REFERENCE_ENV } from './reference-project';

export interface Served {
  origin: string;
  stop(): Promise<void>;
}

export interface RawResponse {
  status: number;
  headers: [string, string][];
  body: string;
}

export const freePort = () =>
  new Promise<number>((done, fail) => {
    const server = createServer();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });

/** Starts `command` in `cwd` and waits until `ready(output)` gives the port it serves on. */
export async function startServer(cwd: string, command: string, args: string[], ready: (output: string) => number | null, timeoutMs = 120_000): Promise<Served> {
  const child = spawn(process.execPath, [join(FIXTURES, 'watchdog.mjs'), cwd, command, ...args], {
    detached: true,
    env: REFERENCE_ENV,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((done) => child.on('exit', () => done()));
  let output = '';
  const port = await new Promise<number>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`${command} ${args.join(' ')} did not start in ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (d: Buffer) => {
      output += d;
      const p = ready(output);
      if (p) {
        clearTimeout(timer);
        done(p);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => fail(new Error(`${command} exited (${code}) before it served:\n${output}`)));
  });
  // Keep draining its output so a chatty server never blocks on a full pipe.
  child.stdout!.on('data', () => {});
  child.stderr!.on('data', () => {});
  const kill = () => {
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {}
  };
  process.once('exit', kill);
  return {
    origin: `http://127.0.0.1:${port}`,
    async stop() {
      kill();
      child.stdin!.end();
      await exited;
      process.off('exit', kill);
    },
  };
}

/** `next start` of a built project on a free loopback port. */
export async function startNext(dir: string): Promise<Served> {
  const port = await freePort();
  const args = ['node_modules/next/dist/bin/next', 'start', '-H', '127.0.0.1', '-p', String(port)];
  // Every version prints a "Ready"/"ready" line once it accepts connections.
  return startServer(dir, process.execPath, args, (out) => (/ready/i.test(out) ? port : null));
}

/** @vercel/node's dev server for each entrypoint, behind one port (serve-vercel.mjs). */
export function startVercel(dir: string, entrypoints: string[]): Promise<Served> {
  return startServer(dir, process.execPath, [join(FIXTURES, 'serve-vercel.mjs'), dir, ...entrypoints], (out) => {
    const m = /READY (\d+)/.exec(out);
    return m ? Number(m[1]) : null;
  });
}

/** One request, no decompression, no redirects followed: the headers as the server sent them. */
export function send(origin: string, req: { method: string; url: string; headers?: [string, string][]; body?: string }): Promise<RawResponse> {
  return new Promise((done, fail) => {
    const headers: Record<string, string> = {};
    for (const [k, v] of req.headers ?? []) headers[k] = v;
    const r = request(origin + req.url, { method: req.method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const pairs: [string, string][] = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) pairs.push([res.rawHeaders[i].toLowerCase(), res.rawHeaders[i + 1]]);
        done({ status: res.statusCode!, headers: pairs, body: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', fail);
    });
    r.on('error', fail);
    r.setTimeout(30_000, () => r.destroy(new Error(`no answer to ${req.method} ${req.url} in 30 s`)));
    r.end(req.body);
  });
}
