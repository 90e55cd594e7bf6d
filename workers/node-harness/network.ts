// Keeps user code off the network of the machine it runs on: no connections to loopback, private, link-local or
// other non-public addresses (where a developer's databases, Docker API, other dev servers and a cloud's metadata
// service answer), no Unix sockets, and servers listen on loopback only. A Vercel function cannot reach the laptop
// it was written on either, so this is also the platform's behaviour; the public internet stays reachable. The
// harness's own check that its loopback port answers (transport.ts) connects with directConnection, past the guard.
//
// This is a guard inside the process, not an OS boundary: it covers every connection made through Node's public APIs,
// but code that builds a connection from Node's native handle objects can get past it (README, "What a handler on
// the local host can reach").
import dgram from 'node:dgram';
import dns from 'node:dns';
import net from 'node:net';
import { replaceProperty as replace } from './contain';

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

function refused(what: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(
    `connect EACCES ${what}: handlers on the local host reach the public internet only, not this machine or its network (as on Vercel).`,
  );
  error.code = 'EACCES';
  error.syscall = 'connect';
  return error;
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;
type Lookup = (hostname: string, options: dns.LookupOptions, callback: LookupCallback) => void;

/** The socket's lookup (its own or dns.lookup), refusing names that resolve to addresses of this machine's network. */
export function guardedLookup(inner: Lookup, port: number): Lookup {
  return (hostname, options, callback) =>
    inner(hostname, options, (error, address, family) => {
      if (error) return callback(error, address, family);
      // Copies, checked and passed on: a getter must not show one address here and another to the connect.
      const copies = Array.isArray(address) ? address.map((a) => ({ address: String(a.address), family: Number(a.family) })) : null;
      const single = copies ? null : String(address);
      const bad = (copies ? copies.map((a) => a.address) : [single!]).find((a) => !isPublic(a));
      if (bad !== undefined) return callback(refused(`${hostname} (${bad}):${port}`), address, family);
      if (copies) callback(null, copies);
      else callback(null, single!, Number(family));
    });
}

type Normalized = [Record<string, unknown>, ...unknown[]];
const normalizeArgs = (net as unknown as { _normalizeArgs?(args: unknown[]): Normalized })._normalizeArgs;

/**
 * `(port[, host], ...rest)` with the host made loopback, given or not: how net.Server#listen and dgram's bind take a
 * positional address.
 */
function onLoopback(args: unknown[]): unknown[] {
  const rest = args.slice(1);
  if (typeof rest[0] === 'string') rest[0] = '127.0.0.1';
  else rest.unshift('127.0.0.1');
  return [args[0] ?? 0, ...rest];
}

const originalConnect = net.Socket.prototype.connect;

/** A socket connected past the guard: only for the harness's own connections, never handed to user code. */
export function directConnection(options: net.NetConnectOpts, callback?: () => void): net.Socket {
  const socket = new net.Socket();
  return (originalConnect as (options: net.NetConnectOpts, callback?: () => void) => net.Socket).call(socket, options, callback);
}

/**
 * Replaces net.Socket#connect, net.Server#listen, dgram's send/bind/connect and the DNS servers' setters; call before
 * user code loads. The originals live only in this closure, so code that overwrites the replacements gains nothing.
 * Where Node lacks the internals it needs (a WebContainer's Node, whose network is the browser's anyway) it changes
 * nothing.
 */
export function guardNetwork(): void {
  if (typeof normalizeArgs !== 'function') return;
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
      if (!isPublic(host)) return fail(refused(`${host}:${port}`));
    } else {
      options.lookup = guardedLookup((options.lookup as Lookup | undefined) ?? (dns.lookup as unknown as Lookup), port);
    }
    return (originalConnect as unknown as (...a: unknown[]) => net.Socket).call(this, normalized);
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
    return (listen as (...a: unknown[]) => net.Server).call(this, ...onLoopback(args)); // listen(port[, host][, backlog][, cb])
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
      // send(msg[, offset, length], port[, address][, callback]), told apart as Node itself does (lib/dgram.js).
      const [, , , port, address] = args;
      const at = address || (port && typeof port !== 'function') ? 3 : 1;
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
  // Bound to every interface, it would receive from this machine's network: loopback only.
  const bind = dgram.Socket.prototype.bind;
  replace(dgram.Socket.prototype, 'bind', function (this: dgram.Socket, ...args: unknown[]) {
    const first = args[0];
    if (typeof first === 'object' && first !== null) return (bind as (...a: unknown[]) => dgram.Socket).call(this, { ...first, address: '127.0.0.1' }, ...args.slice(1));
    return (bind as (...a: unknown[]) => dgram.Socket).call(this, ...onLoopback(args));
  });
  const udpConnect = dgram.Socket.prototype.connect;
  replace(dgram.Socket.prototype, 'connect', function (this: dgram.Socket, port: number, address?: unknown, ...rest: unknown[]) {
    checkUdp(port, address);
    return (udpConnect as (...a: unknown[]) => void).call(this, port, address, ...rest);
  });
  // A DNS server of one's choosing on this machine's network is a UDP packet there with a payload of one's choosing.
  const checkServers = (servers: readonly string[]) => {
    for (const server of servers) {
      const host = /^\[([^\]]+)\]/.exec(server)?.[1] ?? (net.isIP(server) ? server : server.replace(/:\d+$/, ''));
      if (!isPublic(host)) throw refused(`dns server ${server}`);
    }
  };
  for (const target of [dns, dns.Resolver.prototype, dns.promises, dns.promises.Resolver.prototype]) {
    const setServers = (target as { setServers: (servers: readonly string[]) => void }).setServers;
    replace(target, 'setServers', function (this: unknown, servers: readonly string[]) {
      checkServers(servers);
      return setServers.call(this, servers);
    });
  }
}
