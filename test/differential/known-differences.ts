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

const COOKIES =
  "not yet built: NextRequest.cookies on edge route handlers (issue 7; the Node.js runtime has it)";
const REDIRECT =
  "not yet built: Next answers Response.redirect from an App Router edge route with its HTML 500 page (Next sets a header on the redirect's immutable headers: `TypeError: immutable` in the server log) (issue 7)";
const PAGE500 =
  "not yet built: Next's own HTML 500 page for a throwing or non-Response edge handler, instead of the platform's EDGE_FUNCTION_INVOCATION_FAILED text (issue 7)";
const GLOBALS =
  "not yet built: the buffer polyfill and Next's throwing Node API stubs (setImmediate, …) in Next's edge bundles (issue 7)";
const DYNCODE =
  "not yet built: the dynamic-code build check by router and version (App Router edge routes build on webpack, pages/api edge ones build on Turbopack unless they use eval; both throw EvalError at run time) (issue 7)";
const UNMATCHED =
  "not closable through the embed API as it is: `run` needs a file path, so the file named answers any URL; Next answers its 404 page (needs a run by URL alone, issue 7)";
const CRASH =
  "stays: the reference is @vercel/node's dev server, whose function process dies on an uncaught error (the connection closes; the suite's router answers 502); production Vercel answers 500 FUNCTION_INVOCATION_FAILED, which the playground sends";
const VEDGE =
  "not yet built: a plain Vercel edge function runs in Vercel's edge runtime, not Next's (`require` and Buffer undefined, NEXT_RUNTIME unset) (issue 7)";

