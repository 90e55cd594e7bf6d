// Vercel's edge runtime's own tests of its Web APIs (vercel/edge-runtime at 77be36e8, 2025-04-01), one case per
// peer test: the peer's assertions as a handler that returns what they look at, and the value the edge runtime
// gives. test/node/edge-web-apis-reference.test.ts proves each value in @edge-runtime/vm; test/e2e/edge-web-apis.test.ts
// runs the same cases in the edge worker. Hosts the peers fetch (example.vercel.sh, edge-ping.vercel.app) are the
// local server's (server.ts) here: `ctx.server` is its origin.

export interface ModuleRequest {
  method?: string;
  path?: string;
  body?: string;
}

export interface WebApiCase {
  /** Unique, stable: the query parameter and the file name. */
  id: string;
  /** The peer test file, in vercel/edge-runtime. */
  peer: string;
  /** The peer test's name (it.each rows with their value). */
  test: string;
  /** Body of `async (ctx) => value`, a JSON value; prelude helpers: errorText(e), caught(fn), sleep(ms). */
  run?: string;
  /** A function of its own that answers through a `fetch` listener; each request's response is observed. */
  module?: { source: string; requests?: ModuleRequest[]; observe?: (keyof ObservedResponse)[] };
  expected: unknown;
  /** Where Next.js's edge sandbox layers its own behaviour (server/web/sandbox/context.js), what a Next.js route sees. */
  next?: { expected: unknown; why: string };
}

export interface ObservedResponse {
  status: number;
  statusText: string;
  headers: string[];
  body: string;
}

/** Shared by both sides, ahead of the cases: strict like the peers' compiled tests. */
export const PRELUDE = `'use strict';
const errorText = (e) => (e !== null && typeof e === 'object' && 'message' in e ? e.name + ': ' + e.message : 'thrown ' + typeof e + ': ' + String(e));
const caught = async (f) => { try { await f(); return 'no throw'; } catch (e) { return errorText(e); } };
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));`;

const IT = 'packages/integration-tests/test/';
const VM = 'packages/vm/tests/';
const RUNTIME = 'packages/runtime/tests/';

const CONSTRUCTOR_HEADERS: [string, string][] = [
  ['host', 'vercel.com'],
  ['content-length', '1234'],
  ['content-type', 'application/json'],
  ['transfer-encoding', 'chunked'],
  ['connection', 'keep-alive'],
  ['keep-alive', 'timeout=5'],
  ['upgrade', 'websocket'],
  ['expect', '100-continue'],
];

const NEXT_MALFORMED = (url: string) => ({
  expected: `Error: URL is malformed "${url}". Please use only absolute URLs - https://nextjs.org/docs/messages/middleware-relative-urls`,
  why: "Next's sandbox Request validates the URL with its validateURL first (context.js)",
});

const FORM = `const blob = new Blob([JSON.stringify({ hello: 'world' }, null, 2)], { type: 'application/json' });
  const formData = new FormData();
  formData.append('name', 'John');
  formData.append('lastname', 'Doe');
  formData.append('metadata', blob);`;

const request: WebApiCase[] = [
  ...CONSTRUCTOR_HEADERS.map(([name, value]): WebApiCase => ({
    id: `request-header-${name}`,
    peer: IT + 'request.test.ts',
    test: `Request sets '${name}' header in the constructor`,
    run: `const headers = new Headers({ ${JSON.stringify(name)}: ${JSON.stringify(value)} });
      return [new Request('https://vercel.com', { headers }).headers.get(${JSON.stringify(name)}),
        new Request('https://vercel.com', { headers: { ${JSON.stringify(name)}: ${JSON.stringify(value)} } }).headers.get(${JSON.stringify(name)})];`,
    expected: [value, value],
  })),
  { id: 'request-url', peer: IT + 'request.test.ts', test: 'evaluate promise', run: `return new Request('https://vercel.com/foo/bar?one=value').url;`, expected: 'https://vercel.com/foo/bar?one=value' },
  {
    id: 'request-url-object',
    peer: IT + 'request.test.ts',
    test: 'parses and reconstructs the URL alone',
    run: `return new Request(new URL('https://vercel.com/foo/bar?one=value')).url.toString();`,
    expected: 'https://vercel.com/foo/bar?one=value',
  },
  {
    id: 'request-malformed-url',
    peer: IT + 'request.test.ts',
    test: 'throws when the URL is malformed',
    run: `return caught(() => new Request('meeeh'));`,
    expected: 'TypeError: Failed to parse URL from meeeh',
    next: NEXT_MALFORMED('meeeh'),
  },
  { id: 'request-referrer-default', peer: IT + 'request.test.ts', test: 'Request.referrer is `about:client` by default', run: `return new Request('https://example.vercel.sh').referrer;`, expected: 'about:client' },
  {
    id: 'request-referrer-custom',
    peer: IT + 'request.test.ts',
    test: 'Request.referrer can be customized',
    run: `const r = new Request('https://example.vercel.sh', { referrer: 'https://vercel.com/home' });
      return [r.referrer, new Request(r).referrer, r.clone().referrer];`,
    // undici: a Request built from another without an init falls back to about:client; a clone keeps it.
    expected: ['https://vercel.com/home', 'about:client', 'https://vercel.com/home'],
  },
  {
    id: 'request-init-request',
    peer: IT + 'request.test.ts',
    test: 'create a Request instance using second argument',
    run: `return new Request('https://example.vercel.sh', new Request('https://example.vercel.sh', { method: 'POST' })).method;`,
    expected: 'POST',
  },
  {
    id: 'request-fetch',
    peer: IT + 'request.test.ts',
    test: 'combine with fetch',
    run: `const response = await fetch(new Request(ctx.server + '/text')); return typeof (await response.text());`,
    expected: 'string',
  },
  {
    id: 'request-headers-cookie',
    peer: IT + 'request.test.ts',
    test: 'combine with Headers',
    run: `return new Request('https://example.vercel.sh', { headers: new Headers({ cookie: 'hello=world' }) }).headers.get('cookie');`,
    expected: 'hello=world',
  },
  {
    id: 'request-json',
    peer: IT + 'request.test.ts',
    test: 'serialize body into JSON',
    run: `return new Request('https://example.vercel.sh', { method: 'POST', body: JSON.stringify({ hello: 'world' }) }).json();`,
    expected: { hello: 'world' },
  },
  { id: 'request-duplex', peer: IT + 'request.test.ts', test: 'adds duplex: half to all requests', run: `return new Request('https://example.vercel.sh').duplex;`, expected: 'half' },
  {
    id: 'request-extended',
    peer: IT + 'request.test.ts',
    test: 'can be extended',
    run: `class SubRequest extends Request {
        constructor(input, init) { super(input, init); }
        myField = 'default value';
        setField(value) { this.myField = value; }
      }
      const request = new SubRequest('https://example.vercel.sh', { headers: { 'x-test': 'hello' } });
      const before = request.myField;
      request.setField('new value');
      return [request.duplex, before, request.myField, request.headers.get('x-test'), request instanceof Request];`,
    expected: ['half', 'default value', 'new value', 'hello', true],
  },
];

