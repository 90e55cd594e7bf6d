// The Ruby runtime (runtime-spec-2026 §2.5) in real Chromium against the production build: CRuby 3.3 for WASI and
// WEBrick from our own origin in the languages sandbox (languages.html, an opaque origin), driven through the embed API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/lib/run-record.svelte';
import { openEmbed, type EmbedClient } from './embed-client';

const header = (r: RunResult, name: string) => r.headers.find(([k]) => k.toLowerCase() === name)?.[1] ?? null;
const logs = (r: RunResult, level?: string) => r.logs.filter((l) => !level || l.level === level).map((l) => l.text);

/** Vercel's docs example (Ruby runtime page), without its third-party gem. */
const HELLO = `Handler = Proc.new do |request, response|
  name = request.query['name'] || 'World'
  puts "Saying hello to #{name}"

  response.status = 200
  response['Content-Type'] = 'text/text; charset=utf-8'
  response.body = "Hello #{name}, from Ruby #{RUBY_VERSION}!"
end
`;

describe('Ruby functions (api/*.rb) through the embed API', () => {
  let embed: EmbedClient;
  const run = (path: string, source: string, request: Parameters<EmbedClient['runFile']>[2] = {}, options: Parameters<EmbedClient['runFile']>[3] = {}) =>
    embed.runFile(path, source, { url: '/' + path.replace(/\.rb$/, ''), ...request }, options);

  beforeAll(async () => {
    embed = await openEmbed('/?embed');
  });

  afterAll(async () => {
    await embed?.page.context().close();
  });

  it('§2.5 a Handler Proc: req.query, res.status, res[Content-Type], res.body and puts, on the ruby runtime; cold and warm measured', async () => {
    const t0 = Date.now();
    const r = await run('api/hello.rb', HELLO, { url: '/api/hello?name=Ada' });
    const coldMs = Date.now() - t0;
    expect(r.error ?? null).toBeNull();
    expect(r.runtime).toBe('ruby');
    expect(r.status).toBe(200);
    expect(r.body).toMatch(/^Hello Ada, from Ruby 3\.3\.\d+!$/);
    expect(header(r, 'content-type')).toBe('text/text; charset=utf-8');
    expect(logs(r, 'log')).toEqual(['Saying hello to Ada']);
    const times: number[] = [];
    let warm: RunResult[] = [];
    for (let i = 0; i < 5; i++) {
      const t = Date.now();
      warm = await embed.run('api/hello.rb', { method: 'GET', url: `/api/hello?name=n${i}` });
      times.push(Date.now() - t);
    }
    console.log(`ruby cold start (load + first run, page clock) ${coldMs} ms; warm runs ${times.join(', ')} ms; timings ${JSON.stringify(warm[0].timings)}`);
    expect(warm[0].body).toMatch(/^Hello n4, /);
  }, 120_000);

  it('§2.5 a WEBrick::HTTPServlet::AbstractServlet subclass: do_GET, and do_POST reading the body', async () => {
    const servlet = `class Handler < WEBrick::HTTPServlet::AbstractServlet
  def do_GET(req, res)
    res['Content-Type'] = 'text/plain'
    res.body = "GET #{req.path} #{req.query['q']}"
  end

  def do_POST(req, res)
    res.status = 201
    res.body = req.body.upcase
  end
end
`;
    const get = await run('api/servlet.rb', servlet, { url: '/api/servlet?q=1' });
    expect([get.status, get.body]).toEqual([200, 'GET /api/servlet 1']);
    const [post] = await embed.run('api/servlet.rb', { method: 'POST', url: '/api/servlet', headers: [['content-type', 'text/plain']], body: 'shout' });
    expect([post.status, post.body]).toEqual([201, 'SHOUT']);
  }, 60_000);

  it('§2.5 no Handler: 500 `Handler not defined in lambda`', async () => {
    const r = await run('api/none.rb', "def handler(req, res)\n  res.body = 'x'\nend\n");
    expect([r.status, r.body]).toEqual([500, 'Handler not defined in lambda']);
  }, 60_000);

  it('an exception in the handler: WEBrick’s 500 page; the exception and the user’s file:line on stderr', async () => {
    const r = await run('api/boom.rb', "Handler = Proc.new do |req, res|\n  raise ArgumentError, 'boom'\nend\n");
    expect(r.status).toBe(500);
    expect(r.body).toContain('<H1>Internal Server Error</H1>');
    const stderr = logs(r, 'error').join('\n');
    expect(stderr).toContain('ERROR ArgumentError: boom');
    expect(stderr).toContain('/var/task/api/boom.rb:2');
  }, 60_000);

  it('an exception while the file loads: 500 FUNCTION_INVOCATION_FAILED with the user’s file:line', async () => {
    const r = await run('api/top.rb', "require 'json'\nJSON.parse('{')\n");
    expect(r.status).toBe(500);
    expect(r.error?.code).toBe('FUNCTION_INVOCATION_FAILED');
    expect(r.error?.message).toMatch(/^\/var\/task\/api\/top\.rb:2:in .*\(JSON::ParserError\)$/s);
  }, 60_000);

  it('a syntax error: FUNCTION_INVOCATION_FAILED naming the file and line', async () => {
    const r = await run('api/syntax.rb', "Handler = Proc.new do |req, res|\n  res.body = (1 +\nend\n");
    expect(r.error?.code).toBe('FUNCTION_INVOCATION_FAILED');
    expect(r.error?.message).toMatch(/^\/var\/task\/api\/syntax\.rb:\d+: syntax error/);
  }, 60_000);

  it('the docs example’s `require \'cowsay\'`: a gem that is not shipped is named, and why', async () => {
    const r = await run('api/cow.rb', "require 'cowsay'\n" + HELLO.replace('"Hello #{name}, from Ruby #{RUBY_VERSION}!"', "Cowsay.say(\"Hello #{name}\", 'cow')"));
    expect(r.error?.code).toBe('FUNCTION_INVOCATION_FAILED');
    expect(r.error?.message).toContain('cannot load such file -- cowsay');
    expect(r.error?.message).toContain('The gem "cowsay" is not available in this playground');
  }, 60_000);

  it('hostile code: Ruby’s JavaScript bridge cannot reach the worker (fetch, location)', async () => {
    const attack = "Handler = Proc.new do |req, res|\n  require 'js'\n  res.body = JS.global[:location][:href].to_s\n  JS.global.call(:fetch, '/__node/')\nend\n";
    const r = await run('api/js.rb', attack);
    expect(r.error?.code).toBe('FUNCTION_INVOCATION_FAILED');
    expect(r.error?.message).toContain("Ruby's JavaScript bridge (require 'js') is not available");
    expect(r.body).not.toMatch(/data:|https?:/);
  }, 60_000);

  it('maxDuration (vercel.json): a handler that never returns answers 504 FUNCTION_INVOCATION_TIMEOUT; the next run starts a new worker', async () => {
    const loaded = await embed.load({
      'api/loop.rb': 'Handler = Proc.new { |req, res| loop { } }\n',
      'vercel.json': JSON.stringify({ functions: { 'api/loop.rb': { maxDuration: 1 } } }),
    });
    expect(loaded.ok).toBe(true);
    const t0 = Date.now();
    const [r] = await embed.run('api/loop.rb', { method: 'GET', url: '/api/loop' });
    expect(r.status).toBe(504);
    expect(r.error?.code).toBe('FUNCTION_INVOCATION_TIMEOUT');
    expect(Date.now() - t0).toBeLessThan(30_000);
    const next = await run('api/hello.rb', HELLO);
    expect(next.status).toBe(200);
  }, 120_000);
});