export const KNOWN_DIFFERENCES: KnownDifference[] = [
  { case: 'app-edge/cookies-read', version: 'next-13.5', field: 'body', reason: COOKIES },
  { case: 'app-edge/redirect', version: 'next-13.5', field: 'status', reason: REDIRECT },
  { case: 'app-edge/redirect', version: 'next-13.5', field: 'content-type', reason: REDIRECT },
  { case: 'app-edge/redirect', version: 'next-13.5', field: 'location', reason: REDIRECT },
  { case: 'app-edge/redirect', version: 'next-13.5', field: 'etag', reason: REDIRECT },
  { case: 'app-edge/redirect', version: 'next-13.5', field: 'body', reason: REDIRECT },
  { case: 'app-edge/throws', version: 'next-13.5', field: 'content-type', reason: PAGE500 },
  { case: 'app-edge/throws', version: 'next-13.5', field: 'etag', reason: PAGE500 },
  { case: 'app-edge/throws', version: 'next-13.5', field: 'body', reason: PAGE500 },
  { case: 'app-edge/non-response', version: 'next-13.5', field: 'content-type', reason: PAGE500 },
  { case: 'app-edge/non-response', version: 'next-13.5', field: 'etag', reason: PAGE500 },
  { case: 'app-edge/non-response', version: 'next-13.5', field: 'body', reason: PAGE500 },
  { case: 'app-edge/typeof-globals', version: 'next-13.5', field: 'body', reason: GLOBALS },
  { case: 'app-edge/set-immediate-call', version: 'next-13.5', field: 'body', reason: GLOBALS },
  { case: 'app-edge/new-function', version: 'next-13.5', field: 'status', reason: DYNCODE },
  { case: 'app-edge/new-function', version: 'next-13.5', field: 'content-type', reason: DYNCODE },
  { case: 'app-edge/new-function', version: 'next-13.5', field: 'body', reason: DYNCODE },
  { case: 'app-edge/eval', version: 'next-13.5', field: 'status', reason: DYNCODE },
  { case: 'app-edge/eval', version: 'next-13.5', field: 'content-type', reason: DYNCODE },
  { case: 'app-edge/eval', version: 'next-13.5', field: 'body', reason: DYNCODE },
  { case: 'pages-edge/throws', version: 'next-13.5', field: 'content-type', reason: PAGE500 },
  { case: 'pages-edge/throws', version: 'next-13.5', field: 'etag', reason: PAGE500 },
  { case: 'pages-edge/throws', version: 'next-13.5', field: 'body', reason: PAGE500 },
  { case: 'pages-edge/typeof-globals', version: 'next-13.5', field: 'body', reason: GLOBALS },
  { case: 'unmatched-url', version: 'next-13.5', field: 'status', reason: UNMATCHED },
  { case: 'unmatched-url', version: 'next-13.5', field: 'content-type', reason: UNMATCHED },
  { case: 'unmatched-url', version: 'next-13.5', field: 'etag', reason: UNMATCHED },
  { case: 'unmatched-url', version: 'next-13.5', field: 'body', reason: UNMATCHED },
  { case: 'app-edge/cookies-read', version: 'next-15.5', field: 'body', reason: COOKIES },
  { case: 'app-edge/redirect', version: 'next-15.5', field: 'status', reason: REDIRECT },
  { case: 'app-edge/redirect', version: 'next-15.5', field: 'content-type', reason: REDIRECT },
  { case: 'app-edge/redirect', version: 'next-15.5', field: 'location', reason: REDIRECT },
  { case: 'app-edge/redirect', version: 'next-15.5', field: 'etag', reason: REDIRECT },
  { case: 'app-edge/redirect', version: 'next-15.5', field: 'body', reason: REDIRECT },
  { case: 'app-edge/throws', version: 'next-15.5', field: 'content-type', reason: PAGE500 },
  { case: 'app-edge/throws', version: 'next-15.5', field: 'etag', reason: PAGE500 },
  { case: 'app-edge/throws', version: 'next-15.5', field: 'body', reason: PAGE500 },
  { case: 'app-edge/non-response', version: 'next-15.5', field: 'content-type', reason: PAGE500 },
  { case: 'app-edge/non-response', version: 'next-15.5', field: 'etag', reason: PAGE500 },
  { case: 'app-edge/non-response', version: 'next-15.5', field: 'body', reason: PAGE500 },
  { case: 'app-edge/typeof-globals', version: 'next-15.5', field: 'body', reason: GLOBALS },
  { case: 'app-edge/set-immediate-call', version: 'next-15.5', field: 'body', reason: GLOBALS },
  { case: 'app-edge/new-function', version: 'next-15.5', field: 'status', reason: DYNCODE },
  { case: 'app-edge/new-function', version: 'next-15.5', field: 'content-type', reason: DYNCODE },
  { case: 'app-edge/new-function', version: 'next-15.5', field: 'body', reason: DYNCODE },
  { case: 'app-edge/eval', version: 'next-15.5', field: 'status', reason: DYNCODE },
  { case: 'app-edge/eval', version: 'next-15.5', field: 'content-type', reason: DYNCODE },
  { case: 'app-edge/eval', version: 'next-15.5', field: 'body', reason: DYNCODE },
  { case: 'pages-edge/throws', version: 'next-15.5', field: 'content-type', reason: PAGE500 },
  { case: 'pages-edge/throws', version: 'next-15.5', field: 'etag', reason: PAGE500 },
  { case: 'pages-edge/throws', version: 'next-15.5', field: 'body', reason: PAGE500 },
  { case: 'pages-edge/typeof-globals', version: 'next-15.5', field: 'body', reason: GLOBALS },
  { case: 'unmatched-url', version: 'next-15.5', field: 'status', reason: UNMATCHED },
  { case: 'unmatched-url', version: 'next-15.5', field: 'content-type', reason: UNMATCHED },
  { case: 'unmatched-url', version: 'next-15.5', field: 'etag', reason: UNMATCHED },
  { case: 'unmatched-url', version: 'next-15.5', field: 'body', reason: UNMATCHED },
  { case: 'app-edge/cookies-read', version: 'next-16', field: 'body', reason: COOKIES },
  { case: 'app-edge/redirect', version: 'next-16', field: 'status', reason: REDIRECT },
  { case: 'app-edge/redirect', version: 'next-16', field: 'content-type', reason: REDIRECT },
  { case: 'app-edge/redirect', version: 'next-16', field: 'location', reason: REDIRECT },
  { case: 'app-edge/redirect', version: 'next-16', field: 'etag', reason: REDIRECT },
  { case: 'app-edge/redirect', version: 'next-16', field: 'body', reason: REDIRECT },
  { case: 'app-edge/throws', version: 'next-16', field: 'content-type', reason: PAGE500 },
  { case: 'app-edge/throws', version: 'next-16', field: 'etag', reason: PAGE500 },
  { case: 'app-edge/throws', version: 'next-16', field: 'body', reason: PAGE500 },
  { case: 'app-edge/non-response', version: 'next-16', field: 'content-type', reason: PAGE500 },
  { case: 'app-edge/non-response', version: 'next-16', field: 'etag', reason: PAGE500 },
  { case: 'app-edge/non-response', version: 'next-16', field: 'body', reason: PAGE500 },
  { case: 'app-edge/typeof-globals', version: 'next-16', field: 'body', reason: GLOBALS },
  { case: 'app-edge/set-immediate-call', version: 'next-16', field: 'body', reason: GLOBALS },
  { case: 'app-edge/new-function', version: 'next-16', field: 'status', reason: DYNCODE },
  { case: 'app-edge/new-function', version: 'next-16', field: 'content-type', reason: DYNCODE },
  { case: 'app-edge/new-function', version: 'next-16', field: 'body', reason: DYNCODE },
  { case: 'pages-edge/throws', version: 'next-16', field: 'content-type', reason: PAGE500 },
  { case: 'pages-edge/throws', version: 'next-16', field: 'etag', reason: PAGE500 },
  { case: 'pages-edge/throws', version: 'next-16', field: 'body', reason: PAGE500 },
  { case: 'pages-edge/typeof-globals', version: 'next-16', field: 'body', reason: GLOBALS },
  { case: 'pages-edge/new-function', version: 'next-16', field: 'status', reason: DYNCODE },
  { case: 'pages-edge/new-function', version: 'next-16', field: 'content-type', reason: DYNCODE },
  { case: 'pages-edge/new-function', version: 'next-16', field: 'body', reason: DYNCODE },
  { case: 'unmatched-url', version: 'next-16', field: 'status', reason: UNMATCHED },
  { case: 'unmatched-url', version: 'next-16', field: 'content-type', reason: UNMATCHED },
  { case: 'unmatched-url', version: 'next-16', field: 'etag', reason: UNMATCHED },
  { case: 'unmatched-url', version: 'next-16', field: 'body', reason: UNMATCHED },
  { case: 'vercel-node/throws', version: 'vercel-node', field: 'status', reason: CRASH },
  { case: 'vercel-node/throws', version: 'vercel-node', field: 'content-type', reason: CRASH },
  { case: 'vercel-node/throws', version: 'vercel-node', field: 'body', reason: CRASH },
  { case: 'vercel-edge/globals', version: 'vercel-node', field: 'body', reason: VEDGE },
  { case: 'vercel-edge/throws', version: 'vercel-node', field: 'status', reason: CRASH },
  { case: 'vercel-edge/throws', version: 'vercel-node', field: 'content-type', reason: CRASH },
  { case: 'vercel-edge/throws', version: 'vercel-node', field: 'body', reason: CRASH },
];
