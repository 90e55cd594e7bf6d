// The main-thread compiler proxy against a scripted worker: start-up, latest request wins, cache, failures.
import { describe, expect, it } from 'vitest';
import { Compiler, describeCompilerStatus, type CompilerStatus, type CompilerWorker } from '../../src/lib/compiler';
import type { CompileRequest, CompileResult, CompilerResponse } from '../../workers/protocol';

/** A worker the test drives: it records what the proxy posts and answers when told to. */
class ScriptedWorker extends EventTarget implements CompilerWorker {
  readonly posted: CompileRequest[] = [];
  terminated = false;

  postMessage(message: unknown): void {
    structuredClone(message); // what a real worker does: Svelte proxies and functions would throw here
    this.posted.push(message as CompileRequest);
  }

  terminate(): void {
    this.terminated = true;
  }

  send(message: CompilerResponse): void {
    this.dispatchEvent(new MessageEvent('message', { data: message }));
  }

  answer(request: CompileRequest, code = `// ${request.entry}`): void {
    this.send({ type: 'compiled', id: request.id, code, errors: [], warnings: [], bytes: 1, gzipBytes: 1, compileMs: 5 });
  }
}

function setup() {
  const worker = new ScriptedWorker();
  const compiler = new Compiler({ createWorker: () => worker });
  return { worker, compiler };
}

/** What a worker dispatches for an uncaught error (Node has no ErrorEvent). */
const errorEvent = (message: string) => Object.assign(new Event('error'), { message });

const files = { 'app/api/a/route.ts': 'export const GET = () => new Response("a")' };
const flush = () => new Promise((r) => setTimeout(r, 0));

