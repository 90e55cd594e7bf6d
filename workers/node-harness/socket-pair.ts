// Two connected in-memory sockets: the harness hands one to its http.Server ('connection') and writes the request
// into the other with http.request, so a handler gets a genuine IncomingMessage/ServerResponse from Node's own HTTP
// parser and writer, without a round through the kernel's loopback (about 0.3 ms a request on a loaded machine).
import { Duplex } from 'node:stream';

/** What handlers and Node's http server read of a socket, as a loopback connection would answer. */
const LOOPBACK = { remoteAddress: '127.0.0.1', remoteFamily: 'IPv4', localAddress: '127.0.0.1' };

class MemorySocket extends Duplex {
  // Private: a handler holds its own socket (req.socket), and need not reach the harness's end through it.
  #peer!: MemorySocket;
  remoteAddress = LOOPBACK.remoteAddress;
  remoteFamily = LOOPBACK.remoteFamily;
  localAddress = LOOPBACK.localAddress;
  remotePort: number;
  localPort: number;
  readonly encrypted = undefined;

  constructor(localPort: number, remotePort: number) {
    super({ allowHalfOpen: true });
    this.localPort = localPort;
    this.remotePort = remotePort;
  }

  static link(a: MemorySocket, b: MemorySocket): void {
    a.#peer = b;
    b.#peer = a;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (!this.#peer.destroyed) this.#peer.push(chunk);
    callback();
  }

  override _final(callback: (error?: Error | null) => void): void {
    if (!this.#peer.destroyed) this.#peer.push(null);
    callback();
  }

  override _read(): void {
    // Data is pushed by the peer's writes.
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    // A connection goes down for both ends: the other side sees its close (a handler's req/res 'close').
    if (!this.#peer.destroyed) this.#peer.destroy();
    callback(error);
  }

  // net.Socket's knobs, which Node's http server and client call; nothing to tune in memory.
  setTimeout(_ms: number, callback?: () => void): this {
    if (callback) this.once('timeout', callback);
    return this;
  }
  setNoDelay(): this {
    return this;
  }
  setKeepAlive(): this {
    return this;
  }
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }
  address(): { address: string; family: string; port: number } {
    return { address: this.localAddress, family: this.remoteFamily, port: this.localPort };
  }
}

let nextPort = 40_000;

/** [server side, client side] of one connection to a server on `port`. */
export function socketPair(port: number): [MemorySocket, MemorySocket] {
  const clientPort = (nextPort = nextPort >= 60_999 ? 40_000 : nextPort + 1);
  const server = new MemorySocket(port, clientPort);
  const client = new MemorySocket(clientPort, port);
  MemorySocket.link(server, client);
  return [server, client];
}
