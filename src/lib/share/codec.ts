// Share links and project files: a project as versioned JSON, gzipped (CompressionStream) and written as base64url in
// the URL hash (`#project=<encoded>`), or as a plain JSON file for projects too large for a link. Everything read back
// is checked: a link or file is whatever someone pasted, so a damaged, cut-off or hostile one ends in a ShareLinkError
// whose message the reader understands, never in a half-loaded project.
import type { Files } from '../../../workers/protocol';
import { base64ToBytes, bytesToBase64 } from '../../../workers/shared/base64';
import { GENERATIONS, PLANS, type Generation, type Plan } from '../limits';
import type { Playground } from '../playground.svelte';
import { profileFor } from '../project/profiles';
import { BODY_TYPES, type BodyType, type RequestDraft, type Row } from '../request-draft';
import { isObject } from './shape';

export const SHARE_CODEC_VERSION = 1;
/** The hash is `#project=<encoded>`. */
export const SHARE_HASH_KEY = 'project';
/** The project file's marker and format version: `{ "runtimePlayground": 1, ...SharedProject }`. */
export const PROJECT_FILE_KEY = 'runtimePlayground';
/**
 * The longest link Share makes, in characters. Browsers take far longer URLs (Chromium 2 MB), but the places links
 * travel do not: chat apps, mail clients and issue trackers cut or refuse links beyond a few tens of thousands of
 * characters, and a cut link is a broken one. Past it Share offers the project as a file instead.
 */
export const SHARE_LINK_BUDGET = 32_000;
/**
 * The most a link or file may unpack to. A 30 kB link of zeros inflates a thousandfold; the cap keeps such a "zip bomb"
 * from filling the tab's memory, and sits at the package size the playground installs (PACKAGE_FILE_CAPS, 32 MB).
 */
export const MAX_PROJECT_BYTES = 32 * 1024 * 1024;

/** What a share link / project file carries. */
export interface SharedProject {
  /** path -> source, byte for byte */
  files: Files;
  /** the entry/open file */
  active: string;
  request: RequestDraft;
  /** profile choice (null: the project's package.json decides) */
  nextVersion: string | null;
  plan: Plan;
  generation: Generation;
}

export type ShareLinkFailure =
  | 'not-base64url'
  | 'truncated'
  | 'corrupted'
  | 'too-large'
  | 'not-json'
  | 'newer-version'
  | 'unknown-version'
  | 'shape';

/** A link or project file the playground cannot open; `message` says why in words for the reader. */
export class ShareLinkError extends Error {
  constructor(
    readonly reason: ShareLinkFailure,
    message: string,
  ) {
    super(message);
    this.name = 'ShareLinkError';
  }
}

type Carrier = 'link' | 'file';
const THIS: Record<Carrier, string> = { link: 'This link', file: 'This project file' };

// --- base64url (RFC 4648 §5, no padding) -----------------------------------------------------------------------

const URL_SAFE = /^[A-Za-z0-9_-]*$/;

export function toBase64Url(bytes: Uint8Array): string {
  return bytesToBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  if (!URL_SAFE.test(text)) {
    const i = [...text].findIndex((c) => !URL_SAFE.test(c));
    throw new ShareLinkError(
      'not-base64url',
      `This link is damaged: its project part has a character a share link never contains (“${[...text][i]}”; only letters, digits, - and _ belong there). Check that the whole link was copied as it is.`,
    );
  }
  // A base64url text never leaves one character over: 4n+1 characters is a link cut off mid-character.
  if (text.length % 4 === 1) throw truncated('link');
  const padded = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  return new Uint8Array(base64ToBytes(padded));
}

// --- gzip ------------------------------------------------------------------------------------------------------

/** Bytes 4–7 of a gzip header, its MTIME: CompressionStream leaves them 0 and every decoder ignores them. */
const LENGTH_FIELD = 4;
const HEADER_BYTES = 10;

/**
 * Gzips, writing the stream's own length into the header's MTIME field: a link cut short then reads as truncated for
 * certain, where the decoder alone cannot tell running out of input from damage that makes it want more.
 */
async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new CompressionStream('gzip'));
  const out = new Uint8Array(await new Response(stream).arrayBuffer());
  new DataView(out.buffer).setUint32(LENGTH_FIELD, out.length, true);
  return out;
}

const truncated = (carrier: Carrier) =>
  new ShareLinkError(
    'truncated',
    `${THIS[carrier]} is truncated: it ends before the project does, most likely cut off when it was copied. Ask for the whole link again.`,
  );
const corrupted = (carrier: Carrier) =>
  new ShareLinkError(
    'corrupted',
    `${THIS[carrier]} is corrupted: its project data does not unpack (some characters were changed or lost). Ask for the link again.`,
  );

const GZIP_MAGIC = [0x1f, 0x8b, 0x08];

