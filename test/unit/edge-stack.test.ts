// Error stacks from the edge worker name blob: positions; they are mapped back to the user's files.
import { transform } from 'esbuild';
import * as esbuildWasm from 'esbuild-wasm';
import { generatedPositionFor } from '@jridgewell/trace-mapping';
import polyfills from 'virtual:edge-polyfills';
import builtins from 'virtual:node-builtins';
import { describe, expect, it, vi } from 'vitest';
import type { RunEvent } from '../../workers/protocol';
import { EventQueue } from '../../workers/shared/event-queue';
import { StackMapper, inlineSourceMap, mapStack } from '../../src/lib/runtimes/stack';
import { ProjectBuilder } from '../../workers/compiler/builder';

const SOURCE = [
  'export function GET(): Response {', // 1
  '  return fail();', //                    2
  '}', //                                   3
  'function fail(): never {', //            4
  "  throw new Error('boom');", //          5
  '}', //                                   6
].join('\n');

async function bundle() {
  const { code } = await transform(SOURCE, { loader: 'ts', format: 'esm', sourcemap: 'inline', sourcefile: 'app/api/boom/route.ts' });
  return code;
}

/** The blob: frame V8 would print for an original position (1-based line and column). */
function frame(code: string, name: string, line: number, column: number, source = 'app/api/boom/route.ts'): string {
  const map = inlineSourceMap(code)!;
  const g = generatedPositionFor(map, { source, line, column: column - 1 });
  return `    at ${name} (blob:null/0c9e8a6d-1d2e-4c6f-9b1a-2f3e4d5c6b7a:${g.line}:${g.column! + 1})`;
}

describe('stack mapping', () => {
  it('maps blob: frames to the source file, line and column', async () => {
    const code = await bundle();
    const stack = ['Error: boom', frame(code, 'fail', 5, 9), frame(code, 'GET', 2, 10)].join('\n');
    expect(new StackMapper(code).map(stack)).toBe(
      ['Error: boom', '    at fail (app/api/boom/route.ts:5:9)', '    at GET (app/api/boom/route.ts:2:10)'].join('\n'),
    );
  });

  it('leaves other frames, unmappable positions and code without a map alone', async () => {
    const code = await bundle();
    const text = 'Error: x\n    at blob:null/abc:999:1\n    at native';
    expect(mapStack(text, code)).toBe(text);
    expect(mapStack('Error: y\n    at f (blob:null/abc:1:1)', 'export {}')).toBe('Error: y\n    at f (blob:null/abc:1:1)');
  });

  it('finds the inline map even when the bundle is large', async () => {
    const code = '/*' + 'x'.repeat(2_000_000) + '*/\n' + (await bundle());
    expect(inlineSourceMap(code)).not.toBeNull();
  });

  it("maps the compiler's own edge bundles (source names are the project paths)", async () => {
    await esbuildWasm.initialize({});
    const builder = new ProjectBuilder(esbuildWasm, { polyfills, builtins });
    try {
      const files = { 'app/api/hello/route.ts': "import { helper } from '../../../lib/helper';\nexport function GET() {\n  return helper();\n}\n", 'lib/helper.ts': "export function helper(): Response {\n  throw new Error('deep');\n}\n" };
      const { code } = await builder.build(files, 'app/api/hello/route.ts', 'edge');
      const stack = ['Error: deep', frame(code!, 'helper', 2, 9, 'lib/helper.ts'), frame(code!, 'GET', 3, 10, 'app/api/hello/route.ts')].join('\n');
      expect(mapStack(stack, code!)).toBe('Error: deep\n    at helper (lib/helper.ts:2:9)\n    at GET (app/api/hello/route.ts:3:10)');
    } finally {
      builder.dispose();
    }
  }, 60_000);
});

describe('mapped events (the mapper is a chunk the first edge run loads)', () => {
  it('an event that needs the mapper before it has loaded waits, and the run\'s later events and close keep their order', async () => {
    // A fresh module graph: the mapper is not loaded yet, as on a page's first edge run.
    vi.resetModules();
    const { MappedEvents } = await import('../../src/lib/runtimes/mapped-events');
    const code = await bundle();
    const queue = new EventQueue<RunEvent>();
    const events = new MappedEvents(queue, code);
    events.push({ type: 'head', status: 500, statusText: 'Internal Server Error', headers: [], t: 0 });
    events.push({ type: 'log', level: 'error', text: ['Error: boom', frame(code, 'fail', 5, 9)].join('\n'), t: 1 });
    events.push({ type: 'chunk', bytes: new Uint8Array([104, 105]), t: 2 });
    events.push({ type: 'error', code: 'E', message: 'boom', stack: ['Error: boom', frame(code, 'GET', 2, 10)].join('\n'), t: 3 });
    events.push({ type: 'end', timings: { totalMs: 4 } } as RunEvent);
    events.close();
    const seen: RunEvent[] = [];
    for await (const event of queue) seen.push(event);
    expect(seen.map((e) => e.type)).toEqual(['head', 'log', 'chunk', 'error', 'end']);
    expect(seen[1]).toMatchObject({ text: 'Error: boom\n    at fail (app/api/boom/route.ts:5:9)' });
    expect(seen[3]).toMatchObject({ stack: 'Error: boom\n    at GET (app/api/boom/route.ts:2:10)' });
    // Loaded now: the next run's events pass straight through, mapped.
    const next = new EventQueue<RunEvent>();
    new MappedEvents(next, code).push({ type: 'log', level: 'log', text: frame(code, 'GET', 2, 10), t: 0 });
    next.close();
    for await (const event of next) expect(event).toMatchObject({ text: '    at GET (app/api/boom/route.ts:2:10)' });
  });
});