describe('Compiler proxy', () => {
  it('resolves ready with the init time and reports loading → ready', async () => {
    const { worker, compiler } = setup();
    const seen: CompilerStatus[] = [];
    compiler.onStatus((s) => seen.push(s));
    worker.send({ type: 'ready', initMs: 512 });
    expect(await compiler.ready).toBe(512);
    expect(seen).toEqual([{ state: 'loading' }, { state: 'ready', initMs: 512 }]);
    expect(describeCompilerStatus(compiler.status)).toBe('esbuild ready (512 ms)');
  });

  it('rejects ready and pending compiles when esbuild cannot start', async () => {
    const { worker, compiler } = setup();
    const pending = compiler.compile(files, 'app/api/a/route.ts', 'edge');
    worker.send({ type: 'init-failed', message: 'WebAssembly.instantiate(): blocked by CSP' });
    await expect(compiler.ready).rejects.toThrow('blocked by CSP');
    await expect(pending).rejects.toThrow('The compiler is not available: WebAssembly.instantiate(): blocked by CSP');
    await expect(compiler.compile({ ...files, x: '' }, 'app/api/a/route.ts', 'edge')).rejects.toThrow('not available');
    expect(describeCompilerStatus(compiler.status)).toMatch(/^esbuild failed to start: /);
  });

  it('fails clearly when the worker script cannot load', async () => {
    const { worker, compiler } = setup();
    worker.dispatchEvent(new Event('error'));
    await expect(compiler.ready).rejects.toThrow('the compiler worker failed to load.');
  });

  it('lazy: no worker and status idle until start() or the first build, which starts it once', async () => {
    const workers: ScriptedWorker[] = [];
    const compiler = new Compiler({ lazy: true, createWorker: () => workers[workers.push(new ScriptedWorker()) - 1] });
    expect(workers).toHaveLength(0);
    expect(compiler.status).toEqual({ state: 'idle' });
    expect(describeCompilerStatus(compiler.status)).toBe('esbuild starts when a JavaScript file needs it');
    const built = compiler.compile(files, 'app/api/a/route.ts', 'edge');
    expect(workers).toHaveLength(1);
    expect(compiler.status).toEqual({ state: 'loading' });
    compiler.start();
    expect(workers).toHaveLength(1);
    workers[0].send({ type: 'ready', initMs: 7 });
    workers[0].answer(workers[0].posted[0]);
    expect((await built).code).toBe('// app/api/a/route.ts');
    const other = new Compiler({ lazy: true, createWorker: () => workers[workers.push(new ScriptedWorker()) - 1] });
    other.start();
    expect(workers).toHaveLength(2);
  });

  it('fails clearly where there are no Web Workers (Node)', async () => {
    const compiler = new Compiler();
    await expect(compiler.ready).rejects.toThrow('Web Workers are not available here.');
    await expect(compiler.compile(files, 'app/api/a/route.ts', 'edge')).rejects.toThrow('not available');
  });

  it('latest request wins per runtime: the older call rejects with AbortError, its late answer is ignored', async () => {
    const { worker, compiler } = setup();
    const first = compiler.compile(files, 'app/api/a/route.ts', 'edge');
    const other = compiler.compile(files, 'app/api/a/route.ts', 'nodejs');
    const second = compiler.compile({ ...files, 'lib/x.ts': '' }, 'app/api/a/route.ts', 'edge');
    const aborted = await first.catch((e: unknown) => e);
    expect(aborted).toBeInstanceOf(DOMException);
    expect(aborted).toMatchObject({ name: 'AbortError' });
    worker.answer(worker.posted[0], 'stale');
    worker.answer(worker.posted[2], 'fresh');
    worker.answer(worker.posted[1], 'node');
    expect((await second).code).toBe('fresh');
    expect((await other).code).toBe('node'); // another runtime is not superseded
  });

  it('builds under two Next.js profiles (a versions compare) are both answered, and each is cached for its own', async () => {
    const { worker, compiler } = setup();
    const NEXT_14 = { profile: '13.4–14.x', paramsPromise: false, requestGeo: true, dynamicCode: 'runtime' } as const;
    const NEXT_15 = { profile: '15.0–15.x', paramsPromise: true, requestGeo: false, dynamicCode: 'runtime' } as const;
    const a = compiler.compile(files, 'app/api/a/route.ts', 'edge', NEXT_14);
    const b = compiler.compile(files, 'app/api/a/route.ts', 'edge', NEXT_15);
    expect(worker.posted.map((r) => r.next?.profile)).toEqual(['13.4–14.x', '15.0–15.x']);
    worker.answer(worker.posted[1], '15');
    worker.answer(worker.posted[0], '14');
    expect([(await a).code, (await b).code]).toEqual(['14', '15']);
    expect((await compiler.compile(files, 'app/api/a/route.ts', 'edge', NEXT_14)).code).toBe('14');
    expect((await compiler.compile(files, 'app/api/a/route.ts', 'edge', NEXT_15)).code).toBe('15');
    expect(worker.posted).toHaveLength(2);
  });

  it('answers the same input as the last finished build from cache, without a round trip', async () => {
    const { worker, compiler } = setup();
    const p = compiler.compile(files, 'app/api/a/route.ts', 'edge');
    worker.answer(worker.posted[0]);
    const built: CompileResult = await p;
    const again = await compiler.compile({ ...files }, 'app/api/a/route.ts', 'edge');
    expect(worker.posted).toHaveLength(1);
    expect(again).toEqual({ ...built, compileMs: 0 });
    compiler.compile({ ...files }, 'app/api/b/route.ts', 'edge');
    compiler.compile({ 'app/api/a/route.ts': 'changed' }, 'app/api/a/route.ts', 'nodejs');
    expect(worker.posted).toHaveLength(3);
  });

  it('shares one pending build between identical calls instead of aborting it', async () => {
    const { worker, compiler } = setup();
    const a = compiler.compile(files, 'app/api/a/route.ts', 'edge');
    const b = compiler.compile({ ...files }, 'app/api/a/route.ts', 'edge');
    expect(worker.posted).toHaveLength(1);
    worker.answer(worker.posted[0]);
    expect(await a).toBe(await b);
  });

  it('posts plain copies of the files, never the caller\'s object', async () => {
    const { worker, compiler } = setup();
    const source = { ...files };
    compiler.compile(source, 'app/api/a/route.ts', 'edge');
    source['app/api/a/route.ts'] = 'edited after the call';
    await flush();
    expect(worker.posted[0].files).toEqual(files);
  });

  it('starts a fresh worker when esbuild dies after start-up, and builds again once it is ready', async () => {
    const workers: ScriptedWorker[] = [];
    const compiler = new Compiler({ createWorker: () => workers[workers.push(new ScriptedWorker()) - 1] });
    workers[0].send({ type: 'ready', initMs: 100 });
    await compiler.ready;
    const pending = compiler.compile(files, 'app/api/a/route.ts', 'edge');
    workers[0].dispatchEvent(errorEvent('Uncaught Error: The service was stopped'));
    await expect(pending).rejects.toThrow('The compiler stopped (Uncaught Error: The service was stopped); it is restarting.');
    expect(workers[0].terminated).toBe(true);
    expect(compiler.status).toEqual({ state: 'loading' });
    workers[1].send({ type: 'ready', initMs: 90 });
    const again = compiler.compile(files, 'app/api/a/route.ts', 'edge');
    workers[1].answer(workers[1].posted[0], 'rebuilt');
    expect((await again).code).toBe('rebuilt');
  });

  it('gives up after a few crashes in a row and says so', async () => {
    const workers: ScriptedWorker[] = [];
    const compiler = new Compiler({ createWorker: () => workers[workers.push(new ScriptedWorker()) - 1] });
    for (let i = 0; i < 4; i++) {
      workers[i].send({ type: 'ready', initMs: 1 });
      workers[i].dispatchEvent(errorEvent('boom'));
    }
    expect(workers).toHaveLength(4);
    expect(compiler.status).toEqual({ state: 'failed', message: 'the compiler stopped: boom' });
  });

  it('dispose terminates the worker and rejects what is pending', async () => {
    const { worker, compiler } = setup();
    const p = compiler.compile(files, 'app/api/a/route.ts', 'edge');
    compiler.dispose();
    expect(worker.terminated).toBe(true);
    await expect(p).rejects.toThrow('the compiler was stopped.');
  });
});

