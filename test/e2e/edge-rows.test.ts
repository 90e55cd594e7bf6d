// The edge rows of runtime-spec.md §7.1–§7.4, through the embed API, in real Chromium against the production build.
import { EDGE_GLOBALS_SECTION_5 } from './edge-globals';
import { beforeAll, describe, expect, it } from 'vitest';
import { openEmbed, type EmbedClient } from './embed-client';

const ROUTE = 'app/api/probe/route.ts';
let embed: EmbedClient;

beforeAll(async () => {
  // nodeHost=local: R01's Node.js run goes straight to local node (no WebContainer boot attempt).
  embed = await openEmbed('/?embed&nodeHost=local');
});

/** Runs `body` as the body of an edge GET route handler and returns the first result. */
function edgeGet(body: string, request = {}, options = {}) {
  return embed.runFile(ROUTE, `export const runtime = 'edge';\nexport async function GET(request: Request) {\n${body}\n}\n`, request, options);
}

/** Evaluates `expr` inside the handler and returns its JSON-serialised value. */
async function probe(expr: string): Promise<any> {
  const r = await edgeGet(`return Response.json(${expr});`);
  expect(r.status, JSON.stringify(r.error)).toBe(200);
  return JSON.parse(r.body);
}

const typeofAll = (names: string[]) => `Object.fromEntries(${JSON.stringify(names)}.map((n) => [n, typeof (globalThis as any)[n]]))`;

const allowList = EDGE_GLOBALS_SECTION_5;

