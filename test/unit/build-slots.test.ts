// Two routes run in turn keep a build each: the compiler's contexts (worker) and its last results (page) are kept by
// lane and entry, so switching between files neither starts esbuild's context afresh nor misses the page's cache.
import * as esbuild from 'esbuild-wasm';
import polyfills from 'virtual:edge-polyfills';
import builtins from 'virtual:node-builtins';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Compiler, type CompilerWorker } from '../../src/lib/compiler';
import type { CompileRequest, CompilerResponse } from '../../workers/protocol';
import { ProjectBuilder } from '../../workers/compiler/builder';
import { MAX_BUILDS } from '../../workers/compiler/lane';

const route = (name: string) => `export const runtime = 'edge';\nexport function GET() { return new Response('${name}'); }\n`;
const files = { 'app/api/a/route.ts': route('a'), 'app/api/b/route.ts': route('b') };

describe('builds kept by lane and entry', () => {
  let contexts = 0;
  let builder: ProjectBuilder;
  beforeAll(async () => {
    await esbuild.initialize({});
    const counted = { ...esbuild, context: ((...args: Parameters<typeof esbuild.context>) => (contexts++, esbuild.context(...args))) as typeof esbuild.context };
    builder = new ProjectBuilder(counted, { polyfills, builtins });
  }, 60_000);
  afterAll(() => builder?.dispose());

  it('the worker: two entries built in turn make one context each, and each rebuild is of its own entry', async () => {
    for (let i = 0; i < 3; i++) {
      expect((await builder.build(files, 'app/api/a/route.ts', 'edge')).code).toContain('Response("a")');
      expect((await builder.build(files, 'app/api/b/route.ts', 'edge')).code).toContain('Response("b")');
    }
    expect(contexts).toBe(2);
    // Past MAX_BUILDS entries the oldest unused goes: building it again makes a context again.
    const many = Object.fromEntries(Array.from({ length: MAX_BUILDS }, (_, i) => [`app/api/r${i}/route.ts`, route(`r${i}`)]));
    for (const entry of Object.keys(many)) await builder.build({ ...files, ...many }, entry, 'edge');
    expect(contexts).toBe(2 + MAX_BUILDS);
    await builder.build(files, 'app/api/a/route.ts', 'edge');
    expect(contexts).toBe(3 + MAX_BUILDS);
  }, 60_000);

  it('the page: the last build of each entry answers from cache when that entry runs again', async () => {
    const posted: CompileRequest[] = [];
    const worker = Object.assign(new EventTarget(), {
      postMessage: (m: unknown) => posted.push(m as CompileRequest),
      terminate() {},
    }) as unknown as CompilerWorker & EventTarget;
    const answer = (request: CompileRequest) => {
      const message: CompilerResponse = { type: 'compiled', id: request.id, code: `// ${request.entry}`, errors: [], warnings: [], bytes: 1, gzipBytes: 1, compileMs: 5 };
      worker.dispatchEvent(new MessageEvent('message', { data: message }));
    };
    const compiler = new Compiler({ createWorker: () => worker });
    for (const entry of ['app/api/a/route.ts', 'app/api/b/route.ts']) {
      const built = compiler.compile(files, entry, 'edge');
      answer(posted.at(-1)!);
      await built;
    }
    for (let i = 0; i < 3; i++) {
      expect((await compiler.compile(files, 'app/api/a/route.ts', 'edge')).code).toBe('// app/api/a/route.ts');
      expect((await compiler.compile(files, 'app/api/b/route.ts', 'edge')).code).toBe('// app/api/b/route.ts');
    }
    expect(posted).toHaveLength(2);
  });
});