const response: WebApiCase[] = [
  { id: 'response-text', peer: IT + 'response.test.ts', test: 'create a response', run: `return new Response('Hello world!').text();`, expected: 'Hello world!' },
  {
    id: 'response-clone',
    peer: IT + 'response.test.ts',
    test: 'clones responses',
    run: `const { readable, writable } = new TransformStream();
      const encoder = new TextEncoder();
      const writer = writable.getWriter();
      void writer.write(encoder.encode('Hello '));
      void writer.write(encoder.encode('world!'));
      void writer.close();
      const res1 = new Response(readable);
      const res2 = res1.clone();
      return [await res1.text(), await res2.text()];`,
    expected: ['Hello world!', 'Hello world!'],
  },
  {
    id: 'response-array-buffer',
    peer: IT + 'response.test.ts',
    test: 'reads response body as buffer',
    run: `const arrayBuffer = await (await fetch(ctx.server + '/html')).arrayBuffer();
      const text = new TextDecoder().decode(arrayBuffer);
      const doctype = new TextEncoder().encode('<!doctype html>');
      return [/^<!doctype html>/i.test(text), [...new Uint8Array(arrayBuffer).slice(0, doctype.length)].join() === [...doctype].join()];`,
    expected: [true, true],
  },
  {
    id: 'response-set-cookie',
    peer: IT + 'response.test.ts',
    test: 'allow to set `set-cookie` header',
    run: `const response = new Response(null); response.headers.set('set-cookie', 'foo=bar'); return response.headers.get('set-cookie');`,
    expected: 'foo=bar',
  },
  {
    id: 'response-set-cookie-append',
    peer: IT + 'response.test.ts',
    test: 'allow to append multiple `set-cookie` header',
    run: `const response = new Response(null);
      response.headers.append('set-cookie', 'foo=bar');
      response.headers.append('set-cookie', 'bar=baz');
      return response.headers.getSetCookie();`,
    expected: ['foo=bar', 'bar=baz'],
  },
  {
    id: 'response-redirect-immutable',
    peer: IT + 'response.test.ts',
    test: 'disallow mutate response headers for redirects',
    run: `const response = Response.redirect('https://edge-ping.vercel.app/');
      const error = await caught(() => response.headers.set('foo', 'bar'));
      return [error.startsWith('TypeError: '), error.includes('immutable')];`,
    expected: [true, true],
  },
  {
    id: 'response-error-mutable',
    peer: IT + 'response.test.ts',
    test: 'allow to mutate response headers for error',
    run: `const plain = new Response(); plain.headers.set('foo', 'bar');
      const error = Response.error(); error.headers.set('foo', 'bar');
      return [plain.headers.get('foo'), error.headers.get('foo'), error.status, error.type];`,
    expected: ['bar', 'bar', 0, 'error'],
  },
];

const body: WebApiCase[] = [
  {
    id: 'body-consumed-directly',
    peer: IT + 'body.test.ts',
    test: 'throws when the body was directly consumed',
    run: `${FORM}
      const response = new Response(formData);
      const reader0 = response.body.getReader();
      let chunks = 0;
      for (;;) { const { value, done } = await reader0.read(); if (done) break; if (value) chunks++; }
      reader0.releaseLock();
      const { done } = await response.body.getReader().read();
      const error = await response.text().catch((e) => e);
      return [chunks > 0, done, error instanceof TypeError, error.message.includes('Body is unusable')];`,
    expected: [true, true, true, true],
  },
  {
    id: 'body-consumed-indirectly',
    peer: IT + 'body.test.ts',
    test: 'throws when the body was indirectly consumed',
    run: `${FORM}
      const response = new Response(formData);
      const text = await response.text();
      const error = await response.text().catch((e) => e);
      return [text.length > 0, error instanceof TypeError, error.message];`,
    expected: [true, true, 'Body is unusable: Body has already been read'],
  },
  {
    id: 'body-form-data-text',
    peer: IT + 'body.test.ts',
    test: 'allows to read a FormData body as text',
    run: `${FORM}
      const res = new Response(formData);
      return [(await res.text()).replace(/formdata-undici-0\\d+/g, 'formdata-unidici-0.1234'), res.headers.get('content-type').replace(/formdata-undici-0\\d+/g, 'B')];`,
    expected: [
      [
        '------formdata-unidici-0.1234',
        'Content-Disposition: form-data; name="name"',
        '',
        'John',
        '------formdata-unidici-0.1234',
        'Content-Disposition: form-data; name="lastname"',
        '',
        'Doe',
        '------formdata-unidici-0.1234',
        'Content-Disposition: form-data; name="metadata"; filename="blob"',
        'Content-Type: application/json',
        '',
        '{\n  "hello": "world"\n}',
        '------formdata-unidici-0.1234--',
      ].join('\r\n'),
      'multipart/form-data; boundary=----B',
    ],
  },
  {
    id: 'body-null-array-buffer',
    peer: IT + 'body.test.ts',
    test: 'allows to read a null body as ArrayBuffer',
    run: `const buffer = await new Response(null).arrayBuffer(); return [buffer.byteLength, new Uint8Array(buffer).byteLength];`,
    expected: [0, 0],
  },
  {
    id: 'body-text-array-buffer',
    peer: IT + 'body.test.ts',
    test: 'allows to read a text body as ArrayBuffer',
    run: `const value = await new Response('Hello world').arrayBuffer();
      return [new TextDecoder().decode(value), value instanceof ArrayBuffer, [...new Uint8Array(value)].join() === [...new TextEncoder().encode('Hello world')].join()];`,
    expected: ['Hello world', true, true],
  },
  {
    id: 'body-chunked-array-buffer',
    peer: IT + 'body.test.ts',
    test: 'allows to read a chunked body as ArrayBuffer',
    run: `const { readable, writable } = new TransformStream();
      const encoder = new TextEncoder();
      const writer = writable.getWriter();
      void writer.write(encoder.encode('Hello '));
      void writer.write(encoder.encode('world!'));
      void writer.close();
      const value = await new Response(readable).arrayBuffer();
      return [new TextDecoder().decode(value), [...new Uint8Array(value)].join() === [...encoder.encode('Hello world!')].join()];`,
    expected: ['Hello world!', true],
  },
  {
    id: 'body-pull-after-get-reader',
    peer: IT + 'body.test.ts',
    test: 'should pend stream data before getReader is called',
    run: `let startPulling = false;
      const encoder = new TextEncoder();
      const decoder = new TextDecoder();
      const readable = new ReadableStream({
        start(controller) { setTimeout(() => { controller.enqueue(encoder.encode('hello')); controller.enqueue(encoder.encode('world')); }, 500); },
        pull() { startPulling = true; },
      });
      const before = startPulling;
      const reader = readable.getReader();
      await sleep(500);
      const after = startPulling;
      const first = decoder.decode((await reader.read()).value);
      const second = decoder.decode((await reader.read()).value);
      return [before, after, first, second];`,
    expected: [false, true, 'hello', 'world'],
  },
  {
    id: 'body-search-params-form-data',
    peer: IT + 'body.test.ts',
    test: 'allows to read a URLSearchParams body as FormData',
    run: `return (await new Response(new URLSearchParams('q=URLUtils.searchParams&topic=api')).formData()).get('topic');`,
    expected: 'api',
  },
  {
    id: 'body-blob',
    peer: IT + 'body.test.ts',
    test: 'allows to read a Blob body as Blob',
    run: `const str = JSON.stringify({ hello: 'world' }, null, 2); return (await (await new Response(new Blob([str])).blob()).text()) === str;`,
    expected: true,
  },
  {
    id: 'body-json',
    peer: IT + 'body.test.ts',
    test: 'allows to read a text body as JSON',
    run: `return new Response(JSON.stringify({ message: 'hi', value: 10 })).json();`,
    expected: { message: 'hi', value: 10 },
  },
  {
    id: 'body-invalid-json',
    peer: IT + 'body.test.ts',
    test: 'throws when reading a text body as JSON but it is invalid',
    run: `const error = await new Response('{ hi: "there", ').json().catch((e) => e); return [error instanceof SyntaxError, error.message.includes(' in JSON at position 2')];`,
    expected: [true, true],
  },
  {
    id: 'body-stream-decode',
    peer: IT + 'body.test.ts',
    test: 'streams Uint8Array that can be decoded into a string',
    run: `const reader = (await fetch(ctx.server + '/html')).body.getReader();
      let value = '';
      const decoder = new TextDecoder();
      for (;;) { const { done, value: chunk } = await reader.read(); if (done) break; value += decoder.decode(chunk); }
      return value.includes('Example Domain');`,
    expected: true,
  },
];

