// Keeps user code off the network of the machine it runs on: no connections to loopback, private, link-local or
// other non-public addresses (where a developer's databases, Docker API, other dev servers and a cloud's metadata
// service answer), no Unix sockets, and servers listen on loopback only. A Vercel function cannot reach the laptop
// it was written on either, so this is also the platform's behaviour; the public internet stays reachable. The
// harness's own loopback hop (transport.ts) registers its ports and goes on working.
import dgram from 'node:dgram';
import dns from 'node:dns';
import net from 'node:net';

/** Where a function on Vercel finds nothing of yours: RFC 6890 special-purpose ranges, IPv4 and IPv6. */
const NOT_PUBLIC = new net.BlockList();
for (const [address, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24],
  ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) NOT_PUBLIC.addSubnet(address, prefix, 'ipv4');
for (const [address, prefix] of [['::', 127], ['64:ff9b:1::', 48], ['100::', 64], ['2001:db8::', 32], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8]] as const) {
  NOT_PUBLIC.addSubnet(address, prefix, 'ipv6');
}

/** Loopback ports the harness itself listens on (its hop to the handler, an adopted user server). */
const ownPorts = new Set<number>();

export function allowOwnPort(port: number): void {
  ownPorts.add(port);
}

/** Whether an IP address is on the public internet (a name, or anything special-purpose, is not). */
export function isPublic(address: string): boolean {
  const family = net.isIP(address);
  if (family === 0) return false;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return isPublic(mapped[1]);
  try {
    return !NOT_PUBLIC.check(address, family === 4 ? 'ipv4' : 'ipv6');
  } catch {
    return false; // a form BlockList does not take (a zone id): not provably public
  }
}

function isLoopback(address: string): boolean {
  return address === '::1' || /^(::ffff:)?127\./i.test(address);
}

function refused(what: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(
    `connect EACCES ${what}: handlers on the local host reach the public internet only, not this machine or its network (as on Vercel).`,
  );
  error.code = 'EACCES';
  error.syscall = 'connect';
  return error;
}

function allowed(address: string, port: number): boolean {
  return isPublic(address) || (isLoopback(address) && ownPorts.has(port));
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;
type Lookup = (hostname: string, options: dns.LookupOptions, callback: LookupCallback) => void;

/** The socket's lookup (its own or dns.lookup), refusing names that resolve to addresses of this machine's network. */
function guardedLookup(inner: Lookup, port: number): Lookup {
  return (hostname, options, callback) =>
    inner(hostname, options, (error, address, family) => {
      if (error) return callback(error, address, family);
      const addresses = Array.isArray(address) ? address.map((a) => a.address) : [address];
      const bad = addresses.find((a) => !allowed(a, port));
      if (bad !== undefined) return callback(refused(`${hostname} (${bad}):${port}`), address, family);
      callback(null, address, family);
    });
}

type Normalized = [Record<string, unknown>, ...unknown[]];
const normalizeArgs = (net as unknown as { _normalizeArgs?(args: unknown[]): Normalized })._normalizeArgs;

/** Sets a replacement the way the original was set (user code and libraries may still assign or wrap it). */
function replace(target: object, name: string, value: unknown): void {
  Object.defineProperty(target, name, { ...Object.getOwnPropertyDescriptor(target, name), value });
}

/**
 * Replaces net.Socket#connect, net.Server#listen and dgram's send/connect; call before user code loads. The originals
 * live only in this closure, so code that overwrites the replacements gains nothing. Where Node lacks the internals
 * it needs (a WebContainer's Node, whose network is the browser's anyway) it changes nothing.
 */
export function guardNetwork(): void {
  if (typeof normalizeArgs !== 'function') return;
  const connect = net.Socket.prototype.connect;
  const guardedConnect = function (this: net.Socket, ...args: unknown[]) {
    // net.connect passes [options, callback] normalized already; a direct socket.connect(port, host) does not. The
    // options are copied once, so a getter cannot show one host here and another to the real connect.
    const [given, callback] = Array.isArray(args[0]) && args.length === 1 ? (args[0] as Normalized) : normalizeArgs(args);
    const options: Record<string, unknown> = { ...given };
    const normalized = normalizeArgs(callback === undefined ? [options] : [options, callback]);
    const fail = (error: Error) => {
      process.nextTick(() => this.destroy(error));
      return this;
    };
    if (options.path) return fail(refused(`unix:${String(options.path)}`)); // Node's own test: a truthy path is a pipe
    const host = typeof options.host === 'string' && options.host !== '' ? options.host : 'localhost';
    const port = Number(options.port);
    if (net.isIP(host)) {
      if (!allowed(host, port)) return fail(refused(`${host}:${port}`));
    } else {
      options.lookup = guardedLookup((options.lookup as Lookup | undefined) ?? (dns.lookup as unknown as Lookup), port);
    }
    return (connect as unknown as (...a: unknown[]) => net.Socket).call(this, normalized);
  };
  replace(net.Socket.prototype, 'connect', guardedConnect);

  // A server on 0.0.0.0 would be reachable from the network this machine is on: loopback only.
  const listen = net.Server.prototype.listen;
  const guardedListen = function (this: net.Server, ...args: unknown[]) {
    const first = args[0];
    const options = typeof first === 'object' && first !== null && !Array.isArray(first) ? (first as net.ListenOptions & { handle?: unknown; fd?: unknown }) : null;
    if (options && (options.path !== undefined || options.handle !== undefined || options.fd !== undefined)) {
      throw refused('listen on a Unix socket, handle or file descriptor');
    }
    if (typeof first === 'string' && !/^\d+$/.test(first)) throw refused(`listen on unix:${first}`);
    if (options) return listen.call(this, { ...options, host: '127.0.0.1' }, ...(args.slice(1) as [() => void]));
    // listen(port[, host][, backlog][, cb]): the host, when given, becomes loopback.
    const rest = args.slice(1);
    if (typeof rest[0] === 'string') rest[0] = '127.0.0.1';
    else rest.unshift('127.0.0.1');
    return (listen as (...a: unknown[]) => net.Server).call(this, first ?? 0, ...rest);
  };
  replace(net.Server.prototype, 'listen', guardedListen);

  // UDP: only to public addresses given as IP literals (a name would need a lookup this guard cannot see).
  const checkUdp = (port: unknown, address: unknown) => {
    if (typeof address !== 'string' || !net.isIP(address) || !isPublic(address)) throw refused(`udp ${String(address ?? 'localhost')}:${String(port)}`);
  };
  const send = dgram.Socket.prototype.send;
  replace(
    dgram.Socket.prototype,
    'send',
    function (this: dgram.Socket, ...args: unknown[]) {
      // send(msg[, offset, length], port[, address][, callback]): port and address follow the message (and range).
      const at = typeof args[1] === 'number' && typeof args[2] === 'number' && args.length >= 4 && typeof args[3] === 'number' ? 3 : 1;
      let connected = false;
      try {
        this.remoteAddress();
        connected = true;
      } catch {
        // not connected: the destination is in the arguments
      }
      if (!connected) checkUdp(args[at], args[at + 1]);
      return (send as (...a: unknown[]) => void).apply(this, args);
    },
  );
  const udpConnect = dgram.Socket.prototype.connect;
  replace(dgram.Socket.prototype, 'connect', function (this: dgram.Socket, port: number, address?: unknown, ...rest: unknown[]) {
    checkUdp(port, address);
    return (udpConnect as (...a: unknown[]) => void).call(this, port, address, ...rest);
  });
}
