// Vite plugin: the playground's headers on the dev and preview servers, and esbuild.wasm served precompressed.
import { existsSync, readFileSync, writeFileSync, createReadStream } from 'node:fs';
import { join, resolve } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import type { Connect, Plugin } from 'vite';
import { headersFor } from './headers.ts';

function withHeaders(distDir?: string): Connect.NextHandleFunction {
  return (req, res, next) => {
    const url = req.url ?? '/';
    const headers = headersFor(url);
    for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
    const cacheControl = headers['Cache-Control'];
    if (cacheControl) {
      // The preview server's file handler (sirv) marks every file no-cache: the hashed assets keep what hosts send.
      const setHeader = res.setHeader.bind(res);
      res.setHeader = (name, value) => setHeader(name, name.toLowerCase() === 'cache-control' ? cacheControl : value);
    }
    const path = url.split('?')[0];
    if (distDir && path.endsWith('.wasm') && /\bbr\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
      const file = join(distDir, path);
      if (existsSync(file + '.br')) {
        res.setHeader('Content-Type', 'application/wasm');
        res.setHeader('Content-Encoding', 'br');
        res.setHeader('Vary', 'Accept-Encoding');
        createReadStream(file + '.br').pipe(res);
        return;
      }
    }
    next();
  };
}

export function playgroundHeaders(): Plugin {
  let outDir = 'dist';
  return {
    name: 'playground-headers',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    configureServer(server) {
      server.middlewares.use(withHeaders());
    },
    configurePreviewServer(server) {
      server.middlewares.use(withHeaders(outDir));
    },
    writeBundle(_options, bundle) {
      // 14 MB raw, under 3 MB with brotli: most of a cold page load is this file.
      for (const name of Object.keys(bundle)) {
        if (!name.endsWith('.wasm')) continue;
        const file = join(outDir, name);
        const br = brotliCompressSync(readFileSync(file), { params: { [constants.BROTLI_PARAM_QUALITY]: 9 } });
        writeFileSync(file + '.br', br);
      }
    },
  };
}
