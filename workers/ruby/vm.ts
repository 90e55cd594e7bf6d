// The Ruby runtime's core: CRuby for WASI (@ruby/3.3-wasm-wasi) on an in-memory WASI file system, WEBrick and the
// glue (lib/vercel_playground.rb) in it, one request at a time. Plain JS with no worker or DOM API, so the worker
// (worker.ts) and the Node tests run the same code.
import { ConsoleStdout, Directory, File, OpenFile, PreopenDirectory, WASI, WASIProcExit } from '@bjorn3/browser_wasi_shim';
import type { Inode } from '@bjorn3/browser_wasi_shim';
import { RubyVM, type RbValue } from '@ruby/wasm-wasi';
import { platformErrorEvents } from '../platform-errors';
import { CONSOLE_CAPS } from '../shared/limits-data';
import type { Files, LanguageRequest, RunEvent } from '../protocol';
import { ISEQ_HOOK, RUBY_ISEQ_DIR, sourceHash, usableIseq, type RubyIseqPack } from './iseq';

/** Where the project is in the VM: Lambda's task root, the current directory when a handler runs. */
export const PROJECT_ROOT = '/var/task';
/** The glue and the stubs (lib/) and WEBrick (webrick/) in the VM; both are on $LOAD_PATH. */
export const LIB_DIR = '/opt/vercel/lib';
export const WEBRICK_DIR = '/opt/vercel/webrick';

/**
 * The interpreter, served under the worker's assetBase: @ruby/3.3-wasm-wasi's dist/ruby+stdlib.wasm (CRuby 3.3,
 * Vercel's default Ruby, with the standard library packed in). `bytes` is its size, for the progress bar.
 */
export const RUBY_WASM = { file: 'ruby+stdlib.wasm', bytes: 36_018_798, package: '@ruby/3.3-wasm-wasi', version: '2.10.1' } as const;
/** Debian's ruby-webrick, vendored by scripts/build-ruby-assets.sh. */
export const WEBRICK_VERSION = '1.8.1';

/** VM path → text: the Ruby files the runtime brings (the glue, the stubs, WEBrick). */
export type RubyLibFiles = Record<string, string>;

type Emit = (event: RunEvent) => void;

const encoder = new TextEncoder();
const now = () => performance.now();

/** A directory tree of in-memory files from path → bytes (paths relative to the tree, `/`-separated). */
function tree(files: Record<string, Uint8Array>): Directory {
  const root = new Directory(new Map());
  for (const [path, bytes] of Object.entries(files)) {
    const parts = path.split('/').filter((p) => p && p !== '.' && p !== '..');
    let dir = root;
    for (const part of parts.slice(0, -1)) {
      let next = dir.contents.get(part);
      if (!(next instanceof Directory)) dir.contents.set(part, (next = new Directory(new Map())));
      dir = next as Directory;
    }
    if (parts.length) dir.contents.set(parts[parts.length - 1], new File(bytes));
  }
  return root;
}

export const JS_BRIDGE_MESSAGE =
  "Ruby's JavaScript bridge (require 'js') is not available: Vercel's Ruby has none, and here it would reach the page's worker.";

/**
 * The VM's way out to JavaScript: ruby.wasm links the `js` gem, whose calls (JS.global, JS.eval, …) land in the
 * `rb-js-abi-host` imports. Nothing here needs them (the host only calls into Ruby), and hostile handler code would
 * use them to reach the worker's globals (fetch, postMessage), so every one of them throws. The throw unwinds the
 * whole eval; the instance is then thrown away.
 */
function closeJsBridge(imports: WebAssembly.Imports, onBlocked: () => void): void {
  const host = imports['rb-js-abi-host'] as Record<string, unknown>;
  for (const name of Object.keys(host)) {
    // Called by the VM itself when a nested eval would rewind its stack: a fault report, not a way to JavaScript.
    if (name === 'rb_wasm_throw_prohibit_rewind_exception') continue;
    host[name] = () => {
      onBlocked();
      throw new Error(JS_BRIDGE_MESSAGE);
    };
  }
}

/**
 * Text written to fd 1 or 2, cut into lines for the run's log events (a line left open is sent when the run ends).
 * A line longer than CONSOLE_CAPS.lineChars keeps its start and counts the rest, so a huge `print` holds no memory.
 */
