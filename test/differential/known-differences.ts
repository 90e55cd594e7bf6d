// Where the playground still answers differently from the real thing, one entry per case, reference and field, with
// the reason. next-differential.test.ts asserts the observed differences are exactly these: a fix that makes an
// entry agree fails the test until the entry is removed, and a new difference fails until it is fixed or listed.
// A reason starting `not yet built` is work in progress; one starting `stays` or `not closable` is listed in the README.
import type { Field } from './compare';

export interface KnownDifference {
  case: string;
  version: 'next-13.5' | 'next-15.5' | 'next-16' | 'vercel-node';
  field: Field;
  reason: string;
}

const REDIRECT =
  "not yet built: Next answers Response.redirect from an App Router edge route with its HTML 500 page (Next sets a header on the redirect's immutable headers: `TypeError: immutable` in the server log) (issue 7)";
const NOT_FOUND =
  "not yet built: Next's 404 page as each version renders it (pages/_error's markup on 13.5 and 15.5 where pages/ exists, with its ETag) (issue 7)";
const CRASH =
  "stays: the reference is @vercel/node's dev server, whose function process dies on an uncaught error (the connection closes; the suite's router answers 502); production Vercel answers 500 FUNCTION_INVOCATION_FAILED, which the playground sends";
const VEDGE =
  "not yet built: a plain Vercel edge function runs in Vercel's edge runtime, not Next's (`require` undefined) (issue 7)";

const NEXT_VERSIONS = ['next-13.5', 'next-15.5', 'next-16'] as const;
const each = (c: string, version: KnownDifference['version'], fields: Field[], reason: string): KnownDifference[] =>
  fields.map((field) => ({ case: c, version, field, reason }));

export const KNOWN_DIFFERENCES: KnownDifference[] = [
  ...NEXT_VERSIONS.flatMap((v) => each('app-edge/redirect', v, ['status', 'content-type', 'location', 'etag', 'body'], REDIRECT)),
  ...each('unmatched-url', 'next-13.5', ['etag', 'body'], NOT_FOUND),
  ...each('unmatched-url', 'next-15.5', ['etag', 'body'], NOT_FOUND),
  ...each('unmatched-url', 'next-16', ['etag'], NOT_FOUND),
  ...each('vercel-node/throws', 'vercel-node', ['status', 'content-type', 'body'], CRASH),
  ...each('vercel-edge/globals', 'vercel-node', ['body'], VEDGE),
  ...each('vercel-edge/throws', 'vercel-node', ['status', 'content-type', 'body'], CRASH),
];
