// H01–H23: the @vercel/node request and response helpers, under real Node through the harness.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestHost, compile, type Collected, type RequestInit } from './harness-host';

let host: TestHost;
beforeAll(async () => {
  host = await TestHost.start();
});
afterAll(() => host.close());

async function serve(source: string, init: RequestInit = {}, env: Record<string, string> = {}): Promise<Collected> {
  const loaded = await host.load(await compile(source), 'vercel-function', 'api/handler.ts', env);
  expect(loaded.error).toBeUndefined();
  return host.request(init);
}

async function serveMany(source: string, inits: RequestInit[], env: Record<string, string> = {}): Promise<Collected[]> {
  const loaded = await host.load(await compile(source), 'vercel-function', 'api/handler.ts', env);
  expect(loaded.error).toBeUndefined();
  const results: Collected[] = [];
  for (const init of inits) results.push(await host.request(init));
  return results;
}

const POST = (contentType: string | null, body: string | Uint8Array): RequestInit => ({
  method: 'POST',
  headers: contentType === null ? [] : [['content-type', contentType]],
  body,
});

/** A handler that answers with `JSON.stringify` of an expression of `req`, without using the response helpers. */
const echo = (expression: string) => `export default function (req, res) { res.end(JSON.stringify(${expression}) ?? 'undefined') }`;

describe('request helpers', () => {
  it('H01: req.query turns repeated keys into arrays', async () => {
    const r = await serve(echo('req.query'), { path: '/api/handler?a=1&a=2&b=&c=x%20y&a=3&d' });
    expect(r.text).toBe('{"a":["1","2","3"],"b":"","c":"x y","d":""}');
  });

  it('H02: req.query without a query is {}', async () => {
    const r = await serve(echo('req.query'), { path: '/api/handler' });
    expect(r.text).toBe('{}');
  });

  it('H03: req.cookies keeps the first duplicate and URI-decodes values; no header → {}', async () => {
    const [withCookies, without] = await serveMany(echo('req.cookies'), [{ headers: [['cookie', 'a=1; b=hello%20world; a=2']] }, {}]);
    expect(withCookies.text).toBe('{"a":"1","b":"hello world"}');
    expect(without.text).toBe('{}');
  });

  it('H03: the helpers are lazy and assignable', async () => {
    const r = await serve(`export default function (req, res) {
      const lazy = typeof Object.getOwnPropertyDescriptor(req, 'query').get;
      req.query = 'mine';
      res.end(lazy + ',' + req.query);
    }`);
    expect(r.text).toBe('function,mine');
  });

  it('H04: a body without content-type is undefined', async () => {
    const r = await serve(echo('typeof req.body'), POST(null, 'x=1'));
    expect(r.text).toBe('"undefined"');
  });

  it('H05: JSON bodies: plain, with charset, and empty → {}', async () => {
    const [plain, charset, empty] = await serveMany(echo('req.body'), [
      POST('application/json', '{"x":1}'),
      POST('application/json; charset=utf-8', '{"x":1}'),
      POST('application/json', ''),
    ]);
    expect(plain.text).toBe('{"x":1}');
    expect(charset.text).toBe('{"x":1}');
    expect(empty.text).toBe('{}');
  });

  it('H06: malformed JSON, caught: the getter throws Invalid JSON with statusCode 400', async () => {
    const r = await serve(
      `export default function (req, res) { try { req.body; res.end('no throw') } catch (e) { res.end(e.message + ' ' + e.statusCode) } }`,
      POST('application/json', '{bad'),
    );
    expect(r.text).toBe('Invalid JSON 400');
  });

  it('H07: malformed JSON, uncaught: 500 FUNCTION_INVOCATION_FAILED', async () => {
    const r = await serve(`export default function (req, res) { res.json(req.body) }`, POST('application/json', '{bad'));
    expect(r.status).toBe(500);
    expect(r.text).toBe('500: INTERNAL_SERVER_ERROR\nCode: FUNCTION_INVOCATION_FAILED\n');
    expect(r.errors[0].code).toBe('FUNCTION_INVOCATION_FAILED');
    expect(r.errors[0].message).toBe('Error: Invalid JSON');
  });

  it('H08: urlencoded bodies go through querystring.parse', async () => {
    const r = await serve(echo('req.body'), POST('application/x-www-form-urlencoded', 'a=1&a=2&b=x+y'));
    expect(r.text).toBe('{"a":["1","2"],"b":"x y"}');
  });

  it('H09: text/plain is a string', async () => {
    const r = await serve(echo('[typeof req.body, req.body]'), POST('text/plain', 'hello'));
    expect(r.text).toBe('["string","hello"]');
  });

  it('H10: octet-stream is a Buffer', async () => {
    const r = await serve(echo(`[Buffer.isBuffer(req.body), req.body.toString('hex')]`), POST('application/octet-stream', new Uint8Array([1, 2, 0xff])));
    expect(r.text).toBe('[true,"0102ff"]');
  });

  it('H11: xml, ld+json and multipart bodies are undefined', async () => {
    const results = await serveMany(echo('typeof req.body'), [
      POST('application/xml', '<a/>'),
      POST('application/ld+json', '{"x":1}'),
      POST('multipart/form-data; boundary=x', '--x--'),
    ]);
    expect(results.map((r) => r.text)).toEqual(['"undefined"', '"undefined"', '"undefined"']);
  });

  it('H04: the request stream stays readable for the handler', async () => {
    const r = await serve(
      `export default function (req, res) { let s = ''; req.on('data', (c) => (s += c)); req.on('end', () => res.end(typeof req.body + ':' + s)) }`,
      POST('application/json', '{"x":1}'),
    );
    expect(r.text).toBe('object:{"x":1}');
  });
});

