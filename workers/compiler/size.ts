// Bundle size as a deployment would count it: the script without our inline source map, raw and gzipped.

const SOURCE_MAP_COMMENT = '\n//# sourceMappingURL=';

export interface BundleSize {
  bytes: number;
  gzipBytes: number;
}

export async function bundleSize(code: string): Promise<BundleSize> {
  const end = code.lastIndexOf(SOURCE_MAP_COMMENT);
  const script = new TextEncoder().encode(end === -1 ? code : code.slice(0, end + 1));
  const gzipped = new Blob([script]).stream().pipeThrough(new CompressionStream('gzip'));
  const gzipBytes = (await new Response(gzipped).arrayBuffer()).byteLength;
  return { bytes: script.byteLength, gzipBytes };
}