const GENERATED_HEADERS = `const headers = new Headers();
      headers.append('a', '1');
      headers.append('b', '2');
      headers.append('set-cookie', 'c=3');
      headers.append('set-cookie', 'd=4');`;

const headers: WebApiCase[] = [
  ...CONSTRUCTOR_HEADERS.map(([name, value]): WebApiCase => ({
    id: `headers-${name}`,
    peer: IT + 'headers.test.ts',
    test: `headers sets '${name}' header in the constructor`,
    run: `return new Headers({ ${JSON.stringify(name)}: ${JSON.stringify(value)} }).get(${JSON.stringify(name)});`,
    expected: value,
  })),
  {
    id: 'headers-set-cookie-header',
    peer: IT + 'headers.test.ts',
    test: 'sets header calling Headers constructor',
    run: `const headers = new Headers(); headers.set('cookie', 'hello=world'); return headers.get('cookie');`,
    expected: 'hello=world',
  },
  {
    id: 'headers-multiple',
    peer: IT + 'headers.test.ts',
    test: 'multiple headers',
    run: `const headers = new Headers();
      headers.append('set-cookie', 'foo=chocochip');
      headers.append('set-cookie', 'bar=chocochip');
      return [headers.get('set-cookie'), [...headers]];`,
    expected: ['foo=chocochip, bar=chocochip', [['set-cookie', 'foo=chocochip'], ['set-cookie', 'bar=chocochip']]],
  },
  {
    id: 'headers-iterator',
    peer: IT + 'headers.test.ts',
    test: 'iterators #Symbol.iterator',
    run: `${GENERATED_HEADERS} return [...headers];`,
    expected: [['a', '1'], ['b', '2'], ['set-cookie', 'c=3'], ['set-cookie', 'd=4']],
  },
  {
    id: 'headers-entries',
    peer: IT + 'headers.test.ts',
    test: 'iterators #entries',
    run: `${GENERATED_HEADERS} return [...headers.entries()];`,
    expected: [['a', '1'], ['b', '2'], ['set-cookie', 'c=3'], ['set-cookie', 'd=4']],
  },
  { id: 'headers-values', peer: IT + 'headers.test.ts', test: 'iterators #values', run: `${GENERATED_HEADERS} return [...headers.values()];`, expected: ['1', '2', 'c=3', 'd=4'] },
];

/** fetch.test.ts's it.each rows that run on the edge runtime (the others are filtered out by isEdgeRuntime()). */
const FETCH_HEADERS: [string, string][] = [
  ['host', 'vercel.com'],
  ['content-type', 'application/json'],
  ['connection', 'keep-alive'],
  ['keep-alive', 'timeout=5'],
  ['upgrade', 'websocket'],
];

const fetchCases: WebApiCase[] = [
  ...FETCH_HEADERS.map(([name, value]): WebApiCase => ({
    id: `fetch-header-${name}`,
    peer: IT + 'fetch.test.ts',
    test: `fetch sets '${name}' header in the constructor`,
    run: `const url = ctx.server + '/headers';
      const h = { ${JSON.stringify(name)}: ${JSON.stringify(value)} };
      const seen = [];
      for (const input of [() => fetch(url, { headers: h }), () => fetch(new Request(url, { headers: h })), () => fetch(new Request(url, { headers: new Headers(h) }))]) {
        const response = await input();
        seen.push([response.status, (await response.json())[${JSON.stringify(name)}] === ${JSON.stringify(value)}]);
      }
      return seen;`,
    expected: [[200, true], [200, true], [200, true]],
  })),
  {
    id: 'fetch-get',
    peer: IT + 'fetch.test.ts',
    test: 'perform a GET',
    run: `const response = await fetch(ctx.server + '/text'); return [response.status, await response.text()];`,
    expected: [200, 'Example Domain'],
  },
  {
    id: 'fetch-post-json',
    peer: IT + 'fetch.test.ts',
    test: 'perform a POST as application/json',
    run: `const response = await fetch(ctx.server + '/json', { method: 'POST', body: JSON.stringify({ foo: 'bar' }), headers: { 'content-type': 'application/json' } });
      return [response.status, await response.json()];`,
    expected: [200, { foo: 'bar' }],
  },
  {
    id: 'fetch-post-urlencoded',
    peer: IT + 'fetch.test.ts',
    test: 'perform a POST as application/x-www-form-urlencoded',
    run: `const response = await fetch(ctx.server + '/urlencoded', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ foo: 'bar' }) });
      return [response.status, await response.json()];`,
    expected: [200, { foo: 'bar' }],
  },
  {
    id: 'fetch-post-multipart',
    peer: IT + 'fetch.test.ts',
    test: 'perform a POST as multipart/form-data',
    run: `const formData = new FormData();
      formData.append('company', 'vercel');
      formData.append('project', 'edge-runtime');
      const response = await fetch(ctx.server + '/multipart', { method: 'POST', body: formData });
      return [response.status, await response.json()];`,
    expected: [200, { company: 'vercel', project: 'edge-runtime' }],
  },
  {
    id: 'fetch-undici-unsupported-headers',
    peer: IT + 'fetch.test.ts',
    test: 'sets headers unsupported in undici',
    run: `const response = await fetch(new URL('/text', ctx.server), { headers: { Connection: 'keep-alive', 'Keep-Alive': 'timeout=5, max=1000' } }); return response.status;`,
    expected: 200,
  },
  {
    id: 'fetch-headers-constructor',
    peer: IT + 'fetch.test.ts',
    test: 'sets header calling Headers constructor',
    run: `const response = await fetch(ctx.server + '/headers', { headers: new Headers({ 'user-agent': 'vercel/edge-runtime', host: 'example.com', 'x-host': 'example.com' }) });
      const headers = await response.json();
      return [response.status, headers['user-agent'] === 'vercel/edge-runtime', headers.host === 'example.com', headers['x-host']];`,
    expected: [200, true, true, 'example.com'],
  },
];