describe('§7.1 globals', () => {
  it('G01: fetch, Request, Response, Headers, FormData, File, Blob, URL, URLSearchParams are functions', async () => {
    const names = ['fetch', 'Request', 'Response', 'Headers', 'FormData', 'File', 'Blob', 'URL', 'URLSearchParams'];
    expect(await probe(typeofAll(names))).toEqual(Object.fromEntries(names.map((n) => [n, 'function'])));
  });

  it('G02, G03: URLPattern and WebSocket are functions', async () => {
    expect(await probe(typeofAll(['URLPattern', 'WebSocket']))).toEqual({ URLPattern: 'function', WebSocket: 'function' });
  });

  it('G04, G05: encoding and stream classes are functions', async () => {
    const names = ['TextEncoder', 'TextDecoder', 'atob', 'btoa', 'TextEncoderStream', 'TextDecoderStream', 'ReadableStream',
      'WritableStream', 'TransformStream', 'ReadableStreamDefaultReader', 'ReadableStreamBYOBReader', 'WritableStreamDefaultWriter'];
    expect(await probe(typeofAll(names))).toEqual(Object.fromEntries(names.map((n) => [n, 'function'])));
  });

  it("G06: stream controllers, queuing strategies and CompressionStream are Next's throwing stubs in a Next.js route, undefined in a plain Vercel edge function", async () => {
    const names = ['ReadableByteStreamController', 'ByteLengthQueuingStrategy', 'CountQueuingStrategy', 'CompressionStream'];
    expect(await probe(typeofAll(names))).toEqual(Object.fromEntries(names.map((n) => [n, 'function'])));
    const plain = await embed.runFile('api/probe.ts', `export const config = { runtime: 'edge' };\nexport default () => Response.json(${typeofAll(names)});\n`);
    expect(JSON.parse(plain.body)).toEqual(Object.fromEntries(names.map((n) => [n, 'undefined'])));
  });

  it('G07: crypto.randomUUID and crypto.subtle.digest work', async () => {
    const r = await probe(`{ uuid: crypto.randomUUID(), digest: [...new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode('x')))].length }`);
    expect(r.uuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.digest).toBe(32);
  });

  it('G08, G09: structuredClone, AbortController, DOMException, timers are functions; performance is an object', async () => {
    const names = ['structuredClone', 'AbortController', 'AbortSignal', 'DOMException', 'queueMicrotask', 'setTimeout', 'setInterval', 'clearTimeout', 'clearInterval'];
    expect(await probe(typeofAll([...names, 'performance']))).toEqual({ ...Object.fromEntries(names.map((n) => [n, 'function'])), performance: 'object' });
  });

  it('G10, G11: EdgeRuntime is a string and not enumerable', async () => {
    expect(await probe(`{ type: typeof EdgeRuntime, value: EdgeRuntime, listed: Object.keys(globalThis).includes('EdgeRuntime') }`)).toEqual({
      type: 'string',
      value: 'edge-runtime',
      listed: false,
    });
  });

  it('G12: every own global name is on the edge allow-list (edge-globals.txt §5)', async () => {
    const names: string[] = await probe('Object.getOwnPropertyNames(globalThis)');
    // `process` is the Next.js polyfill (G13); TEMPORARY/PERSISTENT are non-configurable in Chromium and cannot be
    // deleted. The rest are ECMAScript globals newer than the V8 of Node 20 that the list was measured on: language,
    // not platform, so they stay.
    const allowed = ['process', 'TEMPORARY', 'PERSISTENT', 'SuppressedError', 'Float16Array', 'Iterator', 'DisposableStack', 'AsyncDisposableStack', 'Temporal'];
    const extra = names.filter((n) => !allowList.includes(n) && !allowed.includes(n));
    expect(extra).toEqual([]);
  });

  it('G13, G14, G15: process is { env } with NEXT_RUNTIME edge; enumeration shows only NEXT_RUNTIME; env vars read directly', async () => {
    await embed.load({ [ROUTE]: `export const runtime = 'edge';\nexport function GET() { return Response.json({ type: typeof process, runtime: process.env.NEXT_RUNTIME, keys: Object.keys(process.env), secret: process.env.SECRET }); }` }, { env: { SECRET: 's3' } });
    const [r] = await embed.run(ROUTE, { method: 'GET', url: '/api/probe' });
    expect(JSON.parse(r.body)).toEqual({ type: 'object', runtime: 'edge', keys: ['NEXT_RUNTIME'], secret: 's3' });
  });

  it('G16: process.cwd() throws the Next.js message', async () => {
    const r = await edgeGet(`try { process.cwd(); return new Response('no throw'); } catch (e) { return new Response((e as Error).message); }`);
    expect(r.body).toBe('A Node.js API is used (process.cwd) which is not supported in the Edge Runtime.\nLearn more: https://nextjs.org/docs/api-reference/edge-runtime');
  });

  it("G17–G21 (runtime-spec-2026 §7): in a Next.js route process.version is undefined, Buffer is the ProvidePlugin's (not a global), setImmediate Next's stub, require Next's sandbox require", async () => {
    expect(await probe(`{ version: typeof process.version, free: typeof Buffer, ...${typeofAll(['Buffer', 'setImmediate', 'require', 'AsyncLocalStorage'])} }`)).toEqual({
      version: 'undefined',
      free: 'function',
      Buffer: 'undefined',
      setImmediate: 'function',
      require: 'function',
      AsyncLocalStorage: 'undefined',
    });
  });

  it('G13, G14, G18–G20: a plain Vercel edge function has no NEXT_RUNTIME, Buffer, setImmediate or require', async () => {
    const r = await embed.runFile('api/probe.ts', `export const config = { runtime: 'edge' };\nexport default () => Response.json({ runtime: process.env.NEXT_RUNTIME ?? null, buffer: typeof Buffer, ...${typeofAll(['setImmediate', 'require'])} });\n`);
    expect(JSON.parse(r.body)).toEqual({ runtime: null, buffer: 'undefined', setImmediate: 'undefined', require: 'undefined' });
  });

  it('G22: buffer, events, util and assert imports work, with and without node:', async () => {
    const src = `export const runtime = 'edge';
import { Buffer } from 'node:buffer';
import { EventEmitter } from 'events';
import { format } from 'util';
import assert from 'node:assert';
export function GET() {
  const e = new EventEmitter(); let got = '';
  e.on('x', (v: string) => (got = v)); e.emit('x', 'fired');
  assert.strictEqual(1, 1);
  let threw = false; try { assert.strictEqual(1, 2); } catch { threw = true; }
  return Response.json({ b64: Buffer.from('hi').toString('base64'), got, fmt: format('%s=%d', 'a', 1), threw });
}`;
    const r = await embed.runFile(ROUTE, src);
    expect(r.status, JSON.stringify(r.error)).toBe(200);
    expect(JSON.parse(r.body)).toEqual({ b64: 'aGk=', got: 'fired', fmt: 'a=1', threw: true });
  });

  it("G23: Worker-only globals are gone for user code (BroadcastChannel is Next's throwing stub in a Next.js route)", async () => {
    const names = ['importScripts', 'XMLHttpRequest', 'navigator', 'location', 'indexedDB', 'caches', 'BroadcastChannel', 'postMessage', 'close'];
    expect(await probe(typeofAll(names))).toEqual(Object.fromEntries(names.map((n) => [n, n === 'BroadcastChannel' ? 'function' : 'undefined'])));
  });

  it('G24: new TextEncoder().encode() is a Uint8Array', async () => {
    expect(await probe(`new TextEncoder().encode('x') instanceof Uint8Array`)).toBe(true);
  });

  it('G25: module state lives on between requests', async () => {
    await embed.load({ [ROUTE]: `export const runtime = 'edge';\nlet n = 0;\nexport function GET() { return new Response(String(++n)); }` });
    const bodies = [];
    for (let i = 0; i < 3; i++) bodies.push((await embed.run(ROUTE, { method: 'GET', url: '/api/probe' }))[0].body);
    expect(bodies).toEqual(['1', '2', '3']);
  });
});

