// The compiler worker of the production build in real Chromium: starts from our origin, builds, reports errors, is fast.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompileRequest, CompileResult, CompilerResponse, Files } from '../../workers/protocol';
import { baseUrl, openPage } from './harness';

// The build global-setup served (E2E_OUT_DIR when set, as there).
const assets = process.env.E2E_OUT_DIR ? join(process.env.E2E_OUT_DIR, 'assets') : fileURLToPath(new URL('../../dist/assets/', import.meta.url));
const ROUTE = 'app/api/hello/route.ts';

/** The worker chunk is the one script that references esbuild's wasm (its name is hashed, so look it up). */
function compilerWorkerPath(): string {
  const file = readdirSync(assets).find(
    (name) => name.endsWith('.js') && /esbuild-[\w-]+\.wasm/.test(readFileSync(join(assets, name), 'utf8')),
  );
  if (!file) throw new Error('No compiler worker in dist/assets: does the page still import src/lib/compiler.ts?');
  return `/assets/${file}`;
}

type Ready = Extract<CompilerResponse, { type: 'ready' | 'init-failed' }>;

let page: Page & { errors: string[] };
let workerPath: string;
const requests: string[] = [];
let ready: Ready & { pageMs: number };

beforeAll(async () => {
  workerPath = compilerWorkerPath();
  // The worker script itself is the document: same origin, the worker CSP, and no app starting a compiler of its own
  // (which would share the two cores and blur the start-up time).
  page = await openPage(workerPath);
  page.context().on('request', (r) => requests.push(r.url()));
  ready = await page.evaluate((path) => {
    const start = performance.now();
    const worker = new Worker(path, { type: 'module' });
    const answers = new Map<number, (r: CompileResult) => void>();
    const g = globalThis as unknown as { compiler: unknown; answered: number[] };
    g.answered = [];
    const started = new Promise<Ready & { pageMs: number }>((resolve) => {
      worker.addEventListener('error', (e) => resolve({ type: 'init-failed', message: e.message || 'load error', pageMs: 0 }));
      worker.addEventListener('message', (e: MessageEvent<CompilerResponse>) => {
        const m = e.data;
        if (m.type === 'compiled') {
          g.answered.push(m.id);
          answers.get(m.id)?.(m);
        } else resolve({ ...m, pageMs: performance.now() - start });
      });
    });
    let id = 0;
    g.compiler = {
      worker,
      compile(files: Files, entry: string, runtime: 'edge' | 'nodejs' = 'edge'): Promise<CompileResult> {
        const request: CompileRequest = { type: 'compile', id: ++id, files, entry, runtime };
        worker.postMessage(request);
        return new Promise((resolve) => answers.set(request.id, resolve));
      },
    };
    return started;
  }, workerPath);
  // Given as a string so vitest leaves this import() alone (it rewrites the ones in test code for Node).
  await page.evaluate('globalThis.importUrl = (url) => import(url)');
}, 60_000);

afterAll(async () => {
  await page?.context().close();
});

/** Compiles in the page; with `run`, imports the bundle from a blob: URL and returns what GET answers. */
function compile(files: Files, run = false): Promise<CompileResult & { body?: string; thrown?: string }> {
  return page.evaluate(
    async ({ files, entry, run }) => {
      const { compiler } = globalThis as unknown as {
        compiler: { compile(files: Files, entry: string): Promise<CompileResult> };
      };
      const result = await compiler.compile(files, entry);
      if (!run || !result.code) return result;
      const url = URL.createObjectURL(new Blob([result.code], { type: 'text/javascript' }));
      const mod = await (globalThis as unknown as { importUrl(url: string): Promise<any> }).importUrl(url);
      try {
        return { ...result, body: await (await mod.GET(new Request('http://localhost/api/hello'))).text() };
      } catch (e) {
        return { ...result, thrown: (e as Error).message };
      }
    },
    { files, entry: ROUTE, run },
  );
}