/** abort-controller.test.ts's runAbortedProcess and expectSignalToBeEqual's view of a reason. */
const ABORTED_PROCESS = `const runAbortedProcess = ({ signal }) => new Promise((resolve, reject) => {
        signal.throwIfAborted?.();
        signal.addEventListener('abort', () => { setTimeout(() => reject(signal.reason), 0); });
        setTimeout(resolve, 500);
      });
      const view = (reason) => (reason !== null && typeof reason === 'object' ? [reason.constructor.name, reason.name, reason.message] : reason);`;

const abort: WebApiCase[] = [
  {
    id: 'abort-fetch',
    peer: IT + 'abort-controller.test.ts',
    test: 'AbortController allows to abort fetch',
    run: `const controller = new AbortController(); controller.abort();
      return caught(() => fetch(ctx.server + '/text', { signal: controller.signal }));`,
    expected: 'AbortError: This operation was aborted',
  },
  ...[
    { title: 'with a reason', reason: `new Error('stop!')`, view: ['Error', 'Error', 'stop!'] },
    { title: 'with no reason', reason: `new DOMException('The operation was aborted.', 'AbortError')`, view: ['DOMException', 'AbortError', 'The operation was aborted.'] },
  ].map(
    ({ title, reason, view }, i): WebApiCase => ({
      id: `abort-reason-${i}`,
      peer: IT + 'abort-controller.test.ts',
      test: `AbortController aborts ${title}`,
      run: `${ABORTED_PROCESS}
        const reason = ${reason};
        const controller = new AbortController();
        const { signal } = controller;
        const promise = runAbortedProcess({ signal });
        const before = signal.aborted;
        controller.abort(reason);
        const rejected = await promise.then(() => 'resolved', (e) => e === reason);
        return [before, rejected, signal.aborted, view(signal.reason)];`,
      expected: [false, true, true, view],
    }),
  ),
  {
    id: 'abort-signal-read-only',
    peer: IT + 'abort-controller.test.ts',
    test: 'AbortController has signal read-only property',
    run: `const controller = new AbortController();
      return [controller.signal instanceof AbortSignal, /Cannot set property signal of .* which has only a getter/.test(await caught(() => { controller.signal = 'not-supported'; }))];`,
    expected: [true, true],
  },
  {
    id: 'abort-timeout',
    peer: IT + 'abort-controller.test.ts',
    test: 'AbortSignal timeout() automatically aborts after some time',
    run: `${ABORTED_PROCESS}
      const signal = AbortSignal.timeout(100);
      const promise = runAbortedProcess({ signal });
      const before = signal.aborted;
      const error = await promise.then(() => 'resolved', (e) => e);
      return [before, view(error), signal.aborted, view(signal.reason)];`,
    expected: [false, ['DOMException', 'TimeoutError', 'The operation was aborted due to timeout'], true, ['DOMException', 'TimeoutError', 'The operation was aborted due to timeout']],
  },
  {
    id: 'abort-signal-abort-reason',
    peer: IT + 'abort-controller.test.ts',
    test: 'AbortSignal abort() creates aborted signal with a reason',
    run: `const signal = AbortSignal.abort('some reason'); return [signal.aborted, signal.reason];`,
    expected: [true, 'some reason'],
  },
  {
    id: 'abort-signal-abort-no-reason',
    peer: IT + 'abort-controller.test.ts',
    test: 'AbortSignal abort() creates signal with no reason',
    run: `${ABORTED_PROCESS} const signal = AbortSignal.abort(); return [signal.aborted, view(signal.reason)];`,
    expected: [true, ['DOMException', 'AbortError', 'This operation was aborted']],
  },
  {
    id: 'abort-reason-read-only',
    peer: IT + 'abort-controller.test.ts',
    test: 'AbortSignal has reason read-only property',
    run: `const signal = AbortSignal.abort('some reason');
      return [signal.reason, /Cannot set property reason of .* which has only a getter/.test(await caught(() => { signal.reason = 'not-supported'; }))];`,
    expected: ['some reason', true],
  },
  {
    id: 'abort-aborted-read-only',
    peer: IT + 'abort-controller.test.ts',
    test: 'AbortSignal has aborted read-only property',
    run: `const signal = AbortSignal.abort();
      return [signal.aborted, /Cannot set property aborted of .* which has only a getter/.test(await caught(() => { signal.aborted = true; }))];`,
    expected: [true, true],
  },
  {
    id: 'abort-signal-constructor',
    peer: IT + 'abort-controller.test.ts',
    test: 'AbortSignal can not be created with constructor',
    run: `return caught(() => new AbortSignal());`,
    expected: 'TypeError: Illegal constructor',
  },
  {
    id: 'abort-onabort',
    peer: IT + 'abort-controller.test.ts',
    test: 'AbortSignal can use onabort to listen to event',
    run: `${ABORTED_PROCESS}
      const calls = [];
      const onabort = (event) => calls.push(event.type);
      const signal = AbortSignal.timeout(100);
      signal.onabort = onabort;
      const same = signal.onabort === onabort;
      await sleep(200);
      return [same, signal.aborted, view(signal.reason), calls];`,
    expected: [true, true, ['DOMException', 'TimeoutError', 'The operation was aborted due to timeout'], ['abort']],
  },
];

const CONSOLE_METHODS = ['assert', 'count', 'debug', 'dir', 'error', 'info', 'time', 'timeEnd', 'timeLog', 'trace', 'warn'];

