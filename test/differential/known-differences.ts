// Where the playground still answers differently from the real thing, one entry per case, reference and field, with
// the reason. next-differential.test.ts asserts the observed differences are exactly these: a fix that makes an
// entry agree fails the test until the entry is removed, and a new difference fails until it is fixed or listed.
// A reason starting `not yet built` is work in progress; one starting `stays` or `not closable` is listed in the README.
import type { NextName } from './cases';
import type { Field } from './compare';

export interface KnownDifference {
  case: string;
  version: NextName | 'vercel-node';
  field: Field;
  reason: string;
}

const CRASH =
  "stays: the reference is @vercel/node's dev server, whose function process dies on an uncaught error (the connection closes; the suite's router answers 502); production Vercel answers 500 FUNCTION_INVOCATION_FAILED, which the playground sends";

/** Up to 13.2 (13.3 not built) Next answers an edge route's failure itself, not with the 500 page 13.4+ send. */
const PLAIN_EDGE_FAILURE =
  "not yet built: up to 13.2 Next answers an edge route that throws with a bare 500 `Internal Server Error` (no content-type, no ETag), and one that returns a non-Response with an empty 500; the playground sends the HTML 500 page of 13.4+ on every profile (workers/edge/handler.ts FAILURE_PAGE is not chosen by profile yet)";
const PLAIN_EDGE_FAILURE_FIELDS: Field[] = ['content-type', 'etag', 'body'];

const each = (c: string, version: KnownDifference['version'], fields: Field[], reason: string): KnownDifference[] =>
  fields.map((field) => ({ case: c, version, field, reason }));

export const KNOWN_DIFFERENCES: KnownDifference[] = [
  ...(['next-12.2', 'next-13.0', 'next-13.0.7', 'next-13.1', 'next-13.2'] as const).flatMap((v) =>
    each('pages-edge/throws', v, PLAIN_EDGE_FAILURE_FIELDS, PLAIN_EDGE_FAILURE),
  ),
  ...each('app-edge/throws', 'next-13.2', PLAIN_EDGE_FAILURE_FIELDS, PLAIN_EDGE_FAILURE),
  ...each('app-edge/non-response', 'next-13.2', PLAIN_EDGE_FAILURE_FIELDS, PLAIN_EDGE_FAILURE),
  ...each(
    'app-edge/redirect',
    'next-13.2',
    ['status', 'content-type', 'location', 'etag', 'body'],
    "not yet built: 13.2 sends an edge route's `Response.redirect` (immutable headers) as it is, 307 with its Location; from 13.4 Next's sandbox step fails on those headers and sends its 500 page, which the playground does on every profile",
  ),
  ...each(
    'app-edge/set-cookies',
    'next-13.2',
    ['set-cookie'],
    'not yet built: 13.2 joins the Set-Cookie headers of an edge route handler into one comma-separated header; the playground sends each on its own line, as 13.4+ do',
  ),
  ...each(
    'app-node/set-cookies',
    'next-13.2',
    ['set-cookie'],
    "not yet built: 13.2 copies a Node.js route handler's headers into a plain object, so of several Set-Cookie headers only the last is sent; the playground sends all, as 13.4+ do",
  ),
  ...each(
    'app-edge/typeof-globals',
    'next-13.2',
    ['status', 'content-type', 'body'],
    "not yet built: 13.2 bundles no `buffer` for App Router edge routes, so a route that names `Buffer` fails `next build` (Module not found: Can't resolve 'buffer'); the playground gives every profile the polyfill 13.4+ bundle",
  ),
  ...each('vercel-node/throws', 'vercel-node', ['status', 'content-type', 'body'], CRASH),
  ...each('vercel-edge/throws', 'vercel-node', ['status', 'content-type', 'body'], CRASH),
];