/**
 * Gunzips, telling a cut-off stream from a damaged one by the length in the header (see gzip). A stream without it
 * (made elsewhere) is judged by when the decoder fails: a prefix of a valid stream never fails while it is written (the
 * decoder only waits for more), so a failure then is damage, and one only at the end is a stream that ends early.
 */
async function gunzip(bytes: Uint8Array<ArrayBuffer>, carrier: Carrier): Promise<Uint8Array> {
  // Every gzip stream starts 1f 8b 08 (deflate); anything else was never a share link's payload.
  if (GZIP_MAGIC.some((b, i) => i < bytes.length && bytes[i] !== b)) throw corrupted(carrier);
  if (bytes.length < HEADER_BYTES) throw truncated(carrier);
  const length = new DataView(bytes.buffer, bytes.byteOffset).getUint32(LENGTH_FIELD, true);
  if (length !== 0 && bytes.length < length) throw truncated(carrier);
  if (length !== 0 && bytes.length > length) throw corrupted(carrier);
  const stream = new DecompressionStream('gzip');
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let tooLarge = false;
  const reading = (async () => {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      size += value.byteLength;
      if (size > MAX_PROJECT_BYTES) {
        tooLarge = true;
        await reader.cancel();
        return;
      }
      chunks.push(value);
    }
  })();
  reading.catch(() => {}); // its failure is the writer's too, reported below
  let phase: 'write' | 'close' = 'write';
  try {
    // In slices, so a bomb stops at the cap instead of inflating whole first.
    for (let i = 0; i < bytes.length && !tooLarge; i += 64 * 1024) await writer.write(bytes.subarray(i, i + 64 * 1024));
    phase = 'close';
    if (!tooLarge) await writer.close();
    await reading;
  } catch {
    if (tooLarge) throw tooLargeError(carrier);
    throw phase === 'close' && length === 0 ? truncated(carrier) : corrupted(carrier);
  }
  if (tooLarge) throw tooLargeError(carrier);
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

const tooLargeError = (carrier: Carrier) =>
  new ShareLinkError('too-large', `${THIS[carrier]} holds more than the playground opens: over ${MAX_PROJECT_BYTES / 1024 / 1024} MB of project.`);

// --- the project's shape ---------------------------------------------------------------------------------------


/** Why a path cannot be a project file's (the embed API's rule, plus empty and `.` segments), or null. */
export function unsafePath(path: string): string | null {
  if (path === '') return 'a file path is empty';
  if (path.startsWith('/')) return `file path "${path}" must be relative, like app/api/hello/route.ts`;
  if (path.includes('\\')) return `file path "${path}" must use / between folders`;
  const parts = path.split('/');
  if (parts.includes('..')) return `file path "${path}" must stay inside the project (no ..)`;
  if (parts.some((p) => p === '' || p === '.')) return `file path "${path}" has an empty or "." folder`;
  return null;
}

function checkRows(v: unknown, name: string): Row[] {
  if (!Array.isArray(v)) throw new Error(`\`request.${name}\` must be a list of rows`);
  return v.map((row, i) => {
    if (!isObject(row) || typeof row.name !== 'string' || typeof row.value !== 'string' || typeof row.enabled !== 'boolean')
      throw new Error(`\`request.${name}[${i}]\` must have a name, a value and enabled`);
    return { name: row.name, value: row.value, enabled: row.enabled };
  });
}

function checkRequest(v: unknown): RequestDraft {
  if (!isObject(v)) throw new Error('`request` must be the request builder’s request');
  if (typeof v.method !== 'string' || v.method === '') throw new Error('`request.method` must be a method such as GET');
  if (typeof v.url !== 'string') throw new Error('`request.url` must be a path such as /api/hello');
  if (!BODY_TYPES.includes(v.bodyType as BodyType)) throw new Error(`\`request.bodyType\` must be one of ${BODY_TYPES.join(', ')}`);
  if (typeof v.body !== 'string') throw new Error('`request.body` must be text');
  return {
    method: v.method,
    url: v.url,
    headers: checkRows(v.headers, 'headers'),
    cookies: checkRows(v.cookies, 'cookies'),
    bodyType: v.bodyType as BodyType,
    body: v.body,
  };
}

