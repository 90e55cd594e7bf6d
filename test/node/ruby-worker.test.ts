// The Ruby runtime's core (workers/ruby/vm.ts: CRuby 3.3 for WASI, WEBrick, Vercel's vc_init.rb without sockets)
// under Node on the same WASI shim the browser worker uses. The worker around it (download, progress, messages) is
// thin; the browser tests drive it through the languages sandbox.
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, test } from 'vitest';
import { packRubyLib, RUBY_LIB_JSON } from '../../scripts/pack-ruby-lib.mjs';
import type { LanguageRequest, RunEvent } from '../../workers/protocol';
import { JS_BRIDGE_MESSAGE, RUBY_WASM, RubyRuntime } from '../../workers/ruby/vm';
import rubyLib from '../../workers/ruby/ruby-lib.json';
import { CONSOLE_CAPS } from '../../workers/shared/limits-data';

const require = createRequire(import.meta.url);
const wasmPath = require.resolve(`${RUBY_WASM.package}/dist/${RUBY_WASM.file}`);

interface Result {
  status: number;
  headers: Record<string, string>;
  body: string;
  logs: { level: string; text: string }[];
  error?: { code: string; message: string; stack?: string };
  events: RunEvent[];
}

let ruby: RubyRuntime;

async function run(files: Record<string, string>, entry: string, request: Partial<LanguageRequest> = {}, env?: Record<string, string>): Promise<Result> {
  const events: RunEvent[] = [];
  const req: LanguageRequest = { method: 'GET', url: `/${entry.replace(/\.rb$/, '')}`, headers: [['host', 'localhost:3000']], body: null, ...request };
  await ruby.invoke({ files, entry, request: req, env }, (e) => events.push(e));
  const head = events.find((e) => e.type === 'head');
  const body = Buffer.concat(events.flatMap((e) => (e.type === 'chunk' ? [e.bytes] : []))).toString('utf8');
  const error = events.find((e) => e.type === 'error');
  const end = events.at(-1);
  expect(end?.type).toBe('end');
  // `t` is ms since the run started (the sandbox shifts it onto its own clock).
  const totalMs = end?.type === 'end' ? end.timings.totalMs : 0;
  for (const e of events) if ('t' in e) expect(e.t).toBeGreaterThanOrEqual(0), expect(e.t).toBeLessThanOrEqual(totalMs + 1);
  return {
    status: head?.type === 'head' ? head.status : 0,
    headers: head?.type === 'head' ? Object.fromEntries(head.headers) : {},
    body,
    logs: events.flatMap((e) => (e.type === 'log' ? [{ level: e.level, text: e.text }] : [])),
    error: error?.type === 'error' ? { code: error.code, message: error.message, stack: error.stack } : undefined,
    events,
  };
}

const HELLO = `Handler = Proc.new do |request, response|
  name = request.query['name'] || 'World'
  puts "greeting #{name}"
  response.status = 200
  response['Content-Type'] = 'text/text; charset=utf-8'
  response.body = "Hello #{name} from Ruby #{RUBY_VERSION}"
end
`;

beforeAll(async () => {
  const module = await WebAssembly.compile(readFileSync(wasmPath));
  ruby = await RubyRuntime.start(module, rubyLib);
}, 60_000);

describe('Ruby assets', () => {
  test('workers/ruby/ruby-lib.json is packed from workers/ruby/lib and workers/ruby/webrick (node scripts/pack-ruby-lib.mjs)', () => {
    expect(readFileSync(RUBY_LIB_JSON, 'utf8')).toBe(packRubyLib());
  });

  test('RUBY_WASM.bytes is the size of the npm package’s wasm (the progress bar’s total)', () => {
    expect(statSync(wasmPath).size).toBe(RUBY_WASM.bytes);
  });

  test('the interpreter is CRuby 3.3 (Vercel’s default Ruby, runtime-spec-2026 §2.5)', () => {
    expect(ruby.description).toMatch(/^ruby 3\.3\.\d+ .*wasm32-wasi/);
  });
});