const small: WebApiCase[] = [
  { id: 'global-performance', peer: IT + 'global.test.ts', test: 'performance', run: `return performance.now() > 0;`, expected: true },
  {
    id: 'url',
    peer: IT + 'url.test.ts',
    test: 'URL',
    run: `const url = new URL('https://edge-ping.vercel.app/'); return [typeof url, url.toString()];`,
    expected: ['object', 'https://edge-ping.vercel.app/'],
  },
  {
    id: 'url-pattern',
    peer: IT + 'url-pattern.test.ts',
    test: 'URLPattern',
    run: `return new URLPattern('/:foo/:bar', 'https://example.vercel.sh').exec('https://example.vercel.sh/1/2')?.pathname.groups;`,
    expected: { foo: '1', bar: '2' },
  },
  {
    id: 'encoding-text-decoder',
    peer: IT + 'encoding.test.ts',
    test: 'TextDecoder',
    run: `return new TextDecoder('utf-8', { ignoreBOM: true }).decode(new Uint8Array([101, 100, 103, 101, 45, 112, 105, 110, 103, 46, 118, 101, 114, 99, 101, 108, 46, 97, 112, 112]));`,
    expected: 'edge-ping.vercel.app',
  },
  {
    id: 'encoding-text-decoder-stream',
    peer: IT + 'encoding.test.ts',
    test: 'TextDecoder with stream',
    run: `return new TextDecoder().decode(new Uint8Array([123, 34, 103, 114, 101, 101, 116, 105, 110, 103, 34, 58, 34, 104, 101, 108, 108, 111, 34, 125]), { stream: true });`,
    expected: '{"greeting":"hello"}',
  },
  {
    id: 'encoding-btoa',
    peer: IT + 'encoding.test.ts',
    test: 'btoa',
    run: `return [btoa('Hello, world'), btoa(new Uint8Array([1, 2, 3]).toString()), btoa(new Uint8Array([1, 2, 3])), btoa([1, 2, 3]), btoa(123), btoa('123')];`,
    expected: ['SGVsbG8sIHdvcmxk', 'MSwyLDM=', 'MSwyLDM=', 'MSwyLDM=', 'MTIz', 'MTIz'],
  },
  { id: 'encoding-atob', peer: IT + 'encoding.test.ts', test: 'atob', run: `return atob('SGVsbG8sIHdvcmxk');`, expected: 'Hello, world' },
  { id: 'crypto-random-uuid', peer: IT + 'crypto.test.ts', test: 'crypto.randomUUID', run: `return /^[a-f0-9-]+$/.test(crypto.randomUUID());`, expected: true },
  {
    id: 'crypto-digest',
    peer: IT + 'crypto.test.ts',
    test: 'crypto.subtle.digest returns a SHA-256 hash',
    run: `const digest = await crypto.subtle.digest('SHA-256', new Uint8Array([104, 105, 33])); return Array.from(new Uint8Array(digest)).map((b) => b.toString(16).padStart(2, '0')).join('');`,
    // createHash('sha256').update('hi!').digest('hex')
    expected: 'c0ddd62c7717180e7ffb8a15bb9674d3ec92592e0b7ac7d1d5289836b4553be2',
  },
  ...['Ed25519', 'X25519'].map(
    (name): WebApiCase => ({
      id: `crypto-${name.toLowerCase()}`,
      peer: IT + 'crypto.test.ts',
      test: name,
      run: `const kp = await crypto.subtle.generateKey(${JSON.stringify(name)}, false, ${name === 'Ed25519' ? `['sign', 'verify']` : `['deriveBits', 'deriveKey']`}); return ['privateKey' in kp, 'publicKey' in kp];`,
      expected: [true, true],
    }),
  ),
  ...CONSOLE_METHODS.map(
    (method): WebApiCase => ({
      id: `console-${method}`,
      peer: IT + 'console.test.ts',
      test: method,
      run: `const fn = console[${JSON.stringify(method)}]; return [typeof fn, typeof fn.bind(console)];`,
      expected: ['function', 'function'],
    }),
  ),
];

/** edge-runtime.test.ts's `$api` rows. */
const GLOBAL_APIS = [
  'AbortController', 'AbortSignal', 'Array', 'ArrayBuffer', 'atob', 'Atomics', 'BigInt', 'BigInt64Array', 'BigUint64Array', 'Blob',
  'Boolean', 'btoa', 'clearInterval', 'clearTimeout', 'console', 'crypto', 'Crypto', 'CryptoKey', 'DataView', 'Date', 'decodeURI',
  'decodeURIComponent', 'DOMException', 'encodeURI', 'encodeURIComponent', 'Error', 'escape', 'eval', 'EvalError', 'Event',
  'EventTarget', 'fetch', 'FetchEvent', 'File', 'Float32Array', 'Float64Array', 'FormData', 'Function', 'globalThis', 'Headers',
  'Infinity', 'Int8Array', 'Int16Array', 'Int32Array', 'Intl', 'isFinite', 'isNaN', 'JSON', 'Map', 'Math', 'NaN', 'Number', 'Object',
  'parseFloat', 'parseInt', 'Promise', 'PromiseRejectionEvent', 'Proxy', 'queueMicrotask', 'RangeError', 'ReadableStream',
  'ReadableStreamBYOBReader', 'ReadableStreamDefaultReader', 'ReferenceError', 'Reflect', 'RegExp', 'Request', 'Response', 'self',
  'Set', 'setInterval', 'setTimeout', 'SharedArrayBuffer', 'String', 'structuredClone', 'SubtleCrypto', 'Symbol', 'SyntaxError',
  'TextDecoder', 'TextDecoderStream', 'TextEncoder', 'TextEncoderStream', 'TransformStream', 'TypeError', 'Uint8Array',
  'Uint8ClampedArray', 'Uint16Array', 'Uint32Array', 'undefined', 'unescape', 'URIError', 'URL', 'URLPattern', 'URLSearchParams',
  'WeakMap', 'WeakSet', 'WebAssembly', 'WebSocket', 'WritableStream', 'WritableStreamDefaultWriter',
];

const ENCODINGS_SUPPORTED = [
  'ascii', 'big5', 'euc-jp', 'euc-kr', 'gb18030', 'gbk', 'ibm866', 'iso-2022-jp', 'iso-8859-1', 'iso-8859-2', 'iso-8859-3',
  'iso-8859-4', 'iso-8859-5', 'iso-8859-6', 'iso-8859-7', 'iso-8859-8', 'iso-8859-10', 'iso-8859-13', 'iso-8859-14',
  'iso-8859-15', 'koi8-r', 'koi8-u', 'latin1', 'macintosh', 'shift-jis', 'utf-16be', 'utf-16le', 'utf8', 'windows-874',
  'windows-1250', 'windows-1251', 'windows-1252', 'windows-1253', 'windows-1254', 'windows-1255', 'windows-1256',
  'windows-1257', 'windows-1258', 'x-mac-cyrillic',
];