describe('§7.2 code generation and Node built-ins', () => {
  const caught = (code: string) => `try { const v = ${code}; return Response.json({ ok: String(v) }); } catch (e) { return Response.json({ name: (e as Error).name, message: (e as Error).message }); }`;
  const indirect = 'const g = globalThis as any;';

  it('D01: eval at runtime throws EvalError', async () => {
    const r = await edgeGet(`${indirect} ${caught(`g['ev' + 'al']('1+1')`)}`);
    expect(JSON.parse(r.body)).toMatchObject({ name: 'EvalError' });
  });

  it('D02: new Function and every function constructor throw EvalError', async () => {
    for (const expr of [
      `new g['Func' + 'tion']('return 1')()`,
      `new ((function () {}).constructor as any)('return 1')()`,
      `new ((async function () {}).constructor as any)('return 1')`,
      `new ((function* () {}).constructor as any)('yield 1')`,
      `new ((async function* () {}).constructor as any)('yield 1')`,
    ]) {
      const r = await edgeGet(`${indirect} ${caught(expr)}`);
      expect(JSON.parse(r.body), expr).toMatchObject({ name: 'EvalError' });
    }
  });

  it('D03: eval in user code is the Next.js dynamic code build error', async () => {
    const r = await embed.runFile(ROUTE, `export const runtime = 'edge';\nexport function GET() {\n  return new Response(String(eval('1+1')));\n}\n`);
    expect(r.status).toBeNull();
    expect(r.error?.code).toBe('BUILD_FAILED');
    expect(r.build.errors[0]).toMatchObject({ file: ROUTE, line: 3 });
    expect(r.build.errors[0].text).toContain("Dynamic Code Evaluation (e. g. 'eval', 'new Function', 'WebAssembly.compile') not allowed in Edge Runtime");
  });

  // The smallest valid module: magic + version.
  const wasm = 'new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])';

  it('D05: WebAssembly.compile(bytes) rejects with CompileError', async () => {
    const r = await edgeGet(`const W = (globalThis as any)['WebAss' + 'embly']; try { await W['com' + 'pile'](${wasm}); return Response.json({}); } catch (e) { return Response.json({ name: (e as Error).name }); }`);
    expect(JSON.parse(r.body)).toEqual({ name: 'CompileError' });
  });

  it('D06: WebAssembly.instantiate(bytes) rejects with CompileError', async () => {
    const r = await edgeGet(`try { await WebAssembly.instantiate(${wasm}); return Response.json({}); } catch (e) { return Response.json({ name: (e as Error).name }); }`);
    expect(JSON.parse(r.body)).toEqual({ name: 'CompileError' });
  });

  it("D08: an unused import of 'fs' is a build warning only, and the request succeeds", async () => {
    // In a .ts file TypeScript elides an unused import before bundling (as SWC does in Next), so the row is a .js file.
    const file = 'app/api/probe/route.js';
    const r = await embed.runFile(file, `export const runtime = 'edge';\nimport fs from 'fs';\nexport function GET() { return new Response('ok'); }\n`);
    expect(r.status).toBe(200);
    expect(r.body).toBe('ok');
    expect(r.build.warnings.map((w) => w.text)).toContain(
      "A Node.js module is loaded ('fs' at line 2) which is not supported in the Edge Runtime.\nLearn More: https://nextjs.org/docs/messages/node-module-in-edge-runtime",
    );
    expect(r.build.warnings.find((w) => w.text.includes("'fs'"))).toMatchObject({ file, line: 2 });
  });

  it("D09: using fs on edge throws the Next.js message → 500 EDGE_FUNCTION_INVOCATION_FAILED", async () => {
    const r = await embed.runFile(ROUTE, `export const runtime = 'edge';\nimport fs from 'fs';\nexport function GET() {\n  return new Response(fs.readFileSync('/etc/hosts', 'utf8'));\n}\n`);
    expect(r.status).toBe(500);
    expect(r.error).toMatchObject({
      code: 'EDGE_FUNCTION_INVOCATION_FAILED',
      message: "The edge runtime does not support Node.js 'fs' module.\nLearn More: https://nextjs.org/docs/messages/node-module-in-edge-runtime",
    });
  });

  it("D10: import from 'node:fs' is a build error", async () => {
    const r = await embed.runFile(ROUTE, `export const runtime = 'edge';\nimport fs from 'node:fs';\nexport function GET() { return new Response(typeof fs); }\n`);
    expect(r.status).toBeNull();
    expect(r.error?.code).toBe('BUILD_FAILED');
    expect(r.build.errors[0].text).toContain('UnhandledSchemeError: Reading from "node:fs" is not handled by plugins (Unhandled scheme).');
  });

  it("D11: await import('fs') gives a proxy whose property access throws", async () => {
    const r = await edgeGet(`const fs: any = await import('fs'); try { fs.default.readFileSync('x'); return new Response('no'); } catch (e) { return new Response((e as Error).message); }`);
    expect(r.body).toContain("The edge runtime does not support Node.js 'fs' module.");
  });
});

