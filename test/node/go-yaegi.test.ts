// The Go runtime's interpreter (public/languages/go/yaegi.wasm.gzip, built by scripts/build-yaegi.sh) under Node, driven
// by the same glue as the Go worker (workers/go/yaegi-host.ts): Vercel Go handlers answer, fail and stream as planned.
import { readFileSync } from 'node:fs';
import { runInThisContext } from 'node:vm';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Files, RunEvent } from '../../workers/protocol';
import { startYaegi, type GoConstructor, type Yaegi } from '../../workers/go/yaegi-host';

const assets = new URL('../../public/languages/go/', import.meta.url);
let yaegi: Yaegi;
let startMs = 0;

beforeAll(async () => {
  const started = performance.now();
  runInThisContext(readFileSync(new URL('wasm_exec.js', assets), 'utf8'));
  const Go = (globalThis as unknown as { Go: GoConstructor }).Go;
  yaegi = await startYaegi(gunzipSync(readFileSync(new URL('yaegi.wasm.gzip', assets))), Go);
  startMs = performance.now() - started;
}, 60_000);

interface Result {
  status?: number;
  headers: [string, string][];
  body: string;
  logs: { level: string; text: string }[];
  error?: { code: string; message: string; stack?: string };
  chunks: number;
  events: RunEvent[];
}

async function invoke(files: Files, entry = 'api/index.go', url = '/api', method = 'GET', body: string | null = null, env: Record<string, string> = { GREETING: 'hi' }): Promise<Result> {
  const events: RunEvent[] = [];
  const request = { method, url, headers: [['host', 'example.test'], ['x-test', 'yes']] as [string, string][], body: body === null ? null : new TextEncoder().encode(body) };
  await yaegi.invoke(files, entry, request, env, (e) => events.push(e));
  const result: Result = { headers: [], body: '', logs: [], chunks: 0, events };
  const decoder = new TextDecoder();
  for (const e of events) {
    if (e.type === 'head') [result.status, result.headers] = [e.status, e.headers];
    if (e.type === 'chunk') [result.body, result.chunks] = [result.body + decoder.decode(e.bytes), result.chunks + 1];
    if (e.type === 'log') result.logs.push({ level: e.level, text: e.text });
    if (e.type === 'error') result.error = { code: e.code, message: e.message, stack: e.stack };
  }
  expect(events.at(-1)?.type).toBe('end');
  return result;
}

const hello = `package handler

import (
	"fmt"
	"net/http"
)

func Handler(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintf(w, "<h1>Hello from Go!</h1>")
}
`;