describe('response helpers', () => {
  it('H12: res.send(string) → text/html, content-length and a weak ETag', async () => {
    const r = await serve(`export default (req, res) => res.send('hi')`);
    expect(r.status).toBe(200);
    expect(r.header('content-type')).toBe('text/html; charset=utf-8');
    expect(r.header('content-length')).toBe('2');
    expect(r.header('etag')).toBe('W/"2-witfkXg0JglCjW9RssWvTAveakI"');
    expect(r.text).toBe('hi');
  });

  it('H13: objects, numbers and booleans are sent as JSON', async () => {
    const results = await serveMany(
      `export default (req, res) => res.send({ '/o': { a: 1 }, '/n': 42, '/b': true }[new URL(req.url, 'http://x').pathname])`,
      [{ path: '/o' }, { path: '/n' }, { path: '/b' }],
    );
    expect(results.map((r) => r.text)).toEqual(['{"a":1}', '42', 'true']);
    for (const r of results) expect(r.header('content-type')).toBe('application/json; charset=utf-8');
  });

  it('H14: send(null) → empty with length 0 and an ETag; send(undefined) → empty, no ETag', async () => {
    const [nul, undef] = await serveMany(`export default (req, res) => res.send(req.url.includes('null') ? null : undefined)`, [
      { path: '/null' },
      { path: '/undefined' },
    ]);
    expect(nul.text).toBe('');
    expect(nul.header('content-length')).toBe('0');
    expect(nul.header('etag')).toBe('W/"0-2jmj7l5rSw0yVb/vlWAYkK/YBwk"');
    expect(nul.header('content-type')).toBeNull();
    expect(undef.text).toBe('');
    expect(undef.header('etag')).toBeNull();
    expect(undef.header('content-type')).toBeNull();
  });

  it('H15: a Buffer → application/octet-stream', async () => {
    const r = await serve(`export default (req, res) => res.send(Buffer.from([1, 2, 3]))`);
    expect(r.header('content-type')).toBe('application/octet-stream');
    expect(r.header('content-length')).toBe('3');
    expect([...r.body]).toEqual([1, 2, 3]);
  });

  it('H16: a preset content-type gets charset=utf-8', async () => {
    const r = await serve(`export default (req, res) => { res.setHeader('content-type', 'text/plain'); res.send('x') }`);
    expect(r.header('content-type')).toBe('text/plain; charset=utf-8');
  });

  it('H17: 204 drops the body and the entity headers but keeps the ETag', async () => {
    const r = await serve(`export default (req, res) => res.status(204).send('x')`);
    expect(r.status).toBe(204);
    expect(r.header('content-type')).toBeNull();
    expect(r.header('content-length')).toBeNull();
    expect(r.header('etag')).toBe('W/"1-EfatjsUqKYSrqv18O1FlA3hcIHI"');
    expect(r.body.length).toBe(0);
  });

  it('H18: HEAD gets the headers of H12 and no body', async () => {
    const r = await serve(`export default (req, res) => res.send('hi')`, { method: 'HEAD' });
    expect(r.status).toBe(200);
    expect(r.header('content-type')).toBe('text/html; charset=utf-8');
    expect(r.header('content-length')).toBe('2');
    expect(r.header('etag')).toBe('W/"2-witfkXg0JglCjW9RssWvTAveakI"');
    expect(r.body.length).toBe(0);
  });

  it('H19: res.redirect(url) → 307 with Location and an empty body', async () => {
    const r = await serve(`export default (req, res) => res.redirect('/dest')`);
    expect(r.status).toBe(307);
    expect(r.header('location')).toBe('/dest');
    expect(r.body.length).toBe(0);
  });

  it('H20: redirect(301, url) / redirect(a, b) / redirect(301) throws Invalid redirect arguments', async () => {
    const [permanent, twoUrls, statusOnly] = await serveMany(
      `export default (req, res) => {
        if (req.url === '/301') return res.redirect(301, '/dest');
        if (req.url === '/ab') return res.redirect('/a', '/b');
        try { res.redirect(301) } catch (e) { res.status(500).send(e.message) }
      }`,
      [{ path: '/301' }, { path: '/ab' }, { path: '/bad' }],
    );
    expect([permanent.status, permanent.header('location')]).toEqual([301, '/dest']);
    expect([twoUrls.status, twoUrls.header('location')]).toEqual([307, '/a']);
    expect(statusOnly.text).toBe(
      "Invalid redirect arguments. Please use a single argument URL, e.g. res.redirect('/destination') or use a status code and URL, e.g. res.redirect(307, '/destination').",
    );
  });

  it('H21: res.status(201).json(...) is chainable', async () => {
    const r = await serve(`export default (req, res) => res.status(201).json({ ok: true })`);
    expect(r.status).toBe(201);
    expect(r.header('content-type')).toBe('application/json; charset=utf-8');
    expect(r.text).toBe('{"ok":true}');
  });

  it('H21: res.json(string) sends a JSON string', async () => {
    const r = await serve(`export default (req, res) => res.json('x')`);
    expect(r.text).toBe('"x"');
  });
});

describe('helpers switched off', () => {
  it('H22: NODEJS_HELPERS=0 → res.status is not a function, req.query undefined', async () => {
    const source = `export default (req, res) => {
      if (req.url === '/query') return res.end(typeof req.query);
      res.status(200).end('x');
    }`;
    const [status, query] = await serveMany(source, [{ path: '/status' }, { path: '/query' }], { NODEJS_HELPERS: '0' });
    expect(status.status).toBe(500);
    expect(status.errors[0].message).toBe('TypeError: res.status is not a function');
    expect(query.text).toBe('undefined');
  });

  it('H23: an Express-like default export (it has .listen) gets no helpers', async () => {
    const r = await serve(`
      const app = (req, res) => res.end(typeof req.query + ',' + typeof res.send);
      app.listen = () => {};
      export default app;`);
    expect(r.text).toBe('undefined,undefined');
  });

  it('H23: CommonJS module.exports = (req, res) is a Vercel function with helpers', async () => {
    const r = await serve(`module.exports = (req, res) => { const { name = 'World' } = req.query; res.send(\`Hello \${name}!\`) }`, {
      path: '/api/handler?name=Node',
    });
    expect(r.text).toBe('Hello Node!');
  });
});
