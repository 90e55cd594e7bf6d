// L02–L04, L06, L07 on the Node runtime: thrown errors, payload limits and maxDuration, the harness's share and the
// host's (a synchronous loop can only be stopped by killing the process).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestHost, compile } from './harness-host';
import { formatBytes, formatLimit, GENERATIONS, limitsFor } from '../../src/lib/limits';
import { HARNESS_DEFAULT_PAYLOAD_BYTES } from '../../workers/shared/limits-data';

let host: TestHost;
beforeAll(async () => {
  host = await TestHost.start();
});
afterAll(() => host.close());

const FIVE_MB = 5 * 1000 * 1000;
const ERROR_PAGE = '500: INTERNAL_SERVER_ERROR\nCode: FUNCTION_INVOCATION_FAILED\n';

async function load(source: string, env: Record<string, string> = {}) {
  const loaded = await host.load(await compile(source), 'vercel-function', 'api/handler.ts', env);
  expect(loaded.error).toBeUndefined();
}

describe('thrown errors', () => {
  it('L04: a sync throw → 500 FUNCTION_INVOCATION_FAILED with the Vercel page, and the process keeps serving', async () => {
    await load(`let n = 0; export default (req, res) => { n++; if (req.url === '/throw') throw new Error('sync boom'); res.end('alive ' + n) }`);
    const failed = await host.request({ path: '/throw' });
    expect(failed.status).toBe(500);
    expect(failed.text).toBe(ERROR_PAGE);
    expect(failed.header('x-vercel-error')).toBe('FUNCTION_INVOCATION_FAILED');
    expect(failed.errors).toHaveLength(1);
    expect(failed.errors[0]).toMatchObject({ code: 'FUNCTION_INVOCATION_FAILED', message: 'Error: sync boom' });
    expect(failed.errors[0].stack).toContain('sync boom');
    const next = await host.request({ path: '/ok' });
    expect(next.text).toBe('alive 2'); // same process, same module state
  });

  it('L04: a thrown value that is not an Error is reported as Node prints it: Uncaught and its JSON, or the string', async () => {
    await load(`export default (req, res) => { if (req.url === '/string') throw 'plain text'; throw { reason: 'boom', code: 7 } }`);
    const [object, string] = await Promise.all([host.request({ path: '/object' }), host.request({ path: '/string' })]);
    expect([object.status, object.text, object.errors[0].message]).toEqual([500, ERROR_PAGE, 'Uncaught {"reason":"boom","code":7}']);
    expect([string.status, string.errors[0].message]).toEqual([500, 'Uncaught plain text']);
  });

  it('L04: an async throw and an unhandled rejection in a timer fail their own request', async () => {
    await load(`export default async (req, res) => {
      if (req.url === '/async') { await new Promise((r) => setTimeout(r, 10)); throw new Error('async boom') }
      if (req.url === '/timer') { setTimeout(() => Promise.reject(new Error('late rejection')), 10); return }
      res.end('ok');
    }`);
    const [asyncFailed, timerFailed, ok] = await Promise.all([
      host.request({ path: '/async' }),
      host.request({ path: '/timer' }),
      host.request({ path: '/ok' }),
    ]);
    expect([asyncFailed.status, asyncFailed.errors[0].message]).toEqual([500, 'Error: async boom']);
    expect([timerFailed.status, timerFailed.errors[0].message]).toEqual([500, 'Error: late rejection']);
    expect([ok.status, ok.text, ok.errors]).toEqual([200, 'ok', []]);
  });

  it('L04: a throw after the head was sent → error event mid-stream, no error page', async () => {
    await load(`export default (req, res) => { res.write('first'); setTimeout(() => { throw new Error('mid-stream') }, 30) }`);
    const r = await host.request();
    expect(r.status).toBe(200);
    expect(r.text).toBe('first');
    expect(r.errors[0]).toMatchObject({ code: 'FUNCTION_INVOCATION_FAILED', message: 'Error: mid-stream' });
  });
});

