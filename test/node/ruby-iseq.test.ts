// The Ruby runtime's precompiled files (workers/ruby/iseq.ts): the checked-in pack is the one the pinned ruby.wasm
// makes from the runtime's Ruby files, a runtime started from it answers exactly as one started from source, and
// anything it cannot trust (no pack, another Ruby, a broken binary, an edited source) loads from source instead.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, test } from 'vitest';
import type { LanguageRequest, RunEvent } from '../../workers/protocol';
import { decodeIseqPack, encodeIseqPack, type RubyIseqPack } from '../../workers/ruby/iseq';
import { rubyIseqPack } from '../../workers/ruby/iseq-build';
import rubyLib from '../../workers/ruby/ruby-lib.json';
import { RUBY_WASM, RubyRuntime } from '../../workers/ruby/vm';

const require = createRequire(import.meta.url);
const wasm = readFileSync(require.resolve(`${RUBY_WASM.package}/dist/${RUBY_WASM.file}`));
const PACK_PATH = 'public/languages/ruby/ruby-iseq.bin';
const checkedIn = readFileSync(PACK_PATH);

let module: WebAssembly.Module;
let pack: RubyIseqPack;

beforeAll(async () => {
  module = await WebAssembly.compile(wasm);
  pack = decodeIseqPack(checkedIn)!;
});

/** A run's events without their clock (the two runtimes differ in speed, not in what they answer). */
async function answer(ruby: RubyRuntime, files: Record<string, string>, entry: string, request: Partial<LanguageRequest> = {}) {
  const events: RunEvent[] = [];
  const req: LanguageRequest = { method: 'GET', url: `/${entry.replace(/\.rb$/, '')}`, headers: [['host', 'localhost:3000']], body: null, ...request };
  await ruby.invoke({ files, entry, request: req }, (e) => events.push(e));
  return events.map((e) => {
    if (e.type === 'end') return { type: 'end' };
    if (e.type === 'chunk') return { type: 'chunk', text: Buffer.from(e.bytes).toString('utf8') };
    // WEBrick's Date header and the time its log lines start with are the clock too.
    if (e.type === 'log') return { type: 'log', level: e.level, text: e.text.replace(/^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\] /, '[time] ') };
    if (e.type === 'head') return { type: 'head', status: e.status, statusText: e.statusText, headers: e.headers.filter(([k]) => k !== 'date') };
    const { t: _t, ...rest } = e as RunEvent & { t?: number };
    return rest;
  });
}

const CASES: [string, Record<string, string>, string, Partial<LanguageRequest>][] = [
  ['a Handler Proc with a query', { 'api/hello.rb': "Handler = Proc.new do |req, res|\n  puts \"hi #{req.query['n']}\"\n  res['Content-Type'] = 'text/plain'\n  res.body = \"Hello #{req.query['n']} #{RUBY_VERSION}\"\nend\n" }, 'api/hello.rb', { url: '/api/hello?n=Ada' }],
  ['a servlet reading a JSON body', { 'api/s.rb': "class Handler < WEBrick::HTTPServlet::AbstractServlet\n  def do_POST(req, res)\n    res.status = 201\n    res.body = JSON.generate(JSON.parse(req.body).merge('ok' => true, 'b64' => Base64.strict_encode64('x'), 'tmp' => Dir.tmpdir))\n  end\nend\n" }, 'api/s.rb', { method: 'POST', headers: [['content-type', 'application/json']], body: new TextEncoder().encode('{"n":1}') }],
  ['a method the servlet lacks (WEBrick’s 405 page)', { 'api/s.rb': 'class Handler < WEBrick::HTTPServlet::AbstractServlet; end\n' }, 'api/s.rb', { method: 'DELETE' }],
  ['no Handler', { 'api/none.rb': 'x = 1\n' }, 'api/none.rb', {}],
  ['an exception in the handler (WEBrick’s 500 page, the log on stderr)', { 'api/boom.rb': "Handler = Proc.new { |req, res| raise ArgumentError, 'boom' }\n" }, 'api/boom.rb', {}],
  ['an exception raised inside the standard library (JSON::ParserError, the user’s line named)', { 'api/top.rb': "JSON.parse('{')\n" }, 'api/top.rb', {}],
  ['a syntax error', { 'api/syn.rb': 'Handler = Proc.new do |req, res|\n  res.body = (1 +\nend\n' }, 'api/syn.rb', {}],
  ['net/http, loaded on first use of Net, and cookies and a redirect', { 'api/net.rb': "Handler = Proc.new do |req, res|\n  res.cookies << WEBrick::Cookie.new('a', '1')\n  res.body = [Net::HTTP.name, URI('http://x/y?z=1').query, Time.at(0).utc.httpdate].join(' ')\nend\n" }, 'api/net.rb', {}],
];

