// Messages by file (`{"type":"file"}`) and `exit`, under real node: what the WebContainer host does for lines too long
// for its pseudo-terminal. The harness reads the file in the stream's order, deletes it, and refuses paths outside
// its `.playground/` folder (a host bug must not make it read or delete other files).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { INBOX_DIR } from '../../workers/node-harness/inbox';
import { TestHost, compile } from './harness-host';

let host: TestHost;
afterEach(() => host?.close());

/** Lines the predicate picks go to a file in the inbox, and stdin gets the short `file` line instead. */
function divert(host: TestHost, pick: (line: string) => boolean): string[] {
  const inbox = join(host.workdir, INBOX_DIR);
  mkdirSync(inbox, { recursive: true });
  const stdin = host.child.stdin;
  const write = stdin.write.bind(stdin) as (chunk: string) => boolean;
  const paths: string[] = [];
  let n = 0;
  (stdin as { write: unknown }).write = (chunk: string) => {
    if (!pick(chunk)) return write(chunk);
    const path = join(inbox, `message-${++n}.json`);
    writeFileSync(path, chunk);
    paths.push(path);
    return write(JSON.stringify({ type: 'file', path }) + '\n');
  };
  return paths;
}

describe('messages by file', () => {
  it('a 3 MB bundle and a 1 MB request body by file: served as if they came on stdin, files deleted', async () => {
    host = await TestHost.start();
    const paths = divert(host, (line) => line.length > 256 * 1024);
    const padding = 'x'.repeat(3 << 20);
    const code = await compile(`const padding = ${JSON.stringify(padding)};
      export default (req, res) => { let n = 0; req.on('data', (c) => (n += c.length)); req.on('end', () => res.end(padding.length + ':' + n)); }`);
    expect((await host.load(code)).error).toBeUndefined();
    const response = await host.request({ method: 'POST', body: new Uint8Array(1 << 20).fill(65) });
    expect(response.text).toBe(`${3 << 20}:${1 << 20}`);
    expect(paths).toHaveLength(2);
    for (const path of paths) expect(existsSync(path)).toBe(false);
  });

  it('keeps the stream order: a message by file is handled before the line after it', async () => {
    host = await TestHost.start();
    await host.hello;
    let diverted = false;
    divert(host, (line) => line.includes('"ping"') && !diverted && (diverted = true));
    const order: number[] = [];
    const first = host.client.ping().then(() => order.push(1));
    const second = host.client.ping().then(() => order.push(2));
    await Promise.all([first, second]);
    expect(diverted).toBe(true);
    expect(order).toEqual([1, 2]);
  });

  it('refuses a path outside .playground/, a relative path and a file naming another file, and deletes none of them', async () => {
    host = await TestHost.start();
    await host.hello;
    const outside = join(host.workdir, 'secret.json');
    writeFileSync(outside, JSON.stringify({ type: 'ping', n: 1 }));
    const inbox = join(host.workdir, INBOX_DIR);
    mkdirSync(inbox, { recursive: true });
    const inner = join(inbox, 'inner.json');
    writeFileSync(inner, JSON.stringify({ type: 'ping', n: 2 }));
    const nested = join(inbox, 'nested.json');
    writeFileSync(nested, JSON.stringify({ type: 'file', path: inner }));
    for (const path of [outside, join(inbox, '..', 'secret.json'), 'secret.json', nested]) {
      host.child.stdin.write(JSON.stringify({ type: 'file', path }) + '\n');
    }
    expect(await host.client.ping()).toBeGreaterThanOrEqual(0); // every line before it has been handled
    expect(host.protocolErrors).toEqual([
      expect.stringMatching(/must name a file in \.playground\//),
      expect.stringMatching(/must name a file in \.playground\//),
      expect.stringMatching(/needs an absolute path/),
      'A file message may not name another file.',
    ]);
    expect(existsSync(outside)).toBe(true);
    expect(existsSync(inner)).toBe(true);
  });

  it('a missing file is a protocol error and the harness goes on', async () => {
    host = await TestHost.start();
    await host.hello;
    host.child.stdin.write(JSON.stringify({ type: 'file', path: join(host.workdir, INBOX_DIR, 'gone.json') }) + '\n');
    expect(await host.client.ping()).toBeGreaterThanOrEqual(0);
    expect(host.protocolErrors).toEqual([expect.stringMatching(/ENOENT/)]);
  });
});

describe('exit', () => {
  it('the harness exits with code 0 at once when asked (the host then needs no teardown)', async () => {
    host = await TestHost.start();
    await host.hello;
    const exited = new Promise<number | null>((resolve) => host.child.once('exit', resolve));
    const t0 = performance.now();
    host.child.stdin.write('{"type":"exit"}\n');
    expect(await exited).toBe(0);
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});
