// Makes the precompiled pack (iseq.ts) from the interpreter's bytes and the runtime's Ruby files: the one function
// scripts/build-ruby-iseq.mjs and test/node/ruby-iseq.test.ts share. Not part of the worker.
import { encodeIseqPack } from './iseq';
import { buildIseqPack, type RubyLibFiles } from './vm';

/** Libraries not loaded at start but by a handler's first use of them: net/http (Net is autoloaded). */
export const ISEQ_EXTRA = ['net/http'];

export async function rubyIseqPack(wasm: Uint8Array, lib: RubyLibFiles): Promise<Uint8Array> {
  const module = await WebAssembly.compile(wasm as Uint8Array<ArrayBuffer>);
  return encodeIseqPack(await buildIseqPack(module, lib, ISEQ_EXTRA));
}