const edgeRuntime: WebApiCase[] = [
  {
    id: 'vm-edge-runtime',
    peer: VM + 'edge-runtime.test.ts',
    test: 'Global primitives EdgeRuntime',
    run: `const keys = Object.keys(globalThis);
      return [globalThis.EdgeRuntime, EdgeRuntime, keys.length > 0, keys.includes('EdgeRuntime'), keys.includes('__conditionallyUpdatesHandlerList')];`,
    expected: ['edge-runtime', 'edge-runtime', true, false, false],
  },
  ...GLOBAL_APIS.map(
    (api): WebApiCase => ({
      id: `vm-global-${api}`,
      peer: VM + 'edge-runtime.test.ts',
      test: `\`${api}\` is defined in global scope`,
      run: `return ${api === 'undefined' ? `undefined === ${api}` : api === 'NaN' ? `Number.isNaN(${api})` : `typeof ${api} !== 'undefined' && !!${api}`};`,
      expected: true,
    }),
  ),
  {
    id: 'vm-fetch-text',
    peer: VM + 'edge-runtime.test.ts',
    test: '`fetch` works when parsing a response as text',
    run: `return (await fetch(ctx.server + '/html').then((res) => res.text())).startsWith('<!doctype html>');`,
    expected: true,
  },
  {
    id: 'vm-fetch-headers',
    peer: VM + 'edge-runtime.test.ts',
    test: '`fetch` works when using the `Headers` global primitive',
    run: `const headers = new Headers();
      const request = new Request('https://edge-ping.vercel.app', { headers: new Headers({ 'Content-Type': 'text/xml' }) });
      return [!!headers, !!request, request.headers.get('Content-Type')];`,
    expected: [true, true, 'text/xml'],
  },
  {
    id: 'vm-fetch-abort',
    peer: VM + 'edge-runtime.test.ts',
    test: '`fetch` works when using `AbortController`',
    run: `const controller = new AbortController(); controller.abort();
      return caught(() => fetch(ctx.server + '/text', { signal: controller.signal }));`,
    expected: 'AbortError: This operation was aborted',
  },
  {
    id: 'vm-fetch-outside',
    peer: VM + 'edge-runtime.test.ts',
    test: '`fetch` allows to run within the VM reading outside of it',
    run: `const { url, status } = await fetch(ctx.server + '/text'); return [url === ctx.server + '/text', status];`,
    expected: [true, 200],
  },
  {
    id: 'vm-text-decoder',
    peer: VM + 'edge-runtime.test.ts',
    test: '`TextDecoder` works when using Uint8Array',
    run: `return new TextDecoder('utf-8', { ignoreBOM: true }).decode(new Uint8Array([101, 100, 103, 101, 45, 112, 105, 110, 103, 46, 118, 101, 114, 99, 101, 108, 46, 97, 112, 112]));`,
    expected: 'edge-ping.vercel.app',
  },
  {
    id: 'vm-text-decoder-encodings',
    peer: VM + 'edge-runtime.test.ts',
    test: '`TextDecoder` supports a vary of encodings',
    run: `return ${JSON.stringify(ENCODINGS_SUPPORTED)}.filter((encoding) => { try { new TextDecoder(encoding); return true; } catch { return false; } });`,
    expected: ENCODINGS_SUPPORTED,
  },
  {
    id: 'vm-instanceof-builtins',
    peer: VM + 'edge-runtime.test.ts',
    test: 'Using `instanceof` uses the correct builtins for dependent APIs',
    run: `class Foo {}
      const cls = Foo;
      return [new TextEncoder().encode('abc') instanceof Uint8Array, new TextEncoder().encode('abc') instanceof Object, cls instanceof Function,
        new TextEncoderStream().writable instanceof WritableStream, new Uint8Array() instanceof Object, new AbortController() instanceof Object,
        new URL('https://example.vercel.sh') instanceof Object, new URLSearchParams() instanceof Object, new URLPattern() instanceof Object];`,
    expected: [true, true, true, true, true, true, true, true, true],
  },
  {
    id: 'vm-instanceof-literals',
    peer: VM + 'edge-runtime.test.ts',
    test: 'Using `instanceof` does not alter instanceof for literals and objects',
    run: `return [new Float32Array() instanceof Object, new Float32Array() instanceof Float32Array, [] instanceof Array, new Array() instanceof Array,
        /^hello$/gi instanceof RegExp, new RegExp('^hello$', 'gi') instanceof RegExp, ({ foo: 'bar' }) instanceof Object,
        Object.create({ foo: 'bar' }) instanceof Object, new Object({ foo: 'bar' }) instanceof Object, (() => {}) instanceof Function, (function () {}) instanceof Function];`,
    expected: [true, true, true, true, true, true, true, true, true, true, true],
  },
  ...['setTimeout', 'setInterval'].map(
    (f): WebApiCase => ({
      id: `vm-timer-${f}`,
      peer: VM + 'edge-runtime.test.ts',
      test: `\`Timers\` ${f} function should return integer`,
      run: `const timer = ${f}(() => {}, 1000); const isNumber = typeof timer === 'number'; clearTimeout(timer); return [${f}.name, isNumber];`,
      expected: [f, true],
    }),
  ),
];

/** A function that answers through its `fetch` listener, as EdgeVM's evaluate + dispatchFetch run it. */
const listener = (id: string, test: string, source: string, expected: unknown, more: Omit<NonNullable<WebApiCase['module']>, 'source'> = {}, peer = VM + 'edge-runtime.test.ts'): WebApiCase => ({
  id,
  peer,
  test,
  module: { source, ...more },
  expected,
});

const ok = (body: string, headers: string[] = ['content-type: text/plain;charset=UTF-8']) => ({ status: 200, statusText: '', headers, body });
const failed = { status: 500, statusText: 'Internal Server Error', headers: [], body: '' };

