// Next's ETag for the pages it renders itself (`server/lib/etag.js`, `generateETag`): FNV-1a 52-bit of the payload
// in base 36, then the payload's length in base 36, quoted.

export function fnv1a52(text: string): number {
  let t0 = 0, v0 = 0x2325, t1 = 0, v1 = 0x8422, t2 = 0, v2 = 0x9ce4, t3 = 0, v3 = 0xcbf2;
  for (let i = 0; i < text.length; ) {
    v0 ^= text.charCodeAt(i++);
    t0 = v0 * 435;
    t1 = v1 * 435;
    t2 = v2 * 435;
    t3 = v3 * 435;
    t2 += v0 << 8;
    t3 += v1 << 8;
    t1 += t0 >>> 16;
    v0 = t0 & 65535;
    t2 += t1 >>> 16;
    v1 = t1 & 65535;
    v3 = (t3 + (t2 >>> 16)) & 65535;
    v2 = t2 & 65535;
  }
  return (v3 & 15) * 281474976710656 + v2 * 4294967296 + v1 * 65536 + (v0 ^ (v3 >> 4));
}

export function generateETag(payload: string, weak = false): string {
  return `${weak ? 'W/"' : '"'}${fnv1a52(payload).toString(36)}${payload.length.toString(36)}"`;
}
