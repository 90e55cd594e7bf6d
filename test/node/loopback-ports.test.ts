// The harness's loopback server when `listen(0)` is broken (not verified inside a WebContainer): it falls back to a
// fixed port range by itself, and `--loopback-ports=A-B` (passed by the WebContainer host after its boot probe) makes it
// use that range only. Real node; `listen(0)` is broken by a preload module that runs before the harness.
import http from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { portPlan } from '../../workers/node-harness/transport';
import { LOOPBACK_PORTS_FLAG, LOOPBACK_PORT_RANGE } from '../../workers/protocol';
import { TestHost, compile } from './harness-host';

const dir = mkdtempSync(join(tmpdir(), 'pg-listen-'));
/** listen(0) fails with an error, as a network stack without ephemeral ports would. */
const LISTEN_0_FAILS = join(dir, 'listen-0-fails.mjs');
writeFileSync(
  LISTEN_0_FAILS,
  `import net from 'node:net';
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (port, ...rest) {
  if (port !== 0) return listen.call(this, port, ...rest);
  process.nextTick(() => this.emit('error', Object.assign(new Error('listen EADDRNOTAVAIL (no ephemeral ports)'), { code: 'EADDRNOTAVAIL' })));
  return this;
};`,
);
/** listen(0) "succeeds" but the server reports port 0. */
const LISTEN_0_GIVES_0 = join(dir, 'listen-0-gives-0.mjs');
writeFileSync(
  LISTEN_0_GIVES_0,
  `import net from 'node:net';
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (port, ...rest) {
  if (port !== 0) return listen.call(this, port, ...rest);
  const address = this.address;
  this.address = () => { const a = address.call(this); return a && { ...a, port: 0 }; };
  this.once('close', () => delete this.address);
  return listen.call(this, port, ...rest);
};`,
);

const PORT_HANDLER = `export default (req, res) => res.end(String(req.socket.localPort))`;
const inDefaultRange = (port: number) => port >= LOOPBACK_PORT_RANGE.first && port <= LOOPBACK_PORT_RANGE.last;

let hosts: TestHost[] = [];
afterEach(async () => {
  await Promise.all(hosts.map((h) => h.close()));
  hosts = [];
});

async function portSeen(options: Parameters<typeof TestHost.start>[0], source = PORT_HANDLER): Promise<number> {
  const host = await TestHost.start(options);
  hosts.push(host);
  const loaded = await host.load(await compile(source));
  expect(loaded.error).toBeUndefined();
  const response = await host.request();
  expect(response.status, response.text).toBe(200);
  return Number(response.text);
}

describe('loopback port fallback', () => {
  it('portPlan: listen(0) then the default range; a valid flag means that range only; a bad flag the default range only', () => {
    expect(portPlan([])).toEqual({ ...LOOPBACK_PORT_RANGE, tryEphemeral: true });
    expect(portPlan([`${LOOPBACK_PORTS_FLAG}45000-45009`])).toEqual({ first: 45000, last: 45009, tryEphemeral: false });
    expect(portPlan([`${LOOPBACK_PORTS_FLAG}9-1`])).toEqual({ ...LOOPBACK_PORT_RANGE, tryEphemeral: false });
  });

  it('with a working listen(0) the harness uses the port the OS gives', async () => {
    const port = await portSeen({});
    expect(port).toBeGreaterThan(0);
    expect(inDefaultRange(port)).toBe(false);
  });

  it('listen(0) failing with an error: requests still arrive, on a port of the fixed range', async () => {
    expect(inDefaultRange(await portSeen({ nodeArgs: ['--import', LISTEN_0_FAILS] }))).toBe(true);
  });

  it('listen(0) giving port 0: requests still arrive, on a port of the fixed range', async () => {
    expect(inDefaultRange(await portSeen({ nodeArgs: ['--import', LISTEN_0_GIVES_0] }))).toBe(true);
  });

  it('H25 legacy server adopted on the fixed range when listen(0) is broken', async () => {
    const source = `import http from 'http';
      const server = http.createServer((req, res) => res.end(String(req.socket.localPort)));
      server.listen(3000);`;
    expect(inDefaultRange(await portSeen({ nodeArgs: ['--import', LISTEN_0_FAILS] }, source))).toBe(true);
  });

  it('--loopback-ports: only that range, skipping a taken port, even where listen(0) works', async () => {
    const first = 46_000 + Math.floor(Math.random() * 900) * 10;
    const taken = http.createServer();
    await new Promise<void>((resolve) => taken.listen(first, '127.0.0.1', resolve));
    try {
      expect(await portSeen({ harnessArgs: [`${LOOPBACK_PORTS_FLAG}${first}-${first + 9}`] })).toBe(first + 1);
    } finally {
      taken.close();
    }
  });
});