const events: WebApiCase[] = [
  listener(
    'vm-module-cache',
    'General behaviour reuses module caching across `dispatchFetch` invocations',
    `let count = 0;
    addEventListener('fetch', (event) => event.respondWith(new Response(++count)));`,
    [ok('1'), ok('2')],
    { requests: [{}, {}] },
  ),
  listener('vm-respond-with', 'Event handlers allows to add a `fetch` event handler and respond with a response', `addEventListener('fetch', (event) => { event.respondWith(new Response('Hi there!')); });`, [ok('Hi there!')]),
  listener(
    'vm-wait-until',
    'Event handlers allows to add a `fetch` event handler that extends execution with `waitUntil`',
    `const delay = (ms) => new Promise((resolve) => setTimeout(() => resolve(ms), ms));
    addEventListener('fetch', (event) => {
      event.waitUntil(Promise.resolve(delay(50)));
      event.waitUntil(Promise.resolve(delay(500)));
      event.respondWith(new Response(String(typeof event.waitUntil) + ' ' + event.awaiting.size + ' ' + (event instanceof FetchEvent) + ' ' + (event instanceof Event) + ' ' + event.type));
    });`,
    [ok('function 2 true true fetch')],
  ),
  listener(
    'vm-destructure',
    'Event handlers allows to destructure `waitUntil` and `respondWith',
    `const delay = (ms) => new Promise((resolve) => setTimeout(() => resolve(ms), ms));
    addEventListener('fetch', ({ waitUntil, respondWith }) => {
      waitUntil(Promise.resolve(delay(50)));
      waitUntil(Promise.resolve(delay(500)));
      respondWith(new Response());
    });`,
    [{ status: 200, statusText: '', headers: [], body: '' }],
  ),
  listener(
    'vm-no-leak-200',
    'Event handlers allows to add a `fetch` event handler that responds without leaking server headers on a 200',
    `addEventListener('fetch', (event) => {
      event.respondWith(new Response('success', { headers: { 'content-encoding': 'gzip', 'transform-encoding': 'compress', 'content-length': 7 } }));
    });`,
    [ok('success')],
  ),
  listener(
    'vm-no-leak-302',
    'Event handlers allows to add a `fetch` event handler that responds without leaking server headers on a 302',
    `addEventListener('fetch', (event) => { event.respondWith(Response.redirect(new URL('https://example.vercel.sh'))); });`,
    [{ status: 302, statusText: '', headers: ['location: https://example.vercel.sh/'], body: '' }],
  ),
  listener('vm-reject', 'Event handlers allows to add a `fetch` event handler and respond throwing an error', `addEventListener('fetch', (event) => Promise.reject(new Error('Oh no!')));`, [failed]),
  listener(
    'vm-fetch-response',
    'Event handlers allows to add a `fetch` event handler and respond with a fetch response',
    `addEventListener('fetch', (event) => {
      const { searchParams } = new URL(event.request.url);
      return event.respondWith(fetch(searchParams.get('server') + '/text'));
    });`,
    [{ status: 200, statusText: 'OK' }, { status: 200, statusText: 'OK' }],
    { requests: [{}, {}], observe: ['status', 'statusText'] },
  ),
  listener('vm-not-responding', 'Event handlers allows to add a `fetch` event handler and get an error response when not responding', `addEventListener('fetch', (event) => 'This should fail');`, [failed]),
  listener(
    'vm-respond-non-response',
    'Event handlers allows to add a `fetch` event handler and get an error response when responding with no response',
    `addEventListener('fetch', (event) => event.respondWith('This should fail'));`,
    [failed],
  ),
  listener(
    'vm-one-fetch-listener',
    'Event handlers does not allow to add more than one `fetch` event handler',
    `let second = 'no throw';
    addEventListener('fetch', (event) => { event.respondWith(new Response(second)); });
    try { addEventListener('fetch', (event) => { event.respondWith(new Response('Hi there!')); }); } catch (e) { second = e.name + ': ' + e.message; }`,
    [ok('TypeError: You can register just one "fetch" event listener')],
  ),
  listener(
    'vm-error-listeners',
    'Event handlers allows to add/remove generic `error` event handlers',
    `const uncaught = () => {};
    addEventListener('error', uncaught);
    removeEventListener('error', uncaught);
    addEventListener('unhandledrejection', uncaught);
    removeEventListener('unhandledrejection', uncaught);
    const first = (event) => event.respondWith(new Response('first'));
    addEventListener('fetch', first);
    removeEventListener('fetch', first);
    addEventListener('fetch', (event) => event.respondWith(new Response('second')));`,
    [ok('second')],
  ),
  listener(
    'runtime-cookies',
    'works with cookies header',
    `addEventListener('fetch', (event) => {
      const headers = new Headers();
      headers.append('set-cookie', 'foo=chocochip');
      headers.append('set-cookie', 'bar=chocochip');
      return event.respondWith(new Response(null, { headers }));
    });`,
    [{ status: 200, statusText: '', headers: ['set-cookie: bar=chocochip', 'set-cookie: foo=chocochip'], body: '' }],
    {},
    RUNTIME + 'server.test.ts',
  ),
  listener(
    'runtime-json',
    'works with json',
    `addEventListener('fetch', (event) => event.respondWith(new Response(JSON.stringify({ message: 'hi!' }), { headers: { 'content-type': 'application/json' } })));`,
    [{ status: 200, statusText: '', headers: ['content-type: application/json'], body: '{"message":"hi!"}' }],
    {},
    RUNTIME + 'server.test.ts',
  ),
  listener(
    'runtime-throws',
    'responds with an error when the code fails',
    `async function handleRequest() { throw new Error('Boom'); }
    addEventListener('fetch', (event) => event.respondWith(handleRequest(event)));`,
    [failed],
    {},
    RUNTIME + 'server.test.ts',
  ),
  listener(
    'runtime-post',
    'works with POST HTTP method',
    `async function handleRequest(event) {
      const body = await event.request.json();
      return new Response(JSON.stringify({ body }), { headers: { 'content-type': 'application/json' } });
    }
    addEventListener('fetch', (event) => event.respondWith(handleRequest(event)));`,
    [{ status: 200, statusText: '', headers: ['content-type: application/json'], body: '{"body":{"greeting":"hello"}}' }],
    { requests: [{ method: 'POST', body: JSON.stringify({ greeting: 'hello' }) }] },
    RUNTIME + 'server.test.ts',
  ),
  listener(
    'runtime-stream',
    'do not fail writing to the response socket Uint8Array',
    `addEventListener('fetch', (event) => {
      const stream = new ReadableStream({
        start(controller) {
          const encoder = new TextEncoder();
          controller.enqueue(encoder.encode('hi there1\\n'));
          controller.enqueue(encoder.encode('hi there2\\n'));
          controller.enqueue(encoder.encode('hi there3\\n'));
          controller.close();
        },
      });
      return event.respondWith(new Response(stream, { status: 200 }));
    });`,
    [{ status: 200, statusText: '', headers: [], body: 'hi there1\nhi there2\nhi there3\n' }],
    {},
    RUNTIME + 'server.test.ts',
  ),
  listener(
    'runtime-streamable',
    'streamable sanity test',
    `addEventListener('fetch', (event) => {
      let i = 0;
      const encoder = new TextEncoder();
      return event.respondWith(new Response(new ReadableStream({ async pull(controller) { if (i === 10) controller.close(); else controller.enqueue(encoder.encode(i++)); } })));
    });`,
    [{ status: 200, statusText: '', headers: [], body: '0123456789' }],
    {},
    RUNTIME + 'server.test.ts',
  ),
];