describe('payload limits (the harness applies one body limit, its default the table\'s 4.5 MB)', () => {
  it('L07 (both generations): with no limit from the host, the harness uses the limits table\'s response body limit', async () => {
    const table = limitsFor().node.maxResponseBodyBytes;
    expect(GENERATIONS.map((g) => limitsFor('hobby', {}, g).node.maxResponseBodyBytes)).toEqual([table, table]);
    expect(HARNESS_DEFAULT_PAYLOAD_BYTES).toBe(table);
    await load(`export default (req, res) => res.send('r'.repeat(Number(new URL(req.url, 'http://x').searchParams.get('n'))))`);
    const fits = await host.request({ path: `/?n=${table}` });
    expect([fits.status, fits.body.length]).toEqual([200, table]);
    const over = await host.request({ path: `/?n=${table + 1}` });
    expect([over.status, over.errors[0]?.message]).toEqual([413, `The response body is ${formatBytes(table + 1)}; a function's response body may be at most ${formatLimit(table)} unless it is streamed.`]);
  });

  it('L06 (legacy 2024): a 5 MB request body → 413 FUNCTION_PAYLOAD_TOO_LARGE before the handler runs', async () => {
    await load(`export default (req, res) => { console.log('handler ran'); res.end('ok') }`);
    const r = await host.request({ method: 'POST', headers: [['content-type', 'text/plain']], body: 'x'.repeat(FIVE_MB) });
    expect(r.status).toBe(413);
    expect(r.text).toBe('413: PAYLOAD_TOO_LARGE\nCode: FUNCTION_PAYLOAD_TOO_LARGE\n');
    expect(r.errors[0].code).toBe('FUNCTION_PAYLOAD_TOO_LARGE');
    expect(r.errors[0].message).toBe("The request body is 5,000,000 bytes; a function's request body may be at most 4,500,000 bytes (4.5 MB).");
    expect(r.logs).toHaveLength(0);
    const under = await host.request({ method: 'POST', headers: [['content-type', 'text/plain']], body: 'x'.repeat(4_500_000) });
    expect(under.text).toBe('ok');
  });

  it('L06 (legacy 2024): one byte over the decimal 4.5 MB limit → 413 whose message tells size and limit apart', async () => {
    await load(`export default (req, res) => { res.end('ok') }`);
    const r = await host.request({ method: 'POST', headers: [['content-type', 'text/plain']], body: 'x'.repeat(4_500_001) });
    expect([r.status, r.errors[0]?.message]).toEqual([413, "The request body is 4,500,001 bytes; a function's request body may be at most 4,500,000 bytes (4.5 MB)."]);
  });

  it('L07 (both generations): a 5 MB response body sent whole → 413; the same bytes streamed with res.write → 200', async () => {
    await load(`const big = 'y'.repeat(${FIVE_MB});
      export default (req, res) => {
        if (req.url === '/whole') return res.send(big);
        for (let i = 0; i < 5; i++) res.write(big.slice(i * 1000000, (i + 1) * 1000000));
        res.end();
      }`);
    const whole = await host.request({ path: '/whole' });
    expect(whole.status).toBe(413);
    expect(whole.errors[0].code).toBe('FUNCTION_PAYLOAD_TOO_LARGE');
    expect(whole.errors[0].message).toBe("The response body is 5,000,000 bytes; a function's response body may be at most 4,500,000 bytes (4.5 MB) unless it is streamed.");
    const streamed = await host.request({ path: '/streamed' });
    expect(streamed.status).toBe(200);
    expect(streamed.body.length).toBe(FIVE_MB);
  });

  it('L07: a whole 5 MB Web Response → 413; a Lambda body of 5 MB → 413; the limit comes from invoke', async () => {
    const web = await host.load(await compile(`export function GET() { return new Response('z'.repeat(${FIVE_MB})) }`), 'vercel-function', 'api/handler.ts', {});
    expect(web.error).toBeUndefined();
    expect((await host.request()).status).toBe(413);
    const small = await host.request({}, { maxPayloadBytes: 10_000_000 });
    expect([small.status, small.body.length]).toEqual([200, FIVE_MB]);
    await load(`exports.handler = async () => ({ statusCode: 200, body: 'z'.repeat(${FIVE_MB}) })`, { NODEJS_AWS_HANDLER_NAME: 'handler' });
    expect((await host.request()).status).toBe(413);
  });
});

describe('maxDuration', () => {
  it('L03: a handler that never responds → 504 FUNCTION_INVOCATION_TIMEOUT at the deadline (the harness answers)', async () => {
    await load(`export default () => new Promise(() => {})`);
    const r = await host.request({}, { deadlineMs: 250 });
    expect(r.status).toBe(504);
    expect(r.text).toBe('504: GATEWAY_TIMEOUT\nCode: FUNCTION_INVOCATION_TIMEOUT\n');
    expect(r.timings!.totalMs).toBeGreaterThanOrEqual(245);
    expect(r.timings!.totalMs).toBeLessThan(1000); // well before the host's kill
    expect(host.exited).toBe(false);
  });

  it('L02: a stream still going at maxDuration is cut mid-stream', async () => {
    await load(`export default (req, res) => { res.write('a'); const t = setInterval(() => res.write('b'), 50); req.on('close', () => clearInterval(t)) }`);
    const r = await host.request({}, { deadlineMs: 300 });
    expect(r.status).toBe(200);
    expect(r.text).toMatch(/^ab+$/);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0].code).toBe('FUNCTION_INVOCATION_TIMEOUT');
    const after = await host.request({}, { deadlineMs: 100 });
    expect(after.status).toBe(200); // the process still serves
  });
});

describe('a synchronous loop (the host owns the kill)', () => {
  it('L03: a sync infinite loop never lets the harness answer; the host kills the process and answers 504', async () => {
    const looping = await TestHost.start({ killGraceMs: 300 });
    try {
      await looping.load(await compile(`export default () => { for (;;) {} }`));
      const r = await looping.request({}, { deadlineMs: 200 });
      expect(r.status).toBe(504);
      expect(r.errors[0].code).toBe('FUNCTION_INVOCATION_TIMEOUT');
      expect(r.timings!.totalMs).toBeGreaterThanOrEqual(480);
      await new Promise((resolve) => (looping.exited ? resolve(null) : looping.child.once('exit', resolve)));
      expect(looping.exited).toBe(true);
    } finally {
      await looping.close();
    }
  });
});
