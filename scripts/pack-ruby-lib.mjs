// Packs the Ruby files the Ruby worker writes into its VM into one JSON file that the worker's bundle imports:
// workers/ruby/lib (the Vercel glue and the socket stubs) at /opt/vercel/lib, workers/ruby/webrick (vendored by
// scripts/build-ruby-assets.sh) at /opt/vercel/webrick. Run after editing either: node scripts/pack-ruby-lib.mjs
// (test/node/ruby-worker.test.ts fails while workers/ruby/ruby-lib.json is out of date), then
// node scripts/build-ruby-iseq.mjs (the precompiled pack; an edited file loads from source until then).
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Source folder (repo-relative) → its path in the VM; vm.ts LIB_DIR and WEBRICK_DIR. */
export const RUBY_LIB_DIRS = [
  ['workers/ruby/lib', '/opt/vercel/lib'],
  ['workers/ruby/webrick', '/opt/vercel/webrick'],
];
export const RUBY_LIB_JSON = 'workers/ruby/ruby-lib.json';

function rubyFilesUnder(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return rubyFilesUnder(path);
    return name.endsWith('.rb') ? [path] : [];
  });
}

/** VM path → text, in a stable order. */
export function rubyLibFiles() {
  const files = {};
  for (const [dir, vmDir] of RUBY_LIB_DIRS) {
    const base = join(root, dir);
    for (const file of rubyFilesUnder(base).sort()) files[`${vmDir}/${relative(base, file)}`] = readFileSync(file, 'utf8');
  }
  return files;
}

export const packRubyLib = () => JSON.stringify(rubyLibFiles(), null, 0) + '\n';

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(join(root, RUBY_LIB_JSON), packRubyLib());
  console.log(`wrote ${RUBY_LIB_JSON}`);
}