const instanceOf: WebApiCase[] = [
  {
    id: 'instanceof-dom-exception',
    peer: VM + 'instanceof.test.ts',
    test: 'DOMException',
    run: `const error = new DOMException(); return [error.constructor.name, error instanceof DOMException, error instanceof Error];`,
    expected: ['DOMException', true, true],
  },
  {
    id: 'instanceof-abort-controller',
    peer: VM + 'instanceof.test.ts',
    test: 'AbortController',
    run: `const controller = new AbortController(); controller.abort();
      const err = await fetch(ctx.server + '/text', { signal: controller.signal }).then(() => Promise.reject('should not resolve'), (e) => e);
      return [err.constructor.name, err instanceof DOMException, err instanceof Error, controller.signal instanceof AbortSignal];`,
    expected: ['DOMException', true, true, true],
  },
  {
    id: 'instanceof-prototype-chain',
    peer: VM + 'instanceof.test.ts',
    test: 'handles prototype chain correctly',
    // The peer's `outsideError` comes from the embedder's realm; a handler has no such value, so the inside half.
    run: `class TimeoutError extends Error {}
      class Timeout {}
      const err = new Error();
      return [err instanceof TimeoutError, err instanceof Timeout];`,
    expected: [false, false],
  },
  ...[
    ['literal object created inside the VM is `instanceof` Object inside the VM', '({}) instanceof Object'],
    ['literal array created inside the VM is `instanceof` Array inside the VM', '[] instanceof Array'],
    ['literal regexp created inside the VM is `instanceof` RegExp inside the VM', '/./ instanceof RegExp'],
    // "Outside the VM" is the runtime's side: values it hands the handler (the request's bytes).
    ['binary array created outside of the VM is `instanceof` Uint8Array inside the VM', 'new Uint8Array(await new Response("x").arrayBuffer()) instanceof Uint8Array && (await new Response("x").arrayBuffer()) instanceof ArrayBuffer'],
  ].map(
    ([test, expr], i): WebApiCase => ({ id: `instanceof-override-${i}`, peer: VM + 'instanceof.test.ts', test: `instanceof overriding ${test}`, run: `return ${expr};`, expected: true }),
  ),
];

const fetchWithinVm: WebApiCase[] = [
  {
    id: 'vm-fetch-within',
    peer: VM + 'fetch-within-vm.test.ts',
    test: 'fetch within vm',
    run: `return (await fetch(ctx.server + '/foo')).text();`,
    expected: 'Hello from /foo',
  },
  {
    id: 'vm-fetch-uint8array',
    peer: VM + 'fetch-within-vm.test.ts',
    test: 'sends a Uint8Array',
    run: `return (await fetch(ctx.server + '/foo', { method: 'POST', body: new Uint8Array([104, 105, 33]) })).text();`,
    expected: 'Hello from /foo with body hi!',
  },
];

/** What issue 8 names beyond the peers' own assertions: the proxy pattern and class identity. */
const ISSUE = 'issue 8 (the edge runtime as @edge-runtime/vm 5.0.0 behaves)';
const issue: WebApiCase[] = [
  {
    id: 'issue-stream-body-no-duplex',
    peer: ISSUE,
    test: 'a Request with a ReadableStream body and no duplex is built (the edge adds duplex: half)',
    run: `const body = new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode('streamed')); c.close(); } });
      const request = new Request('https://example.vercel.sh', { method: 'POST', body });
      return [request.duplex, await request.text()];`,
    expected: ['half', 'streamed'],
  },
  {
    id: 'issue-proxy-pattern',
    peer: ISSUE,
    test: "fetch(upstream, { method: 'POST', body: request.body }) forwards the body",
    run: `const incoming = new Request('https://example.vercel.sh', { method: 'POST', body: 'forwarded', headers: { 'content-type': 'text/plain' } });
      const response = await fetch(ctx.server + '/echo', { method: 'POST', body: incoming.body, headers: { 'content-type': 'text/plain' } });
      return response.json();`,
    expected: { method: 'POST', body: 'forwarded', type: 'text/plain' },
  },
  {
    id: 'issue-constructor-identity',
    peer: ISSUE,
    test: 'new Request(u).constructor === Request, and the same for Response',
    run: `return [new Request('https://example.vercel.sh').constructor === Request, new Response('x').constructor === Response, Request.prototype.constructor === Request, Response.json({}).constructor === Response];`,
    expected: [true, true, true, true],
  },
  {
    id: 'issue-fetch-event-class',
    peer: ISSUE,
    test: 'FetchEvent is a global: an Event of type fetch with request, respondWith and waitUntil',
    run: `const event = new FetchEvent(new Request('https://example.vercel.sh/x'));
      event.respondWith('r');
      return [typeof FetchEvent, event instanceof Event, event.type, event.request.url, event.response, typeof event.waitUntil, Object.keys(globalThis).includes('FetchEvent')];`,
    expected: ['function', true, 'fetch', 'https://example.vercel.sh/x', 'r', 'function', false],
  },
  {
    id: 'issue-request-misuse-message',
    peer: ISSUE,
    test: "misuse errors in undici's words without Chromium's prefix",
    run: `return [await caught(() => new Request('https://example.vercel.sh', { method: 'GET', body: 'x' })), await caught(() => new Response('x', { status: 99 }))];`,
    expected: ['TypeError: Request with GET/HEAD method cannot have body.', 'RangeError: init["status"] must be in the range of 200 to 599, inclusive.'],
  },
];

export const WEB_API_CASES: WebApiCase[] = [
  ...request,
  ...response,
  ...body,
  ...headers,
  ...fetchCases,
  ...abort,
  ...small,
  ...edgeRuntime,
  ...events,
  ...instanceOf,
  ...fetchWithinVm,
  ...issue,
];

/** Peer tests not ported, with the reason: they test the embedder's API or Node's realm, not what a handler sees. */
export const NOT_PORTED: { peer: string; test: string; reason: string }[] = [
  { peer: VM + 'edge-runtime.test.ts', test: 'allows to override predefined primitives', reason: "EdgeVM's `extend` option: an embedder API" },
  { peer: VM + 'edge-runtime.test.ts', test: 'allows to add/remove `unhandledrejection` event handlers', reason: "EdgeVM's process.on bookkeeping (vm-error-listeners covers add/remove from the handler)" },
  { peer: VM + 'instanceof.test.ts', test: 'the eight tests of values crossing from the VM to Node', reason: 'the Node realm outside the VM has no counterpart in a handler' },
  { peer: VM + 'vm.test.ts', test: 'all', reason: 'the bare VM class without the edge primitives' },
  { peer: VM + 'integration/error.test.ts', test: 'all', reason: 'console formatting, checked by test/e2e/edge-runtime.test.ts console' },
  { peer: RUNTIME + 'server.test.ts', test: 'starts an http server, run fetch events through http, waitUntil, cancellation', reason: "the runtime package's HTTP server" },
  { peer: RUNTIME + 'body-stream.test.ts', test: 'closes body stream when iteration breaks', reason: 'an internal helper of the runtime package' },
];