describe('Go handlers interpreted by yaegi (wasm)', () => {
  it('names its interpreter', () => {
    expect(yaegi.version).toBe('Go 1.19.8 (yaegi v0.14.3, interpreted)');
    console.info(`yaegi.wasm cold start under Node: ${startMs.toFixed(0)} ms`);
  });

  it("answers the seed example: text/html sniffed like net/http's server", async () => {
    const r = await invoke({ 'api/index.go': hello });
    expect(r.error).toBeUndefined();
    expect(r.status).toBe(200);
    expect(r.headers).toContainEqual(['content-type', 'text/html; charset=utf-8']);
    expect(r.body).toBe('<h1>Hello from Go!</h1>');
  });

  it('finds any exported func(http.ResponseWriter, *http.Request) by its type, not its name', async () => {
    const src = `package handler
import ("net/http"; "os"; "io"; "strings")
func helper() string { return "x" }
func Other(a int) int { return a }
func Serve(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	w.Header().Set("Content-Type", "text/plain")
	w.Header().Add("Set-Cookie", "a=1")
	w.Header().Add("Set-Cookie", "b=2")
	w.WriteHeader(201)
	w.Write([]byte(r.Method + " " + r.URL.Path + "?" + r.URL.Query().Get("q") + " host=" + r.Host + " x=" + r.Header.Get("X-Test") + " env=" + os.Getenv("GREETING") + " body=" + strings.ToUpper(string(b))))
}
`;
    const r = await invoke({ 'api/serve.go': src }, 'api/serve.go', '/api/serve?q=1', 'POST', 'payload');
    expect(r.status).toBe(201);
    expect(r.headers).toEqual([['content-type', 'text/plain'], ['set-cookie', 'a=1'], ['set-cookie', 'b=2']]);
    expect(r.body).toBe('POST /api/serve?1 host=example.test x=yes env=hi body=PAYLOAD');
  });

  it('fmt.Println and log go to the console; each Write is its own chunk, sent as it is written', async () => {
    const src = `package handler
import ("fmt"; "log"; "net/http"; "os")
func H(w http.ResponseWriter, r *http.Request) {
	fmt.Println("to stdout")
	fmt.Fprintln(os.Stderr, "to stderr")
	log.SetFlags(0)
	log.Println("from log")
	w.Write([]byte("one "))
	w.(http.Flusher).Flush()
	w.Write([]byte("two"))
}
`;
    const r = await invoke({ 'api/index.go': src });
    expect(r.logs).toEqual([
      { level: 'log', text: 'to stdout' },
      { level: 'error', text: 'to stderr' },
      { level: 'error', text: 'from log' },
    ]);
    expect(r.body).toBe('one two');
    expect(r.chunks).toBe(2);
  });

  it('a panic answers 500 FUNCTION_INVOCATION_FAILED with the panic value and the file:line it came from', async () => {
    const src = `package handler

import "net/http"

func fail(n int) {
	panic("boom")
}

func Handler(w http.ResponseWriter, r *http.Request) {
	fail(1)
}
`;
    const r = await invoke({ 'api/index.go': src });
    expect(r.status).toBe(500);
    expect(r.headers).toContainEqual(['x-vercel-error', 'FUNCTION_INVOCATION_FAILED']);
    expect(r.error?.message).toBe('panic: boom');
    expect(r.error?.stack).toContain('api/index.go:6:2');
    expect(r.error?.stack).toContain('api/index.go:10:2');
    // The interpreter's own position lines are the stack, not console noise.
    expect(r.logs).toEqual([]);
  });

  it('a runtime error after the head is sent is an error event after the body so far', async () => {
    const src = `package handler
import "net/http"
func Handler(w http.ResponseWriter, r *http.Request) {
	w.Write([]byte("partial"))
	var m map[string]int
	m["x"] = 1
}
`;
    const r = await invoke({ 'api/index.go': src });
    expect(r.status).toBe(200);
    expect(r.body).toBe('partial');
    expect(r.error?.message).toMatch(/^panic: assignment to entry in nil map/);
    // yaegi 0.14 attributes a runtime error to a node of the failing function, not always its exact statement.
    expect(r.error?.stack).toMatch(/^ {4}at api\/index\.go:[3-6]:\d+$/m);
  });

  it('a syntax error names the file, line and column', async () => {
    const r = await invoke({ 'api/index.go': 'package handler\n\nimport "net/http"\n\nfunc Handler(w http.ResponseWriter, r *http.Request) {\n\tx := \n}\n' });
    expect(r.status).toBe(500);
    expect(r.error?.code).toBe('FUNCTION_INVOCATION_FAILED');
    expect(r.error?.message).toMatch(/^api\/index\.go:7:1: /);
  });

  it('a type error names the file and line', async () => {
    const r = await invoke({ 'api/index.go': 'package handler\n\nimport "net/http"\n\nfunc Handler(w http.ResponseWriter, r *http.Request) {\n\tw.Write(undefinedThing)\n}\n' });
    expect(r.error?.message).toMatch(/^api\/index\.go:6:\d+: undefined: undefinedThing/);
  });

  it('an import outside the standard library is named, with why it cannot run here', async () => {
    const src = 'package handler\n\nimport (\n\t"net/http"\n\t"github.com/gin-gonic/gin"\n)\n\nfunc Handler(w http.ResponseWriter, r *http.Request) { _ = gin.New }\n';
    const r = await invoke({ 'api/index.go': src, 'go.mod': 'module example.com/app\n\ngo 1.22\n' });
    expect(r.status).toBe(500);
    expect(r.error?.message).toBe(
      'api/index.go:5:2: cannot import "github.com/gin-gonic/gin": only Go\'s standard library (and this project\'s own packages) can be interpreted here; modules from go.mod are not downloaded',
    );
  });

  it('cgo, unsafe and left-out standard packages each say so', async () => {
    const imp = (path: string) => ({ 'api/index.go': `package handler\nimport "${path}"\nimport "net/http"\nfunc H(w http.ResponseWriter, r *http.Request) {}\n` });
    expect((await invoke(imp('C'))).error?.message).toContain('import "C" (cgo) cannot run here');
    expect((await invoke(imp('unsafe'))).error?.message).toContain('import "unsafe" is not available');
    expect((await invoke(imp('database/sql'))).error?.message).toContain('"database/sql": this standard-library package is not shipped');
  });

  it("imports the project's own packages by the module path of go.mod, and reports their positions by project path", async () => {
    const files = {
      'go.mod': 'module example.com/app\n\ngo 1.22\n',
      'lib/greet.go': 'package lib\n\nfunc Greet(n string) string {\n\tif n == "" {\n\t\tpanic("no name")\n\t}\n\treturn "hi " + n\n}\n',
      'api/index.go': 'package handler\nimport ("net/http"; "example.com/app/lib")\nfunc H(w http.ResponseWriter, r *http.Request) { w.Write([]byte(lib.Greet(r.URL.Query().Get("n")))) }\n',
    };
    expect((await invoke(files, 'api/index.go', '/api?n=go')).body).toBe('hi go');
    const failed = await invoke(files, 'api/index.go', '/api');
    expect(failed.error?.stack).toMatch(/^ {4}at lib\/greet\.go:[3-5]:\d+\n {4}at api\/index\.go:3:\d+$/m);
    expect(failed.error?.stack).not.toContain('gopath');
  });

  it('a file without a handler says what it looked for', async () => {
    const r = await invoke({ 'api/index.go': 'package handler\nfunc Nope() {}\n' });
    expect(r.error?.message).toBe('api/index.go: no exported function of type func(http.ResponseWriter, *http.Request) in package handler');
  });

  it('keeps package state across requests of the same code, as a warm instance does; new code starts fresh', async () => {
    const src = 'package handler\nimport ("fmt"; "net/http")\nvar count int\nfunc H(w http.ResponseWriter, r *http.Request) { count++; fmt.Fprint(w, count) }\n';
    expect((await invoke({ 'api/index.go': src })).body).toBe('1');
    expect((await invoke({ 'api/index.go': src })).body).toBe('2');
    expect((await invoke({ 'api/index.go': src + '\n' })).body).toBe('1');
  });

  it('each function keeps its own warm instance; an edit of a file that is not Go keeps them, an edit of Go code is a new deployment', async () => {
    const counter = (name: string) => `package handler\nimport ("fmt"; "net/http")\nvar count int\nfunc H(w http.ResponseWriter, r *http.Request) { count++; fmt.Fprint(w, "${name} ", count) }\n`;
    const project = { 'api/a.go': counter('a'), 'api/b.go': counter('b'), 'public/index.html': '<p>v1</p>' };
    expect((await invoke(project, 'api/a.go')).body).toBe('a 1');
    expect((await invoke(project, 'api/b.go')).body).toBe('b 1');
    // Two functions are two instances: running one does not unload the other.
    expect((await invoke(project, 'api/a.go')).body).toBe('a 2');
    // The same files in a new object, and a change the interpreter cannot see: still warm.
    expect((await invoke({ ...project }, 'api/b.go')).body).toBe('b 2');
    expect((await invoke({ ...project, 'public/index.html': '<p>v2</p>' }, 'api/a.go')).body).toBe('a 3');
    // Any Go file changed (here another function's) redeploys the Go code: both start over.
    const edited = { ...project, 'api/b.go': counter('b') + '\n' };
    expect((await invoke(edited, 'api/a.go')).body).toBe('a 1');
    expect((await invoke(edited, 'api/b.go')).body).toBe('b 1');
    // So does a change of the environment (os.Getenv sees it).
    const env = "package handler\nimport (\"fmt\"; \"net/http\"; \"os\")\nvar count int\nfunc H(w http.ResponseWriter, r *http.Request) { count++; fmt.Fprint(w, os.Getenv(\"GREETING\"), count) }\n";
    expect((await invoke({ 'api/e.go': env }, 'api/e.go')).body).toBe('hi1');
    expect((await invoke({ 'api/e.go': env }, 'api/e.go')).body).toBe('hi2');
    expect((await invoke({ 'api/e.go': env }, 'api/e.go', '/api', 'GET', null, { GREETING: 'yo' })).body).toBe('yo1');
  });

  it('a request waiting behind a sleeping one runs the project it was sent with, not one deployed after it', async () => {
    const v = (n: number) => `package handler\nimport ("fmt"; "net/http"; "time")\nfunc H(w http.ResponseWriter, r *http.Request) { time.Sleep(${n === 1 ? 100 : 0} * time.Millisecond); fmt.Fprint(w, "v${n}") }\n`;
    const [one, two, three] = await Promise.all([invoke({ 'api/v.go': v(1) }, 'api/v.go'), invoke({ 'api/v.go': v(2) }, 'api/v.go'), invoke({ 'api/v.go': v(3) }, 'api/v.go')]);
    expect([one.body, two.body, three.body]).toEqual(['v1', 'v2', 'v3']);
  });

  it("http.Flusher's Flush says so (the worker sends what is held at once); a plain Write does not", async () => {
    const src = 'package handler\nimport "net/http"\nfunc H(w http.ResponseWriter, r *http.Request) { w.Write([]byte("one ")); w.(http.Flusher).Flush(); w.Write([]byte("two")) }\n';
    const seen: string[] = [];
    const request = { method: 'GET', url: '/api', headers: [['host', 'example.test']] as [string, string][], body: null };
    await yaegi.invoke({ 'api/index.go': src }, 'api/index.go', request, {}, (e) => seen.push(e.type), () => seen.push('flush'));
    expect(seen).toEqual(['head', 'chunk', 'flush', 'chunk', 'end']);
  });

  it('streams: a chunk flushed before a sleep arrives before the rest, time.Sleep really waits', async () => {
    const src = 'package handler\nimport ("net/http"; "time")\nfunc H(w http.ResponseWriter, r *http.Request) { w.Write([]byte("now ")); w.(http.Flusher).Flush(); time.Sleep(150 * time.Millisecond); w.Write([]byte("later")) }\n';
    const r = await invoke({ 'api/index.go': src });
    const chunks = r.events.filter((e) => e.type === 'chunk');
    expect(r.body).toBe('now later');
    expect(chunks).toHaveLength(2);
    expect(chunks[1].t - chunks[0].t).toBeGreaterThanOrEqual(140);
  });

  it('warm requests take milliseconds', async () => {
    await invoke({ 'api/index.go': hello });
    const started = performance.now();
    for (let i = 0; i < 20; i++) await invoke({ 'api/index.go': hello });
    const perRequest = (performance.now() - started) / 20;
    console.info(`warm Go request under Node: ${perRequest.toFixed(2)} ms`);
    expect(perRequest).toBeLessThan(50);
  });
});