describe('Ruby precompiled files (workers/ruby/iseq.ts)', () => {
  test('public/languages/ruby/ruby-iseq.bin is the pack the pinned ruby.wasm makes from the runtime’s files, byte for byte (node scripts/build-ruby-iseq.mjs)', async () => {
    const fresh = await rubyIseqPack(wasm, rubyLib);
    expect(decodeIseqPack(fresh)?.files.map((f) => [f.path, f.source])).toEqual(pack.files.map((f) => [f.path, f.source]));
    expect(Buffer.compare(Buffer.from(fresh), checkedIn)).toBe(0);
  }, 120_000);

  test('a runtime started from the pack loads every Ruby file it starts with from binaries and answers as one started from source', async () => {
    const source = await RubyRuntime.start(module, rubyLib);
    const precompiled = await RubyRuntime.start(module, rubyLib, pack);
    expect(source.features().precompiled).toEqual([]);
    const fromSource = source.features().source;
    expect(fromSource.length).toBeGreaterThan(70);
    const started = precompiled.features();
    expect(started.source).toEqual([]);
    expect(started.precompiled).toEqual(fromSource);
    for (const [name, files, entry, request] of CASES) {
      const a = await answer(source, files, entry, request);
      const b = await answer(precompiled, files, entry, request);
      expect(b, name).toEqual(a);
      expect(a.some((e) => e.type === 'head' || e.type === 'error'), name).toBe(true);
    }
    // Loaded on first use (the last case), from the pack too: net/http and what it requires.
    const after = precompiled.features();
    expect(after.precompiled).toContain('/usr/local/lib/ruby/3.3.0/net/http.rb');
    expect(after.source.filter((f) => !f.startsWith('/var/task/'))).toEqual([]);
  }, 120_000);

  test('falls back to source: no pack, a pack from another Ruby, a binary Ruby refuses, a file edited since it was compiled', async () => {
    const httprequest = '/opt/vercel/webrick/webrick/httprequest.rb';
    const uri = '/usr/local/lib/ruby/3.3.0/uri/generic.rb';
    const otherRuby: RubyIseqPack = { ...pack, ruby: pack.ruby.replace(/revision \w+/, 'revision 0000000000') };
    // A binary of another Ruby version: Ruby's own check (ISeq major/minor version in the header) refuses it.
    const broken: RubyIseqPack = {
      ...pack,
      files: pack.files.map((f) => {
        if (f.path !== uri) return f;
        const binary = new Uint8Array(f.binary); // a copy (Buffer#slice would be a view of the pack)
        binary[4] ^= 0xff;
        return { ...f, binary };
      }),
    };
    const edited = { ...rubyLib, [httprequest]: (rubyLib as Record<string, string>)[httprequest] + '\n# edited\n' };
    const hello = { 'api/hello.rb': "Handler = Proc.new { |req, res| res.body = \"#{req.query['n']} #{URI('http://a/b').path}\" }\n" };
    const want = [
      { type: 'head', status: 200, statusText: 'OK', headers: expect.any(Array) },
      { type: 'chunk', text: 'x /b' },
      { type: 'end' },
    ];
    for (const [name, runtime, lib] of [
      ['no pack', await RubyRuntime.start(module, rubyLib, null), rubyLib],
      ['another Ruby', await RubyRuntime.start(module, rubyLib, otherRuby), rubyLib],
      ['a broken binary', await RubyRuntime.start(module, rubyLib, broken), rubyLib],
      ['an edited file', await RubyRuntime.start(module, edited, pack), edited],
    ] as const) {
      expect(await answer(runtime, hello, 'api/hello.rb', { url: '/api/hello?n=x' }), name).toEqual(want);
      const { precompiled, source } = runtime.features();
      if (name === 'no pack' || name === 'another Ruby') {
        expect(precompiled, name).toEqual([]);
      } else {
        const fromSource = name === 'a broken binary' ? uri : httprequest;
        expect(source.filter((f) => !f.startsWith('/var/task/')), name).toEqual([fromSource]);
        expect(precompiled.length, name).toBeGreaterThan(70);
      }
      if (name === 'an edited file') expect(lib[httprequest]).toContain('# edited');
    }
    expect(decodeIseqPack(new TextEncoder().encode('<!doctype html>'))).toBeNull();
    expect(decodeIseqPack(encodeIseqPack(pack).subarray(0, 5000))).toBeNull();
  }, 180_000);
});