describe('§7.3 runtime resolution through a run', () => {
  it('R02: the result says which runtime ran and why', async () => {
    const r = await edgeGet(`return new Response('x');`);
    expect(r.runtime).toBe('edge');
    expect(r.reason).toBe(`edge: export const runtime = 'edge' in ${ROUTE}:1`);
  });

  it('R01: a route with no runtime resolves to nodejs and runs there (never a silent edge run)', async () => {
    const r = await embed.runFile(ROUTE, `export function GET() { return new Response(typeof EdgeRuntime); }`);
    expect(r.runtime).toBe('nodejs');
    expect(r.reason).toMatch(/^nodejs: default, no runtime declared in /);
    expect([r.status, r.body]).toEqual([200, 'undefined']);
  });

  it('R12: an invalid runtime value is INVALID_RUNTIME with the Next.js message (13.4–14 text)', async () => {
    const r = await embed.runFile(ROUTE, `export const runtime = 'deno';\nexport function GET() { return new Response('x'); }`, {}, { nextVersion: '14.2' });
    expect(r.status).toBeNull();
    expect(r.error).toEqual({
      code: 'INVALID_RUNTIME',
      message: 'Provided runtime "deno" is not supported. Please leave it empty or choose one of: edge, experimental-edge, nodejs',
    });
  });

  it("R08: pages/api with config.runtime 'edge' runs a default export on edge", async () => {
    const file = 'pages/api/hello.ts';
    const r = await embed.runFile(file, `export const config = { runtime: 'edge' };\nexport default (req: Request) => new Response(new URL(req.url).pathname);`, { url: '/api/hello' });
    expect(r.runtime).toBe('edge');
    expect(r.body).toBe('/api/hello');
  });
});

