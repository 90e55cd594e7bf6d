// Error stacks from the edge worker name blob: positions; they are mapped back to the user's files.
import { transform } from 'esbuild';
import { generatedPositionFor } from '@jridgewell/trace-mapping';
import { describe, expect, it } from 'vitest';
import { StackMapper, inlineSourceMap, mapStack } from '../../src/lib/runtimes/stack';

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
function frame(code: string, name: string, line: number, column: number): string {
  const map = inlineSourceMap(code)!;
  const g = generatedPositionFor(map, { source: 'app/api/boom/route.ts', line, column: column - 1 });
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
});
