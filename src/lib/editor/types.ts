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
${NODE_MODULES.map((m) => `declare module '${m}';\ndeclare module 'node:${m}';`).join('\n')}
`;

/** Extra declaration files for a runtime and profile, as Monaco `addExtraLib` arguments. */
export function extraLibsFor(runtime: RuntimeName, traits: EditorTypeTraits): { filePath: string; content: string }[] {
  return [
    { filePath: 'file:///node_modules/@types/next-server/index.d.ts', content: nextServer(traits) },
    { filePath: `file:///node_modules/@types/playground-${runtime}/index.d.ts`, content: runtime === 'edge' ? EDGE_GLOBALS : NODE_GLOBALS },
  ];
}

/**
 * Compiler options per runtime. Both get the Web platform (Node 18+ has fetch, Request, Response too); `webworker`
 * rather than `dom` because a handler has no document, the closest lib to the edge runtime's global scope.
 */
export function libFor(runtime: RuntimeName): string[] {
  return runtime === 'edge' ? ['es2022', 'webworker', 'webworker.iterable', 'webworker.asynciterable'] : ['es2022', 'webworker', 'webworker.iterable'];
}
