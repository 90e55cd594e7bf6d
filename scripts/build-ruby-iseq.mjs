// Rebuilds public/languages/ruby/ruby-iseq.bin: the Ruby files the Ruby runtime loads at start (WEBrick, the glue,
// the standard library they require, and net/http, loaded on first use of Net) compiled to binary instruction
// sequences by the very ruby.wasm the browser runs (@ruby/3.3-wasm-wasi, pinned in package-lock.json), under Node.
// Inputs: that package and workers/ruby/ruby-lib.json. The output is deterministic and checked in, so `npm ci &&
// npm start` runs no Ruby; test/node/ruby-iseq.test.ts fails while it is out of date. Run after changing the Ruby
// files or the package: node scripts/build-ruby-iseq.mjs
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
export const RUBY_ISEQ_OUT = 'public/languages/ruby/ruby-iseq.bin';

// The runtime's own TypeScript (workers/ruby/iseq-build.ts), bundled for Node: the pack is made by the code that reads it.
const dir = mkdtempSync(join(tmpdir(), 'ruby-iseq-'));
try {
  const out = join(dir, 'iseq-build.mjs');
  await build({ entryPoints: [join(root, 'workers/ruby/iseq-build.ts')], bundle: true, platform: 'node', format: 'esm', outfile: out, logLevel: 'warning' });
  const { rubyIseqPack } = await import(pathToFileURL(out).href);
  const wasm = readFileSync(join(root, 'node_modules/@ruby/3.3-wasm-wasi/dist/ruby+stdlib.wasm'));
  const lib = JSON.parse(readFileSync(join(root, 'workers/ruby/ruby-lib.json'), 'utf8'));
  const bytes = await rubyIseqPack(wasm, lib);
  writeFileSync(join(root, RUBY_ISEQ_OUT), bytes);
  console.log(`wrote ${RUBY_ISEQ_OUT} (${bytes.byteLength} bytes)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