class LineSink {
  #line = '';
  #cut = 0;
  #decoder = new TextDecoder();
  constructor(readonly onLine: (line: string) => void) {}
  write(bytes: Uint8Array): void {
    const parts = this.#decoder.decode(bytes, { stream: true }).split('\n');
    for (let i = 0; i < parts.length; i++) {
      if (i > 0) this.#end();
      const room = CONSOLE_CAPS.lineChars - this.#line.length;
      this.#line += parts[i].slice(0, Math.max(room, 0));
      this.#cut += Math.max(parts[i].length - Math.max(room, 0), 0);
    }
  }
  flush(): void {
    if (this.#line || this.#cut) this.#end();
  }
  #end(): void {
    this.onLine(this.#cut ? `${this.#line}… [${this.#cut} more characters truncated]` : this.#line);
    this.#line = '';
    this.#cut = 0;
  }
}

interface Answer {
  status?: number;
  statusText?: string;
  headers?: [string, string][];
  error?: { name: string; message: string; stack: string };
}

/** One Ruby process (one Lambda instance): the VM, its file system, and where its output goes during a run. */
class Instance {
  readonly vm: RubyVM;
  readonly #tmp: Directory;
  readonly #var: Directory;
  emit: Emit | null = null;
  /** Set when Ruby code reached for JavaScript (require 'js'): the instance is discarded after this run. */
  jsBlocked = false;
  /** When the current run started: events carry `t` as ms since then (the sandbox shifts them onto its clock). */
  t0 = 0;
  /** Lines of the current run, and those past the cap (CONSOLE_CAPS, as the edge console): a flood costs nothing. */
  lines = 0;
  dropped = 0;
  readonly stdout = new LineSink((text) => this.#log('log', text));
  readonly stderr = new LineSink((text) => this.#log('error', text));
  /**
   * VercelPlayground.method(:invoke), called for each request: a call, where an eval would compile its text each time.
   * Made on the first request, not at start: buildIseqPack's process must allocate what it always did (the pack's
   * bytes depend on it).
   */
  #invoke: RbValue | null = null;

  #log(level: 'log' | 'error', text: string): void {
    if (!this.emit) return;
    if (this.lines >= CONSOLE_CAPS.linesPerRun) {
      this.dropped++;
      return;
    }
    this.lines++;
    this.emit({ type: 'log', level, text, t: now() - this.t0 });
  }

  private constructor(vm: RubyVM, tmp: Directory, varDir: Directory) {
    this.vm = vm;
    this.#tmp = tmp;
    this.#var = varDir;
  }

  /** `iseq`: the precompiled files (iseq.ts), used when this Ruby is the one that made them; null loads from source. */
  static async start(module: WebAssembly.Module, lib: RubyLibFiles, iseq: RubyIseqPack | null = null, fixedRandom = false): Promise<Instance> {
    // Ruby may write while it starts (a warning); until the instance exists that output has no run to go to.
    let self: Instance | null = null;
    const prefix = '/opt/vercel/';
    const libBytes = Object.fromEntries(Object.entries(lib).filter(([p]) => p.startsWith(prefix)).map(([p, text]) => [p.slice(prefix.length), encoder.encode(text)]));
    if (iseq) for (const [path, bytes] of Object.entries(usableIseq(iseq, lib))) libBytes[`${RUBY_ISEQ_DIR.slice(prefix.length)}${path}`] = bytes;
    const tmp = new Directory(new Map([['vercel', new Directory(new Map())]]));
    const varDir = new Directory(new Map([['task', new Directory(new Map())]]));
    const root = new PreopenDirectory(
      '/',
      new Map<string, Inode>([
        ['tmp', tmp],
        ['var', varDir],
        ['opt', new Directory(new Map([['vercel', tree(libBytes)]]))],
      ]),
    );
    const out = new ConsoleStdout((b) => self?.stdout.write(b));
    const err = new ConsoleStdout((b) => self?.stderr.write(b));
    const wasi = new WASI(['ruby'], [`PWD=${PROJECT_ROOT}`, 'HOME=/tmp', 'TMPDIR=/tmp', 'LANG=C.UTF-8'], [new OpenFile(new File([])), out, err, root], { debug: false });
    if (fixedRandom) {
      // Ruby seeds its string hashes from random_get, and a binary iseq keeps a `case` table in hash order: a fixed
      // seed makes the precompiled pack the same bytes on every build (buildIseqPack only).
      const imports = wasi.wasiImport as Record<string, unknown>;
      imports.random_get = (buf: number, len: number) => {
        new Uint8Array((wasi.inst.exports.memory as WebAssembly.Memory).buffer, buf, len).fill(42);
        return 0;
      };
    }
    // --disable-gems: no gems are installed, and RubyGems would only scan for them (and warn about the bundled
    // gems whose native extensions this build lacks) on every start.
    const args = ['ruby', '--disable-gems', '-EUTF-8', `-I${LIB_DIR}`, `-I${WEBRICK_DIR}`, '-e_=0'];
    const { vm } = await RubyVM.instantiateModule({ module, wasip1: wasi, args, addToImports: (imports) => closeJsBridge(imports, () => self?.blockJs()) });
    self = new Instance(vm, tmp, varDir);
    // Only the exact build that compiled them may run the binaries (another one may crash on them, not refuse them).
    if (iseq && vm.eval('RUBY_DESCRIPTION').toString() === iseq.ruby) vm.eval(ISEQ_HOOK);
    vm.eval(`$stdout.sync = true; $stderr.sync = true; require 'vercel_playground'`);
    return self;
  }

  blockJs(): void {
    this.jsBlocked = true;
    // What Ruby prints as it dies of the thrown import (a control-frame dump) is not the handler's output.
    this.emit = null;
  }

  /** The project's files become /var/task and the previous project's code is unloaded (VercelPlayground.redeploy). */
  deploy(files: Files): void {
    this.#var.contents.set('task', tree(Object.fromEntries(Object.entries(files).map(([p, text]) => [p, encoder.encode(text)]))));
    this.vm.eval('VercelPlayground.redeploy');
  }

  /** VercelPlayground.invoke: its answer, one line of JSON. */
  invoke(): string {
    this.#invoke ??= this.vm.eval('VercelPlayground.method(:invoke)');
    return this.#invoke.call('call').toString();
  }

  writeTmp(name: string, bytes: Uint8Array): void {
    (this.#tmp.contents.get('vercel') as Directory).contents.set(name, new File(bytes));
  }

  /**
   * The Ruby files loaded so far, from binaries (iseq.ts) or from source: the absolute .rb paths of $LOADED_FEATURES,
   * but ruby.wasm's own /bundle/setup.rb, which it loads while the VM starts, before the hook exists.
   */
  features(): { precompiled: string[]; source: string[] } {
    const text = this.vm
      .eval(`loaded = defined?(VercelPrecompiled) ? VercelPrecompiled.loaded : []
$LOADED_FEATURES.select { |f| f.start_with?('/') && !f.start_with?('/bundle/') && f.end_with?('.rb') }.map { |f| (loaded.include?(f) ? '+' : '-') + f }.join("\n")`)
      .toString();
    const lines = text ? text.split('\n') : [];
    return { precompiled: lines.filter((l) => l[0] === '+').map((l) => l.slice(1)), source: lines.filter((l) => l[0] === '-').map((l) => l.slice(1)) };
  }

  readTmp(name: string): Uint8Array {
    const file = (this.#tmp.contents.get('vercel') as Directory).contents.get(name);
    return file instanceof File ? file.data : new Uint8Array();
  }
}

export interface InvokeInput {
  files: Files;
  entry: string;
  request: LanguageRequest;
  env?: Record<string, string>;
}

/** The runtime of one worker: the compiled module, the current instance and the Ruby files it brings. */
export class RubyRuntime {
  readonly #module: WebAssembly.Module;
  readonly #lib: RubyLibFiles;
  readonly #iseq: RubyIseqPack | null;
  #instance: Instance | null = null;
  /**
   * What the instance has loaded: the files (the worker hands over the same object while they are unchanged, so that
   * compare is enough for a warm request), their text as JSON for a caller that builds a new object of the same files,
   * the entry and the environment. Null: nothing yet.
   */
  #deployment: { files: Files; filesText: string; entry: string; env: string } | null = null;
  /** Ruby's own version line (RUBY_DESCRIPTION), read when the runtime starts. */
  description = '';

  private constructor(module: WebAssembly.Module, lib: RubyLibFiles, iseq: RubyIseqPack | null) {
    this.#module = module;
    this.#lib = lib;
    this.#iseq = iseq;
  }

  /** The module is compiled by the caller (from the download) and kept for every instance this runtime starts. */
  static async start(module: WebAssembly.Module, lib: RubyLibFiles, iseq: RubyIseqPack | null = null): Promise<RubyRuntime> {
    const runtime = new RubyRuntime(module, lib, iseq);
    // The first instance starts here: the cold start a person waits for once per worker.
    const instance = await runtime.#startInstance();
    runtime.description = instance.vm.eval('RUBY_DESCRIPTION').toString();
    return runtime;
  }

  async #startInstance(): Promise<Instance> {
    this.#instance = null;
    this.#deployment = null;
    this.#instance = await Instance.start(this.#module, this.#lib, this.#iseq);
    return this.#instance;
  }

  /** The Ruby files of the current process, by how they were loaded (the tests check the precompiled path). */
  features(): { precompiled: string[]; source: string[] } {
    return this.#instance?.features() ?? { precompiled: [], source: [] };
  }

  /** Answers one request with head → chunk → end, or a platform 500 with the error, then end. */
  async invoke(input: InvokeInput, emit: Emit): Promise<void> {
    const started = now();
    let startMs = 0;
    // A process that exited (exit, exit!, a VM fault) is replaced, as Lambda replaces an instance that crashed.
    const instance = this.#instance ?? (await this.#startInstance());
    const env = JSON.stringify(input.env ?? {});
    const last = this.#deployment;
    const filesText = last?.files === input.files ? last.filesText : JSON.stringify(input.files);
    if (!last || filesText !== last.filesText || input.entry !== last.entry || env !== last.env) {
      // A new deployment (changed files, entry or environment): the same process with the old code unloaded.
      instance.deploy(input.files);
      startMs = now() - started;
    }
    this.#deployment = { files: input.files, filesText, entry: input.entry, env };
    instance.emit = emit;
    instance.t0 = started;
    instance.lines = instance.dropped = 0;
    const ttfb = { at: 0 };
    try {
      const { request } = input;
      instance.writeTmp('invoke.json', encoder.encode(JSON.stringify({ entry: input.entry, env: input.env ?? {}, request: { method: request.method, url: request.url, headers: request.headers } })));
      instance.writeTmp('request-body', request.body ?? new Uint8Array());
      instance.writeTmp('response-body', new Uint8Array());
      let answerText: string;
      try {
        answerText = instance.invoke();
      } catch (e) {
        // Out of the glue's reach (exit, exit!, a VM fault): the process is gone, as a Lambda that exits is.
        this.#instance = null;
        answerText = JSON.stringify({ error: instance.jsBlocked ? { name: 'Error', message: JS_BRIDGE_MESSAGE, stack: '' } : vmFailure(e) });
      }
      instance.stdout.flush();
      instance.stderr.flush();
      if (instance.dropped) emit({ type: 'dropped', count: instance.dropped });
      const answer = JSON.parse(answerText) as Answer;
      const t = now() - started;
      ttfb.at = t;
      if (answer.error) {
        for (const event of platformErrorEvents(500, 'FUNCTION_INVOCATION_FAILED', answer.error.message, t, answer.error.stack)) emit(event);
      } else {
        emit({ type: 'head', status: answer.status ?? 500, statusText: answer.statusText ?? '', headers: answer.headers ?? [], t });
        const body = instance.readTmp('response-body');
        if (body.byteLength) emit({ type: 'chunk', bytes: body.slice(), t });
      }
    } finally {
      instance.emit = null;
    }
    const end = now();
    emit({ type: 'end', timings: { compileMs: 0, startMs, ttfbMs: ttfb.at, totalMs: end - started } });
  }
}

/** An exception thrown out of the VM, as the error of the run. */
function vmFailure(e: unknown): { name: string; message: string; stack: string } {
  if (e instanceof WASIProcExit) return { name: 'SystemExit', message: `The Ruby process exited with status ${e.code}.`, stack: '' };
  const text = e instanceof Error ? e.message : String(e);
  // Ruby's message for an exception the glue let through: "file:line:in `...': message (Class)"; SystemExit is `exit`.
  if (/\(SystemExit\)/.test(text)) return { name: 'SystemExit', message: 'The handler called exit: the Ruby process ended before it answered.', stack: text };
  return { name: 'Error', message: text.split('\n')[0], stack: text };
}

/**
 * The precompiled pack (iseq.ts) for this Ruby and these files: a process starts from source as the runtime does,
 * loads `extra` too (libraries loaded on first use, such as net/http), and every Ruby file it read (but ruby.wasm's
 * /bundle/setup.rb, read before the hook exists) is compiled to a binary iseq. scripts/build-ruby-iseq.mjs writes the result; the Node test checks the checked-in pack against it.
 */
export async function buildIseqPack(module: WebAssembly.Module, lib: RubyLibFiles, extra: string[]): Promise<RubyIseqPack> {
  const instance = await Instance.start(module, lib, null, true);
  const paths = JSON.parse(
    instance.vm
      .eval(
        `${extra.map((name) => `require ${JSON.stringify(name)}`).join('; ')}
features = $LOADED_FEATURES.select { |f| f.start_with?('/') && !f.start_with?('/bundle/') && f.end_with?('.rb') }
features.each_with_index { |f, i| File.binwrite("/tmp/vercel/iseq-#{i}", RubyVM::InstructionSequence.compile_file(f).to_binary) }
JSON.generate(features)`,
      )
      .toString(),
  ) as string[];
  const ruby = instance.vm.eval('RUBY_DESCRIPTION').toString();
  const files = paths.map((path, i) => ({ path, source: path in lib ? sourceHash(lib[path]) : null, binary: instance.readTmp(`iseq-${i}`).slice() }));
  return { ruby, files };
}