/** The project in `data`, copied field by field (nothing else it carries comes along); throws Error with the fault. */
function checkProject(data: Record<string, unknown>): SharedProject {
  const files = data.files;
  if (!isObject(files) || Object.keys(files).length === 0) throw new Error('`files` must hold at least one file');
  const copy: Files = {};
  for (const [path, source] of Object.entries(files)) {
    if (typeof source !== 'string') throw new Error(`file "${path}" must be text`);
    const unsafe = unsafePath(path);
    if (unsafe) throw new Error(unsafe);
    Object.defineProperty(copy, path, { value: source, enumerable: true, writable: true, configurable: true });
  }
  if (typeof data.active !== 'string' || !Object.hasOwn(copy, data.active)) throw new Error('`active` must be one of its files');
  const request = checkRequest(data.request);
  const nextVersion = data.nextVersion;
  if (nextVersion !== null) {
    if (typeof nextVersion !== 'string') throw new Error('`nextVersion` must be a Next.js version or null');
    const found = profileFor(nextVersion);
    if (!found.ok) throw new Error(found.message);
  }
  if (!PLANS.includes(data.plan as Plan)) throw new Error(`\`plan\` must be one of ${PLANS.join(', ')}`);
  if (!GENERATIONS.includes(data.generation as Generation)) throw new Error(`\`generation\` must be one of ${GENERATIONS.join(', ')}`);
  return { files: copy, active: data.active, request, nextVersion, plan: data.plan as Plan, generation: data.generation as Generation };
}

function parseVersioned(json: string, key: string, carrier: Carrier): SharedProject {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    throw carrier === 'file'
      ? new ShareLinkError('not-json', 'This file is not a playground project file: it is not JSON.')
      : new ShareLinkError('not-json', 'This link is corrupted: its project data is not readable. Ask for the link again.');
  }
  if (!isObject(data) || !(key in data))
    throw new ShareLinkError('shape', `${THIS[carrier]} is not a Runtime Playground project${carrier === 'file' ? ' (it has no "runtimePlayground" version)' : ''}.`);
  const version = data[key];
  if (typeof version === 'number' && Number.isInteger(version) && version > SHARE_CODEC_VERSION)
    throw new ShareLinkError(
      'newer-version',
      `${THIS[carrier]} was made by a newer playground (format version ${version}; this one reads version ${SHARE_CODEC_VERSION}). Reload the page to get the newest playground, then open it again.`,
    );
  if (version !== SHARE_CODEC_VERSION)
    throw new ShareLinkError('unknown-version', `${THIS[carrier]} has an unknown format version (${JSON.stringify(version)}); this playground reads version ${SHARE_CODEC_VERSION}.`);
  try {
    return checkProject(data);
  } catch (e) {
    throw new ShareLinkError('shape', `${THIS[carrier]} does not hold a valid project: ${(e as Error).message.replace(/\.$/, '')}.`);
  }
}

// --- the API ---------------------------------------------------------------------------------------------------

const fields = (p: SharedProject) => ({
  files: p.files,
  active: p.active,
  request: p.request,
  nextVersion: p.nextVersion,
  plan: p.plan,
  generation: p.generation,
});

/** JSON `{v:1, ...}` → gzip → base64url. */
export async function encodeProject(p: SharedProject): Promise<string> {
  const json = JSON.stringify({ v: SHARE_CODEC_VERSION, ...fields(p) });
  return toBase64Url(await gzip(new TextEncoder().encode(json)));
}

/** The project a link carries; throws ShareLinkError when it is not base64url, cut off, damaged, newer or not a project. */
export async function decodeProject(text: string): Promise<SharedProject> {
  if (text === '') throw truncated('link');
  const bytes = await gunzip(fromBase64Url(text), 'link');
  let json: string;
  try {
    json = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw corrupted('link');
  }
  return parseVersioned(json, 'v', 'link');
}

/** The page's link to `p`: `base` (default: this origin's playground) with `#project=<encoded>` as its hash. */
export async function shareUrl(p: SharedProject, base: string = location.origin + '/'): Promise<string> {
  const url = new URL(base);
  url.hash = `${SHARE_HASH_KEY}=${await encodeProject(p)}`;
  return url.href;
}

/** The encoded project in a URL hash (`#project=…`, among other `&`-separated parts), or null when it has none. */
export function hashProject(hash: string): string | null {
  const parts = hash.replace(/^#/, '').split('&');
  const part = parts.find((x) => x.startsWith(`${SHARE_HASH_KEY}=`));
  return part === undefined ? null : part.slice(SHARE_HASH_KEY.length + 1);
}

/** The project file's text (a download): readable JSON with the format marker first. */
export function projectFile(p: SharedProject): string {
  return JSON.stringify({ [PROJECT_FILE_KEY]: SHARE_CODEC_VERSION, ...fields(p) }, null, 2) + '\n';
}

/** The project in a project file's text; throws ShareLinkError (checked as a link is). */
export function parseProjectFile(text: string): SharedProject {
  if (text.length > MAX_PROJECT_BYTES) throw tooLargeError('file');
  return parseVersioned(text, PROJECT_FILE_KEY, 'file');
}

/** A snapshot of the page's project, plain data. */
export function projectFromPlayground(pg: Playground): SharedProject {
  return {
    files: { ...pg.snapshotFiles() },
    active: pg.active,
    // JSON, not structuredClone: the draft is a Svelte proxy, which cannot be cloned.
    request: JSON.parse(JSON.stringify(pg.request)) as RequestDraft,
    nextVersion: pg.nextVersion,
    plan: pg.plan,
    generation: pg.generation,
  };
}
