// Precompiled instruction sequences (bootsnap's trick) for the Ruby files the runtime loads at start: WEBrick, the
// glue and the standard library they pull in. Parsing and compiling them is most of a cold start (CRuby's parser and
// compiler run as cold wasm); loading their binary iseq skips both. scripts/build-ruby-iseq.mjs makes the pack with
// the same ruby.wasm under Node and checks it in at public/languages/ruby/ (RUBY_ISEQ_FILE); the worker downloads it
// beside the wasm. A binary iseq is only valid for the exact Ruby build that made it, so the pack names that build
// (RUBY_DESCRIPTION) and every file of ours carries a hash of the source it was compiled from: anything else loads
// from source, as before.
//
// Layout: "RBISEQ1\n", a u32 (little-endian) header length, the header (JSON: RubyIseqHeader), then the binaries.

export const RUBY_ISEQ_FILE = 'ruby-iseq.bin';
/** Where the binaries are in the VM's file system: `${RUBY_ISEQ_DIR}${path}.yarb` for the file at `path`. */
export const RUBY_ISEQ_DIR = '/opt/vercel/iseq';

const MAGIC = 'RBISEQ1\n';

interface RubyIseqHeader {
  /** RUBY_DESCRIPTION of the Ruby that compiled them (its version, revision and platform). */
  ruby: string;
  /** [VM path, hash of the source (ours; null for the standard library inside ruby.wasm), offset, length]. */
  files: [string, string | null, number, number][];
}

export interface RubyIseqFile {
  path: string;
  /** sourceHash() of the text it was compiled from, for files the runtime brings; null for the standard library's. */
  source: string | null;
  binary: Uint8Array;
}

export interface RubyIseqPack {
  ruby: string;
  files: RubyIseqFile[];
}

/** FNV-1a (32 bit) over the UTF-16 code units: cheap enough to check every file at each start (~1 ms). */
export function sourceHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0') + ':' + text.length.toString(16);
}

export function encodeIseqPack(pack: RubyIseqPack): Uint8Array {
  let offset = 0;
  const header: RubyIseqHeader = { ruby: pack.ruby, files: [] };
  for (const file of pack.files) {
    header.files.push([file.path, file.source, offset, file.binary.byteLength]);
    offset += file.binary.byteLength;
  }
  const head = new TextEncoder().encode(MAGIC + '    ' + JSON.stringify(header));
  new DataView(head.buffer).setUint32(MAGIC.length, head.byteLength - MAGIC.length - 4, true);
  const out = new Uint8Array(head.byteLength + offset);
  out.set(head);
  let at = head.byteLength;
  for (const file of pack.files) {
    out.set(file.binary, at);
    at += file.binary.byteLength;
  }
  return out;
}

/** The pack, or null when the bytes are not one (a missing file answered with a page, a truncated download). */
export function decodeIseqPack(bytes: Uint8Array): RubyIseqPack | null {
  try {
    if (new TextDecoder().decode(bytes.subarray(0, MAGIC.length)) !== MAGIC) return null;
    const length = new DataView(bytes.buffer, bytes.byteOffset).getUint32(MAGIC.length, true);
    const start = MAGIC.length + 4;
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(start, start + length))) as RubyIseqHeader;
    const base = start + length;
    const files = header.files.map(([path, source, offset, size]) => {
      if (base + offset + size > bytes.byteLength) throw new RangeError('truncated');
      return { path, source, binary: bytes.subarray(base + offset, base + offset + size) };
    });
    return { ruby: header.ruby, files };
  } catch {
    return null;
  }
}

/**
 * The binaries to put in the VM (path under RUBY_ISEQ_DIR → bytes): those of the standard library, and those of
 * our files whose source is still the one they were compiled from (an edited file loads from source).
 */
export function usableIseq(pack: RubyIseqPack, lib: Record<string, string>): Record<string, Uint8Array<ArrayBuffer>> {
  const out: Record<string, Uint8Array<ArrayBuffer>> = {};
  for (const file of pack.files) {
    if (file.source !== null && (lib[file.path] === undefined || sourceHash(lib[file.path]) !== file.source)) continue;
    out[`${file.path}.yarb`] = new Uint8Array(file.binary); // a copy: the VM's file system owns its bytes
  }
  return out;
}

/**
 * Ruby's loader asks RubyVM::InstructionSequence.load_iseq(path) for every file that require or load reads; an iseq
 * returned is run in place of compiling the source, nil compiles it as usual. So $LOADED_FEATURES, require_relative,
 * autoload and the order of loading stay Ruby's own. A binary Ruby refuses (another version or platform, broken)
 * raises and loads from source. VercelPrecompiled.loaded lists what came from binaries (the tests read it).
 */
export const ISEQ_HOOK = `module VercelPrecompiled
  DIR = ${JSON.stringify(RUBY_ISEQ_DIR)}
  @loaded = []
  class << self
    attr_reader :loaded
  end
end
class << RubyVM::InstructionSequence
  def load_iseq(path)
    binary = "#{VercelPrecompiled::DIR}#{path}.yarb"
    return nil unless File.file?(binary)
    iseq = load_from_binary(File.binread(binary))
    VercelPrecompiled.loaded << path
    iseq
  rescue StandardError
    nil
  end
end
nil`;