describe('Compiler prefetch (the embed API builds a loaded project before its run asks)', () => {
  it('the run that asks next joins the build and gets its real compileMs; a repeat gets the cache hit 0', async () => {
    const { worker, compiler } = setup();
    worker.send({ type: 'ready', initMs: 1 });
    compiler.prefetch(files, 'app/api/a/route.ts', 'edge');
    expect(worker.posted).toHaveLength(1);
    const joined = compiler.compile(files, 'app/api/a/route.ts', 'edge');
    expect(worker.posted).toHaveLength(1); // no second build
    worker.answer(worker.posted[0]);
    expect((await joined).compileMs).toBe(5);
    expect((await compiler.compile(files, 'app/api/a/route.ts', 'edge')).compileMs).toBe(0);
  });

  it('a run that asks after the prefetched build finished still gets its real compileMs, once', async () => {
    const { worker, compiler } = setup();
    worker.send({ type: 'ready', initMs: 1 });
    compiler.prefetch(files, 'app/api/a/route.ts', 'edge');
    worker.answer(worker.posted[0]);
    await flush();
    expect((await compiler.compile(files, 'app/api/a/route.ts', 'edge')).compileMs).toBe(5);
    expect((await compiler.compile(files, 'app/api/a/route.ts', 'edge')).compileMs).toBe(0);
    expect(worker.posted).toHaveLength(1);
  });

  it('never supersedes a build that a run waits for', async () => {
    const { worker, compiler } = setup();
    worker.send({ type: 'ready', initMs: 1 });
    const running = compiler.compile(files, 'app/api/a/route.ts', 'edge');
    compiler.prefetch({ ...files, 'app/api/a/route.ts': 'export const GET = () => new Response("b")' }, 'app/api/a/route.ts', 'edge');
    expect(worker.posted).toHaveLength(1);
    worker.answer(worker.posted[0]);
    expect((await running).code).toBe('// app/api/a/route.ts');
  });
});
