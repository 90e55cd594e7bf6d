// The Runtime interface both runtimes implement: a compiled handler plus a request in, one RunEvent stream out.
import type { Files, HandlerKind, NextTraits, RunEvent, RuntimeName, WireRequest } from '../../../workers/protocol';
import type { Limits } from '../limits';

export interface Invocation {
  /** The compiled ESM bundle (inline source map); '' for Python, Ruby and Go, which run their sources (`files`). */
  code: string;
  /** Python, Ruby and Go: the whole project (the interpreter reads the entry and its imports from it). */
  files?: Files;
  kind: HandlerKind;
  /** Entry path in the project, e.g. `app/api/hello/route.ts`. */
  path: string;
  env: Record<string, string>;
  /** The Next.js around the handler (its profile's traits); absent for a plain Vercel function. */
  next?: NextTraits;
  request: WireRequest;
  /** Node.js App Router GET routes: run as `next build` prerenders them (src/lib/static-routes.ts). */
  prerender?: boolean;
  limits: Limits;
  signal?: AbortSignal;
}

export interface Runtime {
  readonly name: RuntimeName;
  /** Events arrive as they happen; the last one is always `end`. Never throws: failures are `error` events. */
  invoke(invocation: Invocation): AsyncIterable<RunEvent>;
}
