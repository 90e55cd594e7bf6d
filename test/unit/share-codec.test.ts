// The share codec: projects round-trip byte for byte, and every damaged, cut-off, newer or malformed link or project
// file ends in a ShareLinkError that says which.
import { describe, expect, it } from 'vitest';
import {
  decodeProject,
  encodeProject,
  fromBase64Url,
  hashProject,
  MAX_PROJECT_BYTES,
  parseProjectFile,
  projectFile,
  SHARE_CODEC_VERSION,
  ShareLinkError,
  shareUrl,
  toBase64Url,
  type SharedProject,
} from '../../src/lib/share/codec';
import { GENERATIONS, PLANS } from '../../src/lib/limits';
import type { BodyType, RequestDraft } from '../../src/lib/request-draft';

/** mulberry32: the same projects on every run, so a failure can be replayed. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
  return { next, int, pick };
}

/** Pieces of text that break naive codecs: astral planes, emoji sequences, RTL marks, NUL, lone surrogates, CRLF. */
const PIECES = [
  'export const GET = () => new Response("hi");\n',
  'é', 'ß', '中文', '𝕏', '𠜎', '😀', '👩🏽‍💻', '🏳️‍🌈', 'שלום', 'مرحبا', '\u202e', '\u200f', '\u0000', '\u0001', '\ud800', '\udfff',
  '\r\n', '\t', '"', '\\', '`${x}`', '</script>', '#project=', '%20', '+/=', '\ufeff', ' ', 'a', 'Z', '0',
];

function text(r: ReturnType<typeof random>, max: number): string {
  const n = r.int(max + 1);
  let s = '';
  for (let i = 0; i < n; i++) s += r.pick(PIECES);
  return s;
}

const SEGMENTS = ['app', 'api', 'hello', '[id]', '(group)', '[...slug]', 'lib', 'ünï', '😀', 'a b', 'route.ts', 'x.js', '.env', 'ملف'];

function path(r: ReturnType<typeof random>, deep: boolean): string {
  const depth = 1 + r.int(deep ? 24 : 4);
  return Array.from({ length: depth }, () => r.pick(SEGMENTS)).join('/') + `/f${r.int(1e6)}.ts`;
}

const BODY_TYPES: BodyType[] = ['none', 'json', 'form', 'text', 'binary'];

function request(r: ReturnType<typeof random>): RequestDraft {
  const rows = () => Array.from({ length: r.int(4) }, () => ({ name: text(r, 3), value: text(r, 5), enabled: r.next() < 0.5 }));
  return {
    method: r.pick(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'PROPFIND']),
    url: '/api/' + text(r, 6),
    headers: rows(),
    cookies: rows(),
    bodyType: r.pick(BODY_TYPES),
    body: text(r, 20),
  };
}

function project(seed: number): SharedProject {
  const r = random(seed);
  const files: Record<string, string> = {};
  const kind = seed % 20;
  const count = kind === 1 ? 400 : 1 + r.int(12);
  for (let i = 0; i < count; i++) files[path(r, kind === 2 || r.next() < 0.2)] = r.next() < 0.15 ? '' : text(r, 60);
  // Large files: incompressible text about 1 MB, and a megabyte of one repeated line.
  if (kind === 3) files['big/random.ts'] = Array.from({ length: 1 << 20 }, () => String.fromCharCode(32 + r.int(95))).join('');
  if (kind === 4) files['big/repeated.ts'] = 'export const x = "😀";\n'.repeat(48_000);
  const paths = Object.keys(files);
  return {
    files,
    active: r.pick(paths),
    request: request(r),
    nextVersion: r.pick([null, '13.5.11', '14', '15', '16.4', 'latest', '^15.1.0']),
    plan: r.pick(PLANS),
    generation: r.pick(GENERATIONS),
  };
}

/** The ShareLinkError `run` throws (a test fails when it throws anything else, or nothing). */
async function failure(run: () => unknown): Promise<ShareLinkError> {
  try {
    await run();
  } catch (e) {
    expect(e).toBeInstanceOf(ShareLinkError);
    return e as ShareLinkError;
  }
  throw new Error('expected a ShareLinkError, got a project');
}

async function gzipText(json: string): Promise<string> {
  const stream = new Blob([json]).stream().pipeThrough(new CompressionStream('gzip'));
  return toBase64Url(new Uint8Array(await new Response(stream).arrayBuffer()));
}

const SAMPLE = project(7);

