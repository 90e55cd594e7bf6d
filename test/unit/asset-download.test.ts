// The language workers' gzip sniff (workers/shared/asset-download.ts): a `.gzip` asset is inflated here unless the
// server already did, told apart by its first bytes, however the stream is cut into pieces.
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { gunzipIfGzip } from '../../workers/shared/asset-download';

const WASM = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x2a]);

function streamOf(bytes: Uint8Array, cuts: number[]): ReadableStream<Uint8Array<ArrayBuffer>> {
  const pieces: Uint8Array<ArrayBuffer>[] = [];
  let at = 0;
  for (const cut of [...cuts, bytes.length]) {
    pieces.push(new Uint8Array(bytes.slice(at, cut)));
    at = cut;
  }
  return new ReadableStream({
    pull(controller) {
      const next = pieces.shift();
      if (next) controller.enqueue(next);
      else controller.close();
    },
  });
}

const read = async (body: ReadableStream<Uint8Array<ArrayBuffer>>) => new Uint8Array(await new Response(body).arrayBuffer());

describe('gunzipIfGzip', () => {
  it.each([[[]], [[1]], [[2, 5]]])('gzip bytes are inflated (pieces cut at %j)', async (cuts) => {
    expect(await read(await gunzipIfGzip(streamOf(new Uint8Array(gzipSync(WASM)), cuts)))).toEqual(WASM);
  });

  it.each([[[]], [[1]], [[3]]])('bytes a server already inflated pass as they are (pieces cut at %j)', async (cuts) => {
    expect(await read(await gunzipIfGzip(streamOf(WASM, cuts)))).toEqual(WASM);
  });

  it('an empty body stays empty', async () => {
    expect(await read(await gunzipIfGzip(streamOf(new Uint8Array(), [])))).toEqual(new Uint8Array());
  });
});