describe('Ruby handlers (runtime-spec-2026 §2.5)', () => {
  test('a Handler Proc answers with req.query, res.status, res[Content-Type] and res.body; puts is a log line', async () => {
    const r = await run({ 'api/hello.rb': HELLO }, 'api/hello.rb', { url: '/api/hello?name=Ada' });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('text/text; charset=utf-8');
    expect(r.body).toMatch(/^Hello Ada from Ruby 3\.3\.\d+$/);
    expect(r.headers['content-length']).toBe(String(Buffer.byteLength(r.body)));
    expect(r.logs).toEqual([{ level: 'log', text: 'greeting Ada' }]);
    expect(r.headers.server).toBeUndefined();
  });

  test('a WEBrick::HTTPServlet::AbstractServlet subclass: do_GET and do_POST with the body; a method it lacks is WEBrick’s 405', async () => {
    const files = {
      'api/servlet.rb': `require 'json'
class Handler < WEBrick::HTTPServlet::AbstractServlet
  def do_GET(req, res)
    res['Content-Type'] = 'application/json'
    res.body = JSON.generate({ path: req.path, method: req.request_method, agent: req['user-agent'] })
  end

  def do_POST(req, res)
    res.status = 201
    res.body = "got #{req.body.bytesize} bytes: #{JSON.parse(req.body)['n'] * 2}"
  end
end
`,
    };
    const get = await run(files, 'api/servlet.rb', { url: '/api/servlet?x=1', headers: [['host', 'localhost:3000'], ['user-agent', 'test']] });
    expect(get.status).toBe(200);
    expect(JSON.parse(get.body)).toEqual({ path: '/api/servlet', method: 'GET', agent: 'test' });
    const body = new TextEncoder().encode('{"n":21}');
    const post = await run(files, 'api/servlet.rb', { method: 'POST', headers: [['content-type', 'application/json']], body });
    expect([post.status, post.body]).toEqual([201, 'got 8 bytes: 42']);
    const del = await run(files, 'api/servlet.rb', { method: 'DELETE' });
    expect(del.status).toBe(405);
    expect(del.body).toContain("unsupported method `DELETE'.");
  });

  test('no Handler: Vercel’s 500 `Handler not defined in lambda`', async () => {
    const r = await run({ 'api/none.rb': 'def handler(req, res) = nil\n' }, 'api/none.rb');
    expect([r.status, r.body]).toEqual([500, 'Handler not defined in lambda']);
  });

  test('an exception in the handler: WEBrick’s 500 page, and the exception with the user’s file:line on stderr', async () => {
    const r = await run({ 'api/boom.rb': "Handler = Proc.new do |req, res|\n  res.body = 'never'\n  raise ArgumentError, 'boom'\nend\n" }, 'api/boom.rb');
    expect(r.status).toBe(500);
    expect(r.headers['content-type']).toBe('text/html; charset=ISO-8859-1');
    expect(r.body).toContain('<H1>Internal Server Error</H1>');
    expect(r.body).toContain('boom');
    const stderr = r.logs.filter((l) => l.level === 'error').map((l) => l.text).join('\n');
    expect(stderr).toContain('ERROR ArgumentError: boom');
    expect(stderr).toContain('/var/task/api/boom.rb:3');
  });

  test('an exception while the file loads: 500 FUNCTION_INVOCATION_FAILED, the error with the user’s file:line', async () => {
    const r = await run({ 'api/top.rb': "x = 1\nraise 'failed at load'\nHandler = Proc.new { }\n" }, 'api/top.rb');
    expect(r.status).toBe(500);
    expect(r.headers['x-vercel-error']).toBe('FUNCTION_INVOCATION_FAILED');
    expect(r.error?.code).toBe('FUNCTION_INVOCATION_FAILED');
    expect(r.error?.message).toBe("/var/task/api/top.rb:2:in `<top (required)>': failed at load (RuntimeError)");
    expect(r.error?.stack).toContain('/var/task/api/top.rb:2');
  });

  test('a syntax error: FUNCTION_INVOCATION_FAILED naming the file and line', async () => {
    const r = await run({ 'api/syntax.rb': "Handler = Proc.new do |req, res|\n  res.body = 'x'\n" }, 'api/syntax.rb');
    expect(r.error?.code).toBe('FUNCTION_INVOCATION_FAILED');
    expect(r.error?.message).toMatch(/^\/var\/task\/api\/syntax\.rb:2: syntax error, unexpected end-of-input[^]*\(SyntaxError\)$/);
  });

  test('require of a gem that is not shipped (the docs’ cowsay example) says so, naming the gem', async () => {
    const r = await run({ 'api/cow.rb': "require 'cowsay'\n" + HELLO }, 'api/cow.rb');
    expect(r.error?.message).toContain("/var/task/api/cow.rb:1:in `require': cannot load such file -- cowsay (LoadError).");
    expect(r.error?.message).toContain('The gem "cowsay" is not available in this playground');
    expect(r.error?.stack).toContain('/var/task/api/cow.rb:1');
  });

  test('what vc_init.rb requires (tmpdir, webrick, net/http, base64, json) needs no require in the handler', async () => {
    const src = "Handler = Proc.new do |req, res|\n  res.body = [Dir.tmpdir, Base64.strict_encode64('hi'), JSON.generate([1]), Net::HTTP.name].join(' ')\nend\n";
    expect((await run({ 'api/pre.rb': src }, 'api/pre.rb')).body).toBe('/tmp aGk= [1] Net::HTTP');
  });

  test('no network: Net::HTTP (http and https), open-uri and sockets raise a SocketError that says so, which a handler may rescue', async () => {
    const noNetwork = "The playground's Ruby has no network";
    const attempts = {
      https: "Net::HTTP.get(URI('https://example.com/'))",
      http: "Net::HTTP.get(URI('http://example.com/'))",
      ssl: "h = Net::HTTP.new('example.com', 443); h.use_ssl = true; h.start { h.get('/') }",
      openUri: "require 'open-uri'; URI.open('https://example.com/').read",
      tcp: "require 'socket'; TCPSocket.new('example.com', 80)",
      socket: "Socket.tcp('example.com', 80)",
      udp: 'UDPSocket.new',
    };
    for (const [name, code] of Object.entries(attempts)) {
      const r = await run({ 'api/net.rb': `Handler = Proc.new { |req, res| res.body = (${code}).to_s }\n` }, 'api/net.rb');
      // An exception in a handler: WEBrick's 500 page and the backtrace on stderr, as on Vercel.
      expect(r.status, name).toBe(500);
      expect(r.body, name).toContain(noNetwork);
      expect(r.logs.find((l) => l.level === 'error')?.text, name).toMatch(new RegExp(`^\\[.*\\] ERROR SocketError: .*${noNetwork}`));
    }
    const rescued = "Handler = Proc.new do |req, res|\n  res.body = begin\n    Net::HTTP.get(URI('http://example.com/'))\n  rescue SocketError => e\n    \"offline: #{e.message}\"\n  end\nend\n";
    const r = await run({ 'api/net.rb': rescued }, 'api/net.rb');
    expect(r.status).toBe(200);
    expect(r.body).toMatch(new RegExp(`^offline: Failed to open TCP connection to example.com:80 \\(${noNetwork}`));
  });

  test('Timeout.timeout runs its block (Ruby for WASI has no thread for the timer; maxDuration still ends the run); OpenSSL digests work', async () => {
    const src = "require 'timeout'\nrequire 'openssl'\nHandler = Proc.new do |req, res|\n  res.body = [Timeout.timeout(1) { 42 }, OpenSSL::Digest::SHA256.hexdigest('a')[0, 8], Timeout::Error.ancestors.include?(RuntimeError)].join(' ')\nend\n";
    expect((await run({ 'api/t.rb': src }, 'api/t.rb')).body).toBe('42 ca978112 true');
  });

  test('a handler that changes directory finds the project root again on its next request', async () => {
    const src = "Handler = Proc.new do |req, res|\n  res.body = Dir.pwd\n  Dir.chdir('/tmp')\nend\n";
    expect((await run({ 'api/cd.rb': src }, 'api/cd.rb')).body).toBe('/var/task');
    expect((await run({ 'api/cd.rb': src }, 'api/cd.rb')).body).toBe('/var/task');
  });

  test('the current directory is the project root: a relative File.read and require_relative', async () => {
    const files = {
      'api/read.rb': "require_relative '../lib/greet'\nHandler = Proc.new do |req, res|\n  res.body = greet(File.read(File.join('data', 'name.txt')).strip) + ' ' + Dir.pwd\nend\n",
      'lib/greet.rb': "def greet(n) = \"hi #{n}\"\n",
      'data/name.txt': 'Grace\n',
    };
    const r = await run(files, 'api/read.rb');
    expect(r.body).toBe('hi Grace /var/task');
  });

  test('stderr lines are error logs; a last line without a newline is still logged; env reaches ENV', async () => {
    const src = "Handler = Proc.new do |req, res|\n  $stderr.puts 'warned'\n  print 'partial'\n  res.body = ENV['GREETING'].to_s\nend\n";
    const r = await run({ 'api/io.rb': src }, 'api/io.rb', {}, { GREETING: 'hola' });
    expect(r.logs).toEqual([{ level: 'error', text: 'warned' }, { level: 'log', text: 'partial' }]);
    expect(r.body).toBe('hola');
    const again = await run({ 'api/io.rb': src }, 'api/io.rb', {}, {});
    expect(again.body).toBe('');
  });

  test('repeated response headers are joined as vc_init.rb’s each_capitalized.to_h joins them', async () => {
    const src = "Handler = Proc.new do |req, res|\n  res.cookies << WEBrick::Cookie.new('a', '1')\n  res.cookies << WEBrick::Cookie.new('b', '2')\n  res.body = ''\nend\n";
    const r = await run({ 'api/c.rb': src }, 'api/c.rb');
    expect(r.headers['set-cookie']).toBe('a=1, b=2');
  });

  test('the same files stay loaded between requests (a warm instance); changed files are a new deployment', async () => {
    const v1 = "$count = 0\nclass Counter < WEBrick::HTTPServlet::AbstractServlet\n  def do_GET(req, res) = res.body = \"v1 #{$count += 1}\"\nend\nHandler = Counter\n";
    expect((await run({ 'api/n.rb': v1 }, 'api/n.rb')).body).toBe('v1 1');
    expect((await run({ 'api/n.rb': v1 }, 'api/n.rb')).body).toBe('v1 2');
    // The class changes its superclass: reloading into the old constants would raise `superclass mismatch`.
    const v2 = "$count = 10\nclass Counter\n  def call = 'v2'\nend\nHandler = Proc.new { |req, res| res.body = \"#{Counter.new.call} #{$count += 1} #{defined?(Counter.new.do_GET).inspect}\" }\n";
    expect((await run({ 'api/n.rb': v2 }, 'api/n.rb')).body).toBe('v2 11 nil');
    const none = await run({ 'api/x.rb': 'x = 1\n' }, 'api/x.rb');
    expect(none.body).toBe('Handler not defined in lambda');
  });

  test('exit in a handler ends the process (500 FUNCTION_INVOCATION_FAILED); the next request gets a new one', async () => {
    const r = await run({ 'api/exit.rb': 'Handler = Proc.new { |req, res| exit 3 }\n' }, 'api/exit.rb');
    expect(r.error?.code).toBe('FUNCTION_INVOCATION_FAILED');
    expect(r.error?.message).toContain('exit');
    const next = await run({ 'api/hello.rb': HELLO }, 'api/hello.rb');
    expect(next.status).toBe(200);
  });

  test('hostile code: the JavaScript bridge (require "js") cannot reach the worker’s globals', async () => {
    const attack = "Handler = Proc.new do |req, res|\n  require 'js'\n  res.body = JS.global[:process][:version].to_s + JS.eval('return 1+1').to_s\nend\n";
    const r = await run({ 'api/js.rb': attack }, 'api/js.rb');
    expect(r.error?.message).toBe(JS_BRIDGE_MESSAGE);
    expect(r.body).not.toContain(process.version);
    expect(r.logs).toEqual([]);
    // The instance that touched it is gone; Ruby still answers.
    expect((await run({ 'api/hello.rb': HELLO }, 'api/hello.rb')).status).toBe(200);
  });

  test('hostile code: a flood of puts is capped per run (CONSOLE_CAPS, as the edge console) and a huge line is cut', async () => {
    const src = "Handler = Proc.new do |req, res|\n  20_000.times { |i| puts i }\n  res.body = 'done'\nend\n";
    const r = await run({ 'api/flood.rb': src }, 'api/flood.rb');
    expect(r.body).toBe('done');
    expect(r.logs).toHaveLength(CONSOLE_CAPS.linesPerRun);
    expect(r.events.find((e) => e.type === 'dropped')).toEqual({ type: 'dropped', count: 20_000 - CONSOLE_CAPS.linesPerRun });
    const long = await run({ 'api/long.rb': "Handler = Proc.new { |req, res| print('x' * 5_000_000); res.body = 'ok' }\n" }, 'api/long.rb');
    expect(long.logs).toEqual([{ level: 'log', text: `${'x'.repeat(CONSOLE_CAPS.lineChars)}… [${5_000_000 - CONSOLE_CAPS.lineChars} more characters truncated]` }]);
  });

  test('a warm request takes a few milliseconds', async () => {
    const files = { 'api/hello.rb': HELLO };
    await run(files, 'api/hello.rb');
    const times: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t = performance.now();
      await run(files, 'api/hello.rb', { url: `/api/hello?name=${i}` });
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    console.log(`Ruby warm request: median ${times[10].toFixed(2)} ms`);
    expect(times[10]).toBeLessThan(50);
  });
});
