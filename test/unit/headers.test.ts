import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { headersFor, SANDBOX_CSP, STATIC_RULES } from '../../src/server/headers';
import { headersFile, vercelJson } from '../../src/server/static-headers';

describe('response headers', () => {
  it('every page, worker and asset is cross-origin isolated', () => {
    for (const path of ['/', '/?embed', '/index.html', '/sandbox.html', '/assets/main.js', '/assets/esbuild.wasm']) {
      expect(headersFor(path)).toMatchObject({
        'Cross-Origin-Opener-Policy': 'same-origin',
        'Cross-Origin-Embedder-Policy': 'require-corp',
      });
    }
  });

  it('D01/D05: the sandbox policy allows neither eval nor WebAssembly compilation', () => {
    expect(headersFor('/sandbox.html')['Content-Security-Policy']).toBe(SANDBOX_CSP);
    expect(SANDBOX_CSP).not.toMatch(/unsafe-eval/);
    expect(headersFor('/')['Content-Security-Policy']).not.toMatch(/unsafe-eval/);
  });

  it('/embed.js and the embed page load and frame from a host on another origin, a COEP host too', () => {
    const rule = (path: string) => STATIC_RULES.find((r) => r.path === path)?.headers;
    for (const path of ['/embed.js', '/']) expect(rule(path)).toMatchObject({ 'Cross-Origin-Resource-Policy': 'cross-origin' });
    expect(rule('/embed.js')).toMatchObject({ 'Access-Control-Allow-Origin': '*' });
    // Any site may frame the embed page: nothing forbids it.
    expect(Object.keys(rule('/')!).map((k) => k.toLowerCase())).not.toContain('x-frame-options');
    expect(rule('/')!['Content-Security-Policy']).not.toMatch(/frame-ancestors/);
  });

  it("the build's hashed files are cached for good; documents, /embed.js and the languages' files are revalidated", () => {
    for (const path of ['/assets/main-BYHpp7qJ.js', '/assets/esbuild-BaXVPFT2.wasm']) {
      expect(headersFor(path)['Cache-Control']).toBe('public, max-age=31536000, immutable');
    }
    for (const path of ['/', '/?embed', '/index.html', '/sandbox.html', '/languages.html', '/embed.js', '/languages/python/pyodide.asm.wasm']) {
      expect(headersFor(path)['Cache-Control']).toBeUndefined();
    }
    expect(STATIC_RULES.find((r) => r.path === '/assets/*')?.headers['Cache-Control']).toBe('public, max-age=31536000, immutable');
  });

  it('public/_headers and vercel.json say what the servers send', () => {
    if (process.env.UPDATE_HEADERS) {
      writeFileSync('public/_headers', headersFile());
      writeFileSync('vercel.json', vercelJson());
    }
    expect(readFileSync('public/_headers', 'utf8')).toBe(headersFile());
    expect(readFileSync('vercel.json', 'utf8')).toBe(vercelJson());
  });
});