describe('compiler worker in Chromium (production build)', () => {
  it('starts esbuild-wasm with the wasm file from our own origin', () => {
    expect(ready.type, ready.type === 'init-failed' ? ready.message : '').toBe('ready');
    const wasm = requests.filter((url) => url.endsWith('.wasm'));
    expect(wasm).toHaveLength(1);
    expect(new URL(wasm[0]).origin).toBe(baseUrl());
    expect(new URL(wasm[0]).pathname).toMatch(/^\/assets\/esbuild-[\w-]+\.wasm$/);
    if (ready.type === 'ready') {
      console.log(`compiler init (initialize + throwaway build): ${ready.initMs.toFixed(0)} ms in the worker, ` +
        `${ready.pageMs.toFixed(0)} ms from new Worker() to ready`);
    }
  });

  it('says why when esbuild.wasm cannot be loaded, and answers builds with that reason', async () => {
    const failing = await openPage(workerPath);
    await failing.context().route('**/*.wasm', (route) => route.abort());
    const [start, answer] = await failing.evaluate((path) => {
      const worker = new Worker(path, { type: 'module' });
      const messages: CompilerResponse[] = [];
      worker.postMessage({ type: 'compile', id: 1, files: { 'a.ts': '' }, entry: 'a.ts', runtime: 'edge' } satisfies CompileRequest);
      return new Promise<CompilerResponse[]>((resolve) => {
        worker.onmessage = (e: MessageEvent<CompilerResponse>) => {
          messages.push(e.data);
          if (messages.length === 2) resolve(messages);
        };
      });
    }, workerPath);
    await failing.context().close();
    expect(start.type).toBe('init-failed');
    const reason = start.type === 'init-failed' ? start.message : '';
    expect(reason).toMatch(/fetch/i);
    expect(answer).toMatchObject({ type: 'compiled', id: 1, code: null });
    expect(answer.type === 'compiled' && answer.errors[0].text).toBe(`esbuild could not start: ${reason}`);
  });

  it('compiles an edge handler with a relative import and a polyfill, and the bundle runs', async () => {
    const result = await compile(
      {
        [ROUTE]: "import { Buffer } from 'node:buffer';\nimport { greet } from './greet';\nexport function GET() {\n  return new Response(greet(Buffer.from('Ada').toString('hex')));\n}\n",
        'app/api/hello/greet.ts': 'export const greet = (name: string): string => `hello ${name}`;\n',
      },
      true,
    );
    expect(result.errors).toEqual([]);
    expect(result.body).toBe('hello 416461');
    expect(result.bytes).toBeGreaterThan(1000);
    expect(result.gzipBytes).toBeGreaterThan(100);
    expect(result.gzipBytes).toBeLessThan(result.bytes);
  });

  it('reports a syntax error at the right file, line and column', async () => {
    const result = await compile({ [ROUTE]: "export const runtime = 'edge';\n\nexport function GET() {\n  return new Response('a';\n}\n" });
    expect(result.code).toBeNull();
    expect(result.errors).toEqual([{ file: ROUTE, line: 4, column: 25, text: 'Expected ")" but found ";"' }]);
  });

  it('D08/D09: an fs import warns at its line, and using it throws the Next.js message', async () => {
    const result = await compile(
      { [ROUTE]: "export const runtime = 'edge';\nimport fs from 'fs';\nexport const GET = () => new Response(fs.readFileSync('/x'));\n" },
      true,
    );
    expect(result.warnings.map((w) => [w.line, w.text.split('\n')[0]])).toEqual([
      [2, "A Node.js module is loaded ('fs' at line 2) which is not supported in the Edge Runtime."],
    ]);
    expect(result.thrown).toBe(
      "The edge runtime does not support Node.js 'fs' module.\nLearn More: https://nextjs.org/docs/messages/node-module-in-edge-runtime",
    );
  });

  it('latest request wins: a request overtaken while another build runs gets no answer', async () => {
    const answered = await page.evaluate(async (entry) => {
      const g = globalThis as unknown as { compiler: { compile(f: Files, e: string): Promise<CompileResult> }; answered: number[] };
      g.answered = [];
      const build = (n: number) => g.compiler.compile({ [entry]: `export const GET = () => new Response('${n}');` }, entry);
      void build(1); // starts at once
      void build(2); // waits, then is replaced by 3
      await build(3);
      await new Promise((r) => setTimeout(r, 200));
      return g.answered;
    }, ROUTE);
    expect(answered).toHaveLength(2);
    expect(answered[1] - answered[0]).toBe(2); // the first and the third; the second was dropped
  });

  it('rebuilds a small handler quickly once warm (median of 20, logged)', async () => {
    const times: { roundTrip: number; compileMs: number }[] = await page.evaluate(async (entry) => {
      const { compiler } = globalThis as unknown as { compiler: { compile(f: Files, e: string): Promise<CompileResult> } };
      const files = (n: number) => ({
        [entry]: `import { greet } from './greet';\nexport function GET(req: Request) {\n  return new Response(greet('${n}') + new URL(req.url).pathname);\n}\n`,
        'app/api/hello/greet.ts': 'export const greet = (name: string): string => `hello ${name}`;\n',
      });
      await compiler.compile(files(-1), entry); // same entry: the context is warm from here on
      const out = [];
      for (let i = 0; i < 21; i++) {
        const start = performance.now();
        const result = await compiler.compile(files(i), entry);
        out.push({ roundTrip: performance.now() - start, compileMs: result.compileMs });
      }
      return out;
    }, ROUTE);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const roundTrip = median(times.map((t) => t.roundTrip));
    const inWorker = median(times.map((t) => t.compileMs));
    console.log(`warm rebuild: median ${inWorker.toFixed(1)} ms in the worker, ${roundTrip.toFixed(1)} ms round trip (n=${times.length})`);
    expect(roundTrip).toBeLessThan(1000); // a generous bound: this checks "incremental and warm", not the exact number
    expect(page.errors).toEqual([]);
  });
});
