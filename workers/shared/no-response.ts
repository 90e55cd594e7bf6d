// Next's error for an App Router route handler that returned something other than a Response, on both runtimes
// (app-route/module.js; 16.2+ adds what it got, the method and the path, as 16.2.12 and 16.4.6 print it).
import type { NextTraits } from '../protocol';

const ENSURE = 'Ensure you return a `Response` or a `NextResponse` in all branches of your handler.';

/** What 16.2+ says it received: null, undefined, an object's constructor name (or `object`), else the typeof. */
function received(result: unknown): string {
  if (result === null) return 'null';
  if (result === undefined) return 'undefined';
  if (typeof result === 'object') return (result as { constructor?: { name?: unknown } }).constructor?.name?.toString() || 'object';
  return typeof result;
}

export interface NoResponse {
  result: unknown;
  method: string;
  url: string;
}

export function noResponseMessage(entryPath: string, next?: NextTraits, got?: NoResponse): string {
  if (!next?.noResponseDetail || !got) return `No response is returned from route handler '${entryPath}'. ${ENSURE}`;
  // Turbopack names the page by its project path.
  const page = next.bundler === 'turbopack' ? `[project]/${entryPath}` : entryPath;
  const where = `(method: ${got.method}, url: ${new URL(got.url, 'http://n').pathname})`;
  return `No response is returned from route handler '${page}'. Expected a Response object but received '${received(got.result)}' ${where}. ${ENSURE}`;
}
