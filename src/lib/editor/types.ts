// What the editor's TypeScript service knows per runtime: the edge runtime gets Web API types only (so
// `import fs from 'fs'` is red before any build), the Node.js runtime gets Node's globals and built-in modules.
import type { RuntimeName } from '../../../workers/protocol';

/** Built-ins the edge runtime polyfills (runtime-spec.md §8.3): they resolve, loosely typed. */
const EDGE_MODULES = ['buffer', 'events', 'assert', 'util', 'async_hooks'];

const NODE_MODULES = [
  'assert', 'async_hooks', 'buffer', 'child_process', 'cluster', 'crypto', 'dgram', 'dns', 'events', 'fs',
  'fs/promises', 'http', 'http2', 'https', 'module', 'net', 'os', 'path', 'perf_hooks', 'process', 'querystring',
  'readline', 'stream', 'stream/promises', 'stream/web', 'string_decoder', 'timers', 'timers/promises', 'tls', 'tty',
  'url', 'util', 'v8', 'vm', 'worker_threads', 'zlib',
];

/** What the editor's types follow of the chosen Next.js profile (src/lib/project/profiles.ts). */
export interface EditorTypeTraits {
  /** `NextRequest.geo` and `.ip` exist (up to 14). */
  requestGeo: boolean;
}

const REQUEST_GEO = `
    readonly geo?: { city?: string; country?: string; region?: string };
    readonly ip?: string;`;

/** `next/server` as much as handlers use: typed enough for completion, no more. */
const nextServer = ({ requestGeo }: EditorTypeTraits) => `declare module 'next/server' {
  export class NextRequest extends Request {
    readonly nextUrl: URL;
    readonly cookies: { get(name: string): { name: string; value: string } | undefined; getAll(): { name: string; value: string }[]; has(name: string): boolean };${requestGeo ? REQUEST_GEO : ''}
  }
  export class NextResponse<T = unknown> extends Response {
    static json<T>(body: T, init?: ResponseInit): NextResponse<T>;
    static redirect(url: string | URL, init?: number | ResponseInit): NextResponse;
    static rewrite(destination: string | URL, init?: ResponseInit): NextResponse;
    static next(init?: ResponseInit): NextResponse;
  }
}
/** Loose on purpose: objects up to 14, promises from 15 (what each version returns is in workers/shared/next-headers.ts). */
declare module 'next/headers' {
  export function headers(): any;
  export function cookies(): any;
  export function draftMode(): any;
}
`;

const EDGE_GLOBALS = `/** The edge runtime's name; only defined on the edge runtime. */
declare const EdgeRuntime: string;
declare var process: {
  readonly env: { readonly NEXT_RUNTIME: 'edge'; readonly [name: string]: string | undefined };
};
${EDGE_MODULES.map((m) => `declare module '${m}';`).join('\n')}
`;

/** Loose stand-ins for Node's globals and modules while its full types load. */
const NODE_GLOBALS = `declare var process: {
  readonly env: { readonly NEXT_RUNTIME?: 'nodejs'; readonly [name: string]: string | undefined };
  readonly version: string;
  readonly versions: Record<string, string>;
  readonly platform: string;
  cwd(): string;
  [key: string]: any;
};
declare var Buffer: any;
declare var require: (id: string) => any;
declare var module: { exports: any };
declare var exports: any;
declare var __dirname: string;
declare var __filename: string;
declare var global: typeof globalThis;
declare module '@vercel/node';
declare module 'next';
${NODE_MODULES.map((m) => `declare module '${m}';\ndeclare module 'node:${m}';`).join('\n')}
`;

/**
 * `@vercel/node`'s request and response (Vercel's Node.js helpers: query, cookies, body, send/json/status/redirect)
 * and `next`'s API route pair, over Node's own http types; only with the full Node.js types loaded.
 */
const NODE_HELPERS = `declare module '@vercel/node' {
  import type { IncomingMessage, ServerResponse } from 'http';
  export type VercelRequestCookies = { [key: string]: string };
  export type VercelRequestQuery = { [key: string]: string | string[] };
  export type VercelRequestBody = any;
  export type VercelRequest = IncomingMessage & { query: VercelRequestQuery; cookies: VercelRequestCookies; body: VercelRequestBody };
  export type VercelResponse = ServerResponse & {
    send: (body: any) => VercelResponse;
    json: (jsonBody: any) => VercelResponse;
    status: (statusCode: number) => VercelResponse;
    redirect: (statusOrUrl: string | number, url?: string) => VercelResponse;
  };
  export type VercelApiHandler = (req: VercelRequest, res: VercelResponse) => void | Promise<void>;
}
declare module 'next' {
  import type { IncomingMessage, ServerResponse } from 'http';
  export interface NextApiRequest extends IncomingMessage {
    query: Partial<{ [key: string]: string | string[] }>;
    cookies: Partial<{ [key: string]: string }>;
    body: any;
    env: { [key: string]: string | undefined };
    preview?: boolean;
    previewData?: unknown;
  }
  export type NextApiResponse<Data = any> = ServerResponse & {
    send(body: Data): void;
    json(body: Data): void;
    status(statusCode: number): NextApiResponse<Data>;
    redirect(url: string): NextApiResponse<Data>;
    redirect(status: number, url: string): NextApiResponse<Data>;
    revalidate(urlPath: string, opts?: { unstable_onlyGenerated?: boolean }): Promise<void>;
  };
  export type NextApiHandler<T = any> = (req: NextApiRequest, res: NextApiResponse<T>) => unknown | Promise<unknown>;
  export type PageConfig = { api?: { bodyParser?: boolean | { sizeLimit?: string | number }; responseLimit?: boolean | string | number; externalResolver?: boolean }; runtime?: string; maxDuration?: number };
}
`;

export interface ExtraLib {
  filePath: string;
  content: string;
}

/**
 * Extra declaration files for a runtime and profile, as Monaco `setExtraLibs` arguments. `nodeTypes` is the trimmed
 * @types/node (loaded on demand, see node-types.ts); until it arrives a Node.js file gets loose stand-ins, so nothing
 * is marked that the full types would accept.
 */
export function extraLibsFor(runtime: RuntimeName, traits: EditorTypeTraits, nodeTypes: readonly ExtraLib[] | null = null): ExtraLib[] {
  const libs = [{ filePath: 'file:///node_modules/@types/next-server/index.d.ts', content: nextServer(traits) }];
  if (runtime === 'edge') return [...libs, { filePath: 'file:///node_modules/@types/playground-edge/index.d.ts', content: EDGE_GLOBALS }];
  if (!nodeTypes) return [...libs, { filePath: 'file:///node_modules/@types/playground-nodejs/index.d.ts', content: NODE_GLOBALS }];
  return [...libs, ...nodeTypes, { filePath: 'file:///node_modules/@types/playground-node-helpers/index.d.ts', content: NODE_HELPERS }];
}

/**
 * The compiler's libs, the same for both runtimes: the Web platform (Node 18+ has fetch, Request, Response and async
 * iterable streams too), `webworker` rather than `dom` because a handler has no document. What differs per runtime is
 * only in the extra libs: Monaco restarts its TypeScript worker on a change of compiler options, and a request in
 * flight to the old worker (a completion, a format) is then never answered; a change of extra libs is sent in place.
 */
export function libFor(_runtime: RuntimeName): string[] {
  return ['es2022', 'webworker', 'webworker.iterable', 'webworker.asynciterable'];
}
