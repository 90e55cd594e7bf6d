// Where the edge worker still differs from the edge runtime on a Web API case, with what the worker gives and why.
// test/e2e/edge-web-apis.test.ts asserts the differences it observes are exactly these (a difference that closes
// fails until its entry goes), and the README's "Edge Web APIs: where the worker differs from the edge runtime" lists
// each by its case id. All are platform limits of a browser worker.

export interface WebApiDifference {
  /** The case id (cases.ts). */
  case: string;
  /** Where it differs: a plain Vercel edge function, a Next.js route, or both. */
  where: 'function' | 'next' | 'both';
  /** What the worker answers instead. */
  worker: unknown;
  reason: string;
}

const FORBIDDEN_ON_THE_WIRE =
  "a browser's fetch never sends the forbidden request headers (host, keep-alive, upgrade, user-agent…): it sends its own or none. The worker keeps them on Request and Headers objects, so handlers read them, but cannot put them on the wire";

export const WEB_API_DIFFERENCES: WebApiDifference[] = [
  { case: 'fetch-header-host', where: 'both', worker: [[200, false], [200, false], [200, false]], reason: FORBIDDEN_ON_THE_WIRE },
  { case: 'fetch-header-keep-alive', where: 'both', worker: [[200, false], [200, false], [200, false]], reason: FORBIDDEN_ON_THE_WIRE },
  { case: 'fetch-header-upgrade', where: 'both', worker: [[200, false], [200, false], [200, false]], reason: FORBIDDEN_ON_THE_WIRE },
  { case: 'fetch-headers-constructor', where: 'both', worker: [200, false, false, 'example.com'], reason: FORBIDDEN_ON_THE_WIRE },
  {
    case: 'vm-global-SharedArrayBuffer',
    where: 'both',
    worker: false,
    reason: 'SharedArrayBuffer needs a cross-origin-isolated worker; the edge workers are data: workers (the only kind that is a secure context at the sandbox\'s opaque origin), and those are never isolated',
  },
];
