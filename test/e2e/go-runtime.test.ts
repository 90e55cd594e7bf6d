// The Go runtime (runtime-spec-2026 §2.5) in real Chromium against the production build: yaegi.wasm from our own
// origin in the languages sandbox (languages.html, an opaque origin), driven through the embed API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/lib/run-record.svelte';
import { openEmbed, type EmbedClient } from './embed-client';

const header = (r: RunResult, name: string) => r.headers.find(([k]) => k.toLowerCase() === name)?.[1] ?? null;

/** Vercel's docs example (Go runtime page). */
const HELLO = `package handler

import (
	"fmt"
	"net/http"
)

func Handler(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintf(w, "<h1>Hello from Go!</h1>")
}
`;

describe('Go functions (api/*.go) through the embed API', () => {
  let embed: EmbedClient;
  const run = (path: string, source: string, request: Parameters<EmbedClient['runFile']>[2] = {}, options: Parameters<EmbedClient['runFile']>[3] = {}) =>
    embed.runFile(path, source, { url: '/' + path.replace(/\.go$/, ''), ...request }, options);

  beforeAll(async () => {
    embed = await openEmbed('/?embed');
  });

  afterAll(async () => {
    await embed?.page.context().close();
  });

  it('§2.5 http.HandlerFunc: the docs hello answers on the go runtime, with the cold start measured', async () => {
    const t0 = Date.now();
    const r = await run('api/index.go', HELLO);
    const coldMs = Date.now() - t0;
    expect(r.error ?? null).toBeNull();
    expect(r.runtime).toBe('go');
    expect(r.status).toBe(200);
    expect(r.body).toBe('<h1>Hello from Go!</h1>');
    expect(header(r, 'content-type')).toBe('text/html; charset=utf-8');
    const t1 = Date.now();
    const warm = await embed.run('api/index.go', { method: 'GET', url: '/api' });
    console.log(`go cold start (load + first run, page clock) ${coldMs} ms; warm run ${Date.now() - t1} ms; timings ${JSON.stringify(warm[0].timings)}`);
    expect(warm[0].body).toBe('<h1>Hello from Go!</h1>');
  }, 120_000);

  it('a panic: 500 FUNCTION_INVOCATION_FAILED with the panic value, its file:line stack in the result and the error box', async () => {
    const source = 'package handler\n\nimport "net/http"\n\nfunc Handler(w http.ResponseWriter, r *http.Request) {\n\tpanic("boom")\n}\n';
    const r = await run('api/boom.go', source);
    expect(r.status).toBe(500);
    expect(r.error?.code).toBe('FUNCTION_INVOCATION_FAILED');
    expect(r.error?.message).toBe('panic: boom');
    expect(r.error?.stack).toMatch(/^ {4}at api\/boom\.go:6:\d+$/m);
    // The page says where, without opening the stack.
    await expect.poll(() => embed.page.locator('.error-box .where').textContent()).toBe('at api/boom.go:6');
  });

  it('L03: a handler that never returns is cut at maxDuration (vercel.json) with 504 FUNCTION_INVOCATION_TIMEOUT, and the next run answers', async () => {
    const source = 'package handler\n\nimport "net/http"\n\nfunc Handler(w http.ResponseWriter, r *http.Request) {\n\tfor {\n\t}\n}\n';
    const files = { 'vercel.json': JSON.stringify({ functions: { 'api/loop.go': { maxDuration: 2 } } }) };
    const t0 = Date.now();
    const r = await run('api/loop.go', source, {}, { files });
    expect(r.error?.message ?? null).toBe('The function did not respond within 2 s, its maxDuration.');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(2000);
    expect(r.status).toBe(504);
    expect(r.error?.code).toBe('FUNCTION_INVOCATION_TIMEOUT');
    // The worker was terminated; a new one starts (and loads yaegi again) for the next run.
    const again = await run('api/index.go', HELLO);
    expect(again.body).toBe('<h1>Hello from Go!</h1>');
  }, 120_000);

  it('a syntax error names the file, line and column', async () => {
    const r = await run('api/bad.go', 'package handler\n\nfunc Handler(w http.ResponseWriter, r *http.Request) {\n\tx := \n}\n');
    expect(r.status).toBe(500);
    expect(r.error?.message).toMatch(/^api\/bad\.go:5:1: /);
  });

  it('an import outside the standard library is named, with why it cannot run here', async () => {
    const source = 'package handler\n\nimport (\n\t"net/http"\n\t"github.com/gin-gonic/gin"\n)\n\nfunc Handler(w http.ResponseWriter, r *http.Request) { _ = gin.New }\n';
    const r = await run('api/gin.go', source);
    expect(r.status).toBe(500);
    expect(r.error?.message).toContain('api/gin.go:5:2: cannot import "github.com/gin-gonic/gin": only Go\'s standard library');
  });
});