describe('share codec', () => {
  it('round-trips 200 generated projects exactly (unicode, NUL, lone surrogates, empty files, deep paths, ~1 MB files, many files)', async () => {
    for (let seed = 0; seed < 200; seed++) {
      const p = project(seed);
      const encoded = await encodeProject(p);
      expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
      const back = await decodeProject(encoded);
      expect(back, `seed ${seed}`).toStrictEqual(p);
      // Byte for byte: equal strings are equal UTF-16 code units, lone surrogates included.
      for (const [k, v] of Object.entries(p.files)) expect(back.files[k] === v, `seed ${seed}: ${k}`).toBe(true);
    }
  }, 120_000);

  it('the project file round-trips and is readable JSON marked with its format version', async () => {
    for (const seed of [0, 1, 2, 5, 11]) {
      const p = project(seed);
      const text = projectFile(p);
      expect(JSON.parse(text).runtimePlayground).toBe(SHARE_CODEC_VERSION);
      expect(parseProjectFile(text)).toStrictEqual(p);
    }
  });

  it('shareUrl puts the project in #project= of the base, and hashProject reads it back among other hash parts', async () => {
    const url = await shareUrl(SAMPLE, 'https://play.example/?embed&x=1#old');
    const parsed = new URL(url);
    expect(parsed.origin + parsed.pathname + parsed.search).toBe('https://play.example/?embed&x=1');
    const encoded = hashProject(parsed.hash);
    expect(encoded).not.toBeNull();
    expect(await decodeProject(encoded!)).toStrictEqual(SAMPLE);
    expect(hashProject('#a=1&project=abc&b=2')).toBe('abc');
    expect(hashProject('#other')).toBeNull();
  });

  it('drops fields it does not know instead of passing them into the page', async () => {
    const encoded = await gzipText(JSON.stringify({ v: 1, ...SAMPLE, evil: 'x', request: { ...SAMPLE.request, extra: 1 } }));
    const back = await decodeProject(encoded);
    expect(back).toStrictEqual(SAMPLE);
  });

  it('rejects a link with a bit flipped in the middle as corrupted', async () => {
    const encoded = await encodeProject(project(3)); // the incompressible megabyte: stored and coded blocks both
    const small = await encodeProject(SAMPLE);
    for (const base of [encoded, small]) {
      const bytes = fromBase64Url(base);
      const r = random(42);
      for (let i = 0; i < 40; i++) {
        const at = Math.floor(bytes.length * (0.2 + 0.6 * r.next()));
        const flipped = bytes.slice();
        flipped[at] ^= 1 << r.int(8);
        const e = await failure(() => decodeProject(toBase64Url(flipped)));
        expect(e.reason, `byte ${at} of ${bytes.length}`).toBe('corrupted');
        expect(e.message).toMatch(/^This link is corrupted: its project data does not unpack/);
      }
    }
  }, 60_000);

  it('rejects every few lengths of a cut-off link as truncated', async () => {
    const encoded = await encodeProject(SAMPLE);
    expect(encoded.length).toBeGreaterThan(200);
    for (let n = 0; n < encoded.length; n += 3) {
      const e = await failure(() => decodeProject(encoded.slice(0, n)));
      expect(e.reason, `${n} of ${encoded.length}`).toBe('truncated');
      expect(e.message).toMatch(/^This link is truncated: it ends before the project does/);
    }
  });

  it('rejects a link with characters added at its end as corrupted', async () => {
    const encoded = await encodeProject(SAMPLE);
    for (const extra of ['A', 'AAAA', encoded.slice(0, 40)]) {
      const e = await failure(() => decodeProject(encoded + extra));
      expect(e.reason, extra).toBe('corrupted');
    }
  });

  it('tells a cut-off gzip stream made elsewhere (no length in its header) as truncated too', async () => {
    const plain = await gzipText(JSON.stringify({ v: 1, ...SAMPLE }));
    expect(await decodeProject(plain)).toStrictEqual(SAMPLE);
    for (let n = 0; n < plain.length; n += 5) expect((await failure(() => decodeProject(plain.slice(0, n)))).reason, String(n)).toBe('truncated');
  });

  it('rejects characters outside base64url, naming the character', async () => {
    const encoded = await encodeProject(SAMPLE);
    for (const bad of ['+', '/', '=', ' ', '%', '.', 'é', '😀', '\n']) {
      const at = Math.floor(encoded.length / 2);
      const e = await failure(() => decodeProject(encoded.slice(0, at) + bad + encoded.slice(at)));
      expect(e.reason).toBe('not-base64url');
      expect(e.message).toContain(`“${bad}”`);
      expect(e.message).toMatch(/^This link is damaged: .*only letters, digits, - and _/s);
    }
  });

  it('rejects a link that is base64url but not a gzip stream as corrupted', async () => {
    const e = await failure(() => decodeProject(toBase64Url(new TextEncoder().encode('{"v":1,"files":{}}'))));
    expect(e.reason).toBe('corrupted');
  });

  it('rejects a link from a newer playground, and an unknown version', async () => {
    const newer = await failure(async () => decodeProject(await gzipText(JSON.stringify({ ...SAMPLE, v: 2 }))));
    expect(newer.reason).toBe('newer-version');
    expect(newer.message).toBe(
      'This link was made by a newer playground (format version 2; this one reads version 1). Reload the page to get the newest playground, then open it again.',
    );
    for (const v of [0, -1, '1', 1.5, null]) {
      const e = await failure(async () => decodeProject(await gzipText(JSON.stringify({ ...SAMPLE, v }))));
      expect(e.reason, String(v)).toBe('unknown-version');
      expect(e.message).toMatch(/^This link has an unknown format version/);
    }
    const none = await failure(async () => decodeProject(await gzipText(JSON.stringify(SAMPLE))));
    expect(none.message).toBe('This link is not a Runtime Playground project.');
  });

  it('rejects gzip of something that is not JSON', async () => {
    const e = await failure(async () => decodeProject(await gzipText('hello')));
    expect(e.reason).toBe('not-json');
  });

  it.each([
    ['files empty', { files: {} }, '`files` must hold at least one file'],
    ['a path climbing out', { files: { '../etc/passwd': 'x' }, active: '../etc/passwd' }, 'must stay inside the project'],
    ['an absolute path', { files: { '/etc/passwd': 'x' }, active: '/etc/passwd' }, 'must be relative'],
    ['an empty folder', { files: { 'app//route.ts': 'x' }, active: 'app//route.ts' }, 'empty or "." folder'],
    ['a backslash path', { files: { 'app\\..\\x': 'x' }, active: 'app\\..\\x' }, 'must use / between folders'],
    ['a source that is not text', { files: { 'a.ts': 1 }, active: 'a.ts' }, 'file "a.ts" must be text'],
    ['active not a file', { active: 'nope.ts' }, '`active` must be one of its files'],
    ['no request', { request: undefined }, '`request` must be'],
    ['a bad body type', { request: { ...SAMPLE.request, bodyType: 'xml' } }, '`request.bodyType` must be one of'],
    ['a bad header row', { request: { ...SAMPLE.request, headers: [{ name: 1 }] } }, '`request.headers[0]` must have'],
    ['a bad plan', { plan: 'free' }, '`plan` must be one of hobby, pro, enterprise'],
    ['a bad generation', { generation: 'future' }, '`generation` must be one of fluid, legacy'],
    ['a bad Next.js version', { nextVersion: 'banana' }, '"banana" is not a Next.js version'],
    ['a missing nextVersion', { nextVersion: undefined }, '`nextVersion` must be a Next.js version or null'],
  ])('rejects a project with %s, saying what is wrong', async (_name, change, words) => {
    const e = await failure(async () => decodeProject(await gzipText(JSON.stringify({ v: 1, ...SAMPLE, ...change }))));
    expect(e.reason).toBe('shape');
    expect(e.message).toMatch(/^This link does not hold a valid project: /);
    expect(e.message).toContain(words);
    expect(e.message).not.toMatch(/\.\.$/);
    const file = await failure(() => parseProjectFile(JSON.stringify({ runtimePlayground: 1, ...SAMPLE, ...change })));
    expect(file.message).toMatch(/^This project file does not hold a valid project: /);
  });

  it('refuses a link that unpacks past the size cap (a gzip bomb)', async () => {
    const zeros = '0'.repeat(MAX_PROJECT_BYTES + 1024);
    const bomb = await gzipText(JSON.stringify({ v: 1, ...SAMPLE, files: { 'a.ts': zeros }, active: 'a.ts' }));
    expect(bomb.length).toBeLessThan(60_000);
    const e = await failure(() => decodeProject(bomb));
    expect(e.reason).toBe('too-large');
    expect(e.message).toBe('This link holds more than the playground opens: over 32 MB of project.');
  }, 30_000);

  it('rejects project files that are not JSON, not marked, or newer', async () => {
    expect((await failure(() => parseProjectFile('{ nope'))).message).toBe('This file is not a playground project file: it is not JSON.');
    expect((await failure(() => parseProjectFile(JSON.stringify(SAMPLE)))).message).toBe(
      'This project file is not a Runtime Playground project (it has no "runtimePlayground" version).',
    );
    const newer = await failure(() => parseProjectFile(JSON.stringify({ runtimePlayground: 3, ...SAMPLE })));
    expect(newer.reason).toBe('newer-version');
    expect(newer.message).toMatch(/^This project file was made by a newer playground/);
  });

  it('keeps a file named __proto__ as a file, not as the prototype', async () => {
    const json = `{"v":1,"files":{"__proto__":"x","a.ts":"y"},"active":"__proto__","request":${JSON.stringify(SAMPLE.request)},"nextVersion":null,"plan":"hobby","generation":"fluid"}`;
    const back = await decodeProject(await gzipText(json));
    expect(Object.keys(back.files)).toEqual(['__proto__', 'a.ts']);
    expect(Object.getPrototypeOf(back.files)).toBe(Object.prototype);
    expect(Object.hasOwn(back.files, '__proto__')).toBe(true);
  });
});
