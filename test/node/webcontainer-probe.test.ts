// The WebContainer host's boot probe script under real node (the host runs it inside the container; here it runs on
// this machine): the result line it prints, the heap limit that shows whether `--max-old-space-size` took effect, and
// `listen(0)` found broken when it is. The host's decisions from these results are tested in test/unit.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROBE_MEMORY_MB, PROBE_SCRIPT, parseProbeOutput } from '../../src/lib/runtimes/hosts/webcontainer-probe';

const dir = mkdtempSync(join(tmpdir(), 'pg-probe-'));
const script = join(dir, 'probe.cjs');
writeFileSync(script, PROBE_SCRIPT);
const breakListen = join(dir, 'listen-0-fails.cjs');
writeFileSync(
  breakListen,
  `const net = require('net');
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (port, ...rest) {
  if (port !== 0) return listen.call(this, port, ...rest);
  process.nextTick(() => this.emit('error', new Error('listen EADDRNOTAVAIL')));
  return this;
};`,
);

function probe(args: string[]) {
  const run = spawnSync(process.execPath, [...args, script], { encoding: 'utf8', timeout: 10_000 });
  return { status: run.status, result: parseProbeOutput(run.stdout) };
}

describe('WebContainer boot probe script', () => {
  it('reports the node version, a working listen(0), and a heap limit that follows --max-old-space-size', () => {
    const withFlag = probe([`--max-old-space-size=${PROBE_MEMORY_MB}`]);
    expect(withFlag.status).toBe(0);
    expect(withFlag.result).toMatchObject({ node: process.version, listenZero: true });
    // The host's rule for "applied": under twice the asked size.
    expect(withFlag.result!.heapLimitMb).toBeGreaterThanOrEqual(PROBE_MEMORY_MB);
    expect(withFlag.result!.heapLimitMb).toBeLessThan(PROBE_MEMORY_MB * 2);
    const without = probe([]);
    expect(without.result!.heapLimitMb).toBeGreaterThan(PROBE_MEMORY_MB * 2);
  });

  it('reports listen(0) broken, with why, when it fails', () => {
    const { result } = probe(['--require', breakListen]);
    expect(result).toMatchObject({ listenZero: false, why: 'listen(0) failed: listen EADDRNOTAVAIL' });
  });

  it('a node that refuses the flag prints no result line (the host then probes without it)', () => {
    expect(probe(['--no-such-node-flag']).result).toBeNull();
  });
});