describe('§7.4 limits and platform errors', () => {
  it('L01/L03: no first byte within the deadline is 504 EDGE_FUNCTION_INVOCATION_TIMEOUT, and the next run works', async () => {
    await embed.load({ [ROUTE]: `export const runtime = 'edge';\nexport function GET() { return new Promise(() => {}); }` }, { limits: { edgeInitialResponseMs: 300 } });
    const [r] = await embed.run(ROUTE, { method: 'GET', url: '/api/probe' });
    expect(r.status).toBe(504);
    expect(r.error?.code).toBe('EDGE_FUNCTION_INVOCATION_TIMEOUT');
    expect(r.headers).toContainEqual(['x-vercel-error', 'EDGE_FUNCTION_INVOCATION_TIMEOUT']);
    const ok = await edgeGet(`return new Response('alive');`);
    expect(ok.body).toBe('alive');
  });

  it('L03: a synchronous infinite loop is ended at the deadline; the page stays responsive and the next run works', async () => {
    await embed.load({ [ROUTE]: `export const runtime = 'edge';\nexport function GET() { for (;;) {} }` }, { limits: { edgeInitialResponseMs: 500 } });
    const started = Date.now();
    const pending = embed.run(ROUTE, { method: 'GET', url: '/api/probe' });
    // The page answers while the handler loops.
    expect(await embed.page.evaluate(() => 1 + 1)).toBe(2);
    const [r] = await pending;
    expect(r.status).toBe(504);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect((await edgeGet(`return new Response('next');`)).body).toBe('next');
  });

  it("L04, H29: a thrown error is Next's 500 page, the EDGE_FUNCTION_INVOCATION_FAILED error with the stack mapped to the user file", async () => {
    const r = await embed.runFile(ROUTE, `export const runtime = 'edge';\n\nexport function GET() {\n  throw new Error('boom');\n}\n`);
    expect(r.status).toBe(500);
    expect(r.error).toMatchObject({ code: 'EDGE_FUNCTION_INVOCATION_FAILED', message: 'boom' });
    expect(r.body).toContain('<title data-next-head="">500: Internal Server Error</title>');
    // The response view shows the stack, mapped through the bundle's source map (in a collapsed <details>). The embed
    // answer does not wait for the page to render the run (Playground.show), so the view is read once it has.
    await expect.poll(() => embed.page.evaluate(() => document.body.textContent)).toContain(`${ROUTE}:4`);
  });

  it('L06 (both generations): an edge request body over 4 MiB is refused with 413 before the handler runs', async () => {
    const big = 'x'.repeat(5 * 1024 * 1024);
    const src = `export const runtime = 'edge';\nexport async function POST(req: Request) { return new Response(String((await req.arrayBuffer()).byteLength)); }`;
    const post = await embed.runFile(ROUTE, src, { method: 'POST', url: '/api/probe', body: big });
    expect(post.status).toBe(413);
    expect(post.error?.code).toBe('FUNCTION_PAYLOAD_TOO_LARGE');
    expect(post.error?.message).toBe('The request body is 5,242,880 bytes; the edge runtime accepts 4,194,304 bytes (4 MiB) at most.');
    const small = await embed.run(ROUTE, { method: 'POST', url: '/api/probe', body: 'x'.repeat(1024 * 1024) });
    expect(small[0].body).toBe(String(1024 * 1024));
  });

  it('L08: a bundle over the Hobby limit does not run (EDGE_FUNCTION_SIZE_EXCEEDED); Pro runs it', async () => {
    // ~1.2 MB of incompressible text survives gzip.
    let seed = 1;
    const noise = Array.from({ length: 1_600_000 }, () => String.fromCharCode(33 + ((seed = (seed * 48271) % 2147483647) % 90))).join('').replace(/[\\'`$]/g, 'x');
    const src = `export const runtime = 'edge';\nconst blob = '${noise}';\nexport function GET() { return new Response(String(blob.length)); }`;
    const hobby = await embed.runFile(ROUTE, src, {}, { plan: 'hobby' });
    expect(hobby.status).toBeNull();
    expect(hobby.error?.code).toBe('EDGE_FUNCTION_SIZE_EXCEEDED');
    expect(hobby.error?.message).toMatch(/^Exceeds maximum edge function size: 1\.\d+ MB \/ 1 MB$/);
    const pro = await embed.runFile(ROUTE, src, {}, { plan: 'pro' });
    expect(pro.status).toBe(200);
  }, 120_000);

  it('L11: a request header over 16 KB is REQUEST_HEADER_TOO_LARGE', async () => {
    const r = await edgeGet(`return new Response('ran');`, { headers: [['x-big', 'y'.repeat(17 * 1024)]] });
    expect(r.status).toBe(431);
    expect(r.error?.code).toBe('REQUEST_HEADER_TOO_LARGE');
  });
});

describe('§7.5 edge column and handler conventions', () => {
  it('H26: a method the route does not export answers 405 with an empty body', async () => {
    await embed.load({ [ROUTE]: `export const runtime = 'edge';\nexport function GET() { return new Response('ok'); }` });
    const [r] = await embed.run(ROUTE, { method: 'POST', url: '/api/probe', body: 'x' });
    expect(r.status).toBe(405);
    expect(r.body).toBe('');
  });

  it('H28: an app route that returns nothing is a 500 with the Next.js message', async () => {
    const r = await edgeGet(`return undefined as any;`);
    expect(r.status).toBe(500);
    // The default profile (16.3+, Turbopack) names the page by its project path and says what it got (16.2+).
    expect(r.logs.map((l) => l.text).join('\n')).toContain(`No response is returned from route handler '[project]/${ROUTE}'. Expected a Response object but received 'undefined' (method: GET,`);
  });

  it('H30: content-length and content-encoding set by the handler are stripped for a 200', async () => {
    const r = await edgeGet(`return new Response('abc', { headers: { 'content-length': '3', 'content-encoding': 'br', 'x-kept': '1' } });`);
    const names = r.headers.map(([k]) => k);
    expect(names).not.toContain('content-length');
    expect(names).not.toContain('content-encoding');
    expect(names).toContain('x-kept');
  });

  it('streams: chunks arrive one by one with increasing times before the stream ends', async () => {
    const r = await edgeGet(`const enc = new TextEncoder();
return new Response(new ReadableStream({ async start(c) { for (const w of ['a', 'b', 'c']) { c.enqueue(enc.encode(w)); await new Promise((r) => setTimeout(r, 150)); } c.close(); } }));`);
    expect(r.body).toBe('abc');
    expect(r.chunks.length).toBe(3);
    expect(r.chunks[1].t - r.chunks[0].t).toBeGreaterThan(100);
    expect(r.chunks[2].t - r.chunks[1].t).toBeGreaterThan(100);
    expect(r.timings.ttfbMs).toBeLessThan(r.chunks[2].t);
  });

  it('the request URL is absolute on the default origin, with headers and body passed through', async () => {
    await embed.load({ [ROUTE]: `export const runtime = 'edge';\nexport async function POST(req: Request) { return Response.json({ url: req.url, h: req.headers.get('x-a'), body: await req.text() }); }` });
    const [r] = await embed.run(ROUTE, { method: 'POST', url: '/api/probe?q=1', headers: [['x-a', 'b']], body: 'hi' });
    expect(JSON.parse(r.body)).toEqual({ url: 'http://localhost:3000/api/probe?q=1', h: 'b', body: 'hi' });
  });

  it('console output is captured per request by level and capped, with a count of what was dropped', async () => {
    const r = await edgeGet(`console.warn('first'); for (let i = 0; i < 10000; i++) console.log('line', i); return new Response('done');`);
    expect(r.status).toBe(200);
    expect(r.logs[0]).toEqual({ level: 'warn', text: 'first' });
    expect(r.logs.length).toBeLessThanOrEqual(1000);
    const dropped = await embed.page.evaluate(() => document.body.textContent);
    expect(dropped).toMatch(/\d[\d,]* more (lines )?dropped/);
  });
});
