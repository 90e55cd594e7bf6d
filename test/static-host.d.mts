import type { Server } from 'node:http';

export interface HeaderRule {
  pattern: RegExp;
  headers: [string, string][];
}

/** A request that reached the server (a browser's cache answered the others); `origin`: its Origin header, if any. */
export interface ServedRequest {
  path: string;
  origin: string | null;
}

export interface StaticHostOptions {
  /** Added to every response, as a link's round trip. @default 0 */
  delayMs?: number;
  /** Answer as hosts do by default: no Cache-Control of the site's, HOST_DEFAULT_CACHE with ETags and 304s. @default false */
  hostDefault?: boolean;
}

export const HOST_DEFAULT_CACHE: string;
export function parseHeadersFile(text: string): HeaderRule[];
/** Serves `root` on localhost at a free port. */
export function serveStatic(root: string, options?: StaticHostOptions): Promise<{ url: string; server: Server; requests: ServedRequest[]; close(): Promise<void> }>;
