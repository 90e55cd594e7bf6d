// What WebContainerHost checks in a fresh container before its first harness starts, because none of it is verified
// against a real WebContainer here: the Node version, whether node accepts `--max-old-space-size` (and the heap limit
// then reflects it), and whether an HTTP server on 127.0.0.1 gets a working port from `listen(0)`.
import type { Container } from './webcontainer-api';
import { PLAIN_OUTPUT_ENV, settle, TERMINAL_SIZE } from './webcontainer-spawn';
import { readOutput, TerminalText } from './webcontainer-terminal';

export interface ProbeResult {
  /** `process.version` inside the container; null when no probe ran to the end. */
  nodeVersion: string | null;
  /** `applied`: the heap limit follows the flag; `ignored`: accepted, limit unchanged; `refused`: node would not start. */
  memoryLimit: 'applied' | 'ignored' | 'refused' | 'unknown';
  /** `listen(0)` gave a port that answers a connection. */
  listenZero: boolean | null;
  /** Why a check failed, for the host's reason text. */
  notes: string[];
}

/** The probe's one result line starts with this. */
export const PROBE_MARK = 'PGPROBE:';
export const PROBE_FILE = '.playground/probe.cjs';
/** The heap the probe asks for: a limit far below any default, so whether it took effect is plain to see. */
export const PROBE_MEMORY_MB = 256;
const PROBE_TIMEOUT_MS = 10_000;

/** CommonJS, no imports but Node's own: it runs before any project exists. */
export const PROBE_SCRIPT = `'use strict';
const http = require('http');
const net = require('net');
const v8 = require('v8');
let done = false;
function report(listenZero, why) {
  if (done) return;
  done = true;
  const heapLimitMb = Math.round(v8.getHeapStatistics().heap_size_limit / 1048576);
  process.stdout.write('\\n${PROBE_MARK}' + JSON.stringify({ node: process.version, heapLimitMb, listenZero, why }) + '\\n', () => process.exit(0));
}
const server = http.createServer();
server.on('error', (error) => report(false, 'listen(0) failed: ' + error.message));
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = address && typeof address === 'object' ? address.port : 0;
  if (!port) return report(false, 'listen(0) gave no port');
  const socket = net.connect(port, '127.0.0.1');
  socket.on('connect', () => report(true));
  socket.on('error', (error) => report(false, 'the port from listen(0) refused a connection: ' + error.message));
});
setTimeout(() => report(false, 'listen(0) did not answer within 3 s'), 3000);
`;

export interface ProbeLine {
  node: string;
  heapLimitMb: number;
  listenZero: boolean;
  why?: string;
}

/** Runs the probe once: its result line, or null when node exited (or hung) without one. */
async function runProbe(container: Container, args: string[]): Promise<ProbeLine | null> {
  const process = await container.spawn('node', [...args, PROBE_FILE], { env: { ...PLAIN_OUTPUT_ENV }, terminal: { ...TERMINAL_SIZE } });
  const terminal = new TerminalText();
  let text = '';
  const reading = readOutput(process.output, (chunk) => {
    text += terminal.push(chunk);
    if (text.length > 65_536) text = text.slice(-65_536);
  });
  await settle(process, reading, PROBE_TIMEOUT_MS);
  return parseProbeOutput(text + terminal.flush());
}

/** The probe's result line in its output (plain text, after TerminalText), or null. */
export function parseProbeOutput(text: string): ProbeLine | null {
  const line = text.split('\n').find((l) => l.startsWith(PROBE_MARK));
  if (!line) return null;
  try {
    const parsed = JSON.parse(line.slice(PROBE_MARK.length)) as ProbeLine;
    return typeof parsed.node === 'string' && typeof parsed.heapLimitMb === 'number' ? parsed : null;
  } catch {
    return null;
  }
}

/**
 * With the flag first; if node will not start with it, without. A probe that fails both ways leaves the defaults
 * (flag passed, `listen(0)` tried first: the harness still falls back to its fixed ports by itself).
 */
export async function probeContainer(container: Container, harnessDir: string, options: { memoryFlag: boolean }): Promise<ProbeResult> {
  const notes: string[] = [];
  try {
    await container.fs.mkdir(harnessDir, { recursive: true });
    await container.fs.writeFile(PROBE_FILE, PROBE_SCRIPT);
    let memoryLimit: ProbeResult['memoryLimit'] = 'unknown';
    let line: ProbeLine | null = null;
    if (options.memoryFlag) {
      line = await runProbe(container, [`--max-old-space-size=${PROBE_MEMORY_MB}`]);
      // The heap limit is the old space plus the young generation: well under twice the asked size when applied.
      if (line && !(line.heapLimitMb > 0)) notes.push('node here reports no heap limit (v8.getHeapStatistics)');
      else if (line) memoryLimit = line.heapLimitMb < PROBE_MEMORY_MB * 2 ? 'applied' : 'ignored';
    }
    if (!line) {
      line = await runProbe(container, []);
      if (line && options.memoryFlag) memoryLimit = 'refused';
    }
    if (!line) return { nodeVersion: null, memoryLimit: 'unknown', listenZero: null, notes: ['the boot check of node printed no result'] };
    if (line.why) notes.push(line.why);
    return { nodeVersion: line.node, memoryLimit, listenZero: line.listenZero, notes };
  } catch (error) {
    return { nodeVersion: null, memoryLimit: 'unknown', listenZero: null, notes: [`the boot check of node failed: ${error instanceof Error ? error.message : String(error)}`] };
  }
}
