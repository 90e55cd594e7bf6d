// One request as the server answers it: the middleware (or proxy) step, then the route (run-entry.ts). The types of
// a run and its event stream live here.
import type { BuildMessage, Files, HeaderList, NextTraits, RunEvent, RuntimeName } from '../../workers/protocol';
import type { CompileResult } from '../../workers/protocol';
import type { Generation, LimitOverrides, Limits, Plan } from './limits';
import { pathOf } from './project/routes';
import type { ResolvedRuntime } from './project/resolve-runtime';
import type { ReasonStep } from './project/runtime-reason';
import { middlewareMatches, middlewareOutcome, resolveMiddleware } from './project/middleware';
import { DEFAULT_PROFILE, nextTraits, type Profile } from './project/profiles';
import type { Runtime } from './runtimes/runtime';
import type { EdgePackageSource } from './edge-packages';
import { DEFAULT_ORIGIN, emptyBuild, failed, runEntry, type EntryOverride } from './run-entry';
import { lastCall } from './run-cache';

export type RuntimeChoice = 'auto' | RuntimeName;

export interface RunRequest {
  method: string;
  /** A path and query such as `/api/hello?name=Ada`, or an absolute URL. */
  url: string;
  headers: HeaderList;
  body: Uint8Array | null;
}

export interface RunOptions {
  files: Files;
  /** The entry file to run; absent: the route that matches the request's URL, as Next.js or Vercel routes it. */
  path?: string;
  request: RunRequest;
  /** Forces a runtime (the picker, compare mode); the reason chain then ends with a `chosen` step. @default 'auto' */
  runtime?: RuntimeChoice;
  /** The Next.js behaviour the project gets (profiles.ts); the default is what people install today. */
  profile?: Profile;
  plan?: Plan;
  /** Vercel's platform generation whose limits apply. @default 'fluid' */
  generation?: Generation;
  env?: Record<string, string>;
  overrides?: LimitOverrides;
  signal?: AbortSignal;
}

export interface BuildSummary {
  errors: BuildMessage[];
  warnings: BuildMessage[];
  gzipBytes: number;
}

/** The run's preface: which runtime runs it and why, and what the build said. Comes first, before any RunEvent. */
export interface RunStart {
  type: 'start';
  runtime: RuntimeName | null;
  /** Why this runtime, as data (runtime-reason.ts); empty when the run never got to choose one. */
  because: ReasonStep[];
  /** The same in one line (`formatRunReason`), or why the run could not start: the embed result's `reason`. */
  reason: string;
  /** Which behaviour answered: a Next.js profile id (`16.3+`), or `vercel` for a plain Vercel function (`api/**`). */
  profile: string;
  build: BuildSummary;
}

export type PlaygroundEvent = RunStart | RunEvent;

export interface RunServices {
  compile(files: Files, entry: string, runtime: RuntimeName, next?: NextTraits, packages?: Files): Promise<CompileResult>;
  runtimes: Partial<Record<RuntimeName, Runtime>>;
  /** Installs the npm packages an edge build imports (the Node.js runtime); absent: such a build fails as before. */
  edgePackages?: EdgePackageSource;
  /** Where a runtime runs, appended to the run's reason (`local node v20.20.2`); may boot it, and start a process with the run's limits. */
  where?(runtime: RuntimeName, limits: Limits): Promise<string | null> | null;
}

/** The project's middleware (or proxy), read once per snapshot and profile. */
const middlewareOf = lastCall(resolveMiddleware);

/**
 * One request as the server answers it: the middleware (or proxy) first where one matches the URL, then the route
 * (the file given, or the one matching the URL, possibly rewritten by the middleware). A request no middleware sees
 * is the route's stream itself, not one wrapped in another generator (each layer costs every event microtasks).
 */
export function run(options: RunOptions, services: RunServices): AsyncGenerator<PlaygroundEvent> {
  const profile = options.profile ?? DEFAULT_PROFILE;
  const found = middlewareOf(options.files, profile);
  if (found.ok && (!found.middleware || !middlewareMatches(found.middleware, pathOf(options.request.url)))) return runEntry(options, services, profile);
  return throughMiddleware(options, services, profile, found);
}

async function* throughMiddleware(options: RunOptions, services: RunServices, profile: Profile, found: ReturnType<typeof resolveMiddleware>): AsyncGenerator<PlaygroundEvent> {
  if (!found.ok) {
    const where = { file: found.file, line: found.line, column: 0, text: found.message };
    yield { type: 'start', runtime: null, because: [], reason: found.message, profile: profile.id, build: { ...emptyBuild(), errors: [where] } };
    yield* failed(found.code, found.message);
    return;
  }
  const middleware = found.middleware!;
  const resolution: ResolvedRuntime = { ok: true, runtime: middleware.runtime, because: middleware.because, reason: middleware.reason, warnings: middleware.warnings };
  const override: EntryOverride = { kind: 'middleware', resolution, traits: nextTraits(profile, 'middleware') };
  const events = runEntry({ ...options, path: middleware.file, runtime: 'auto' }, services, profile, override);
  let held: RunStart | null = null;
  for await (const event of events) {
    if (event.type === 'start') {
      held = event;
      continue;
    }
    if (event.type !== 'head') {
      if (held) yield held;
      held = null;
      yield event;
      continue;
    }
    const outcome = middlewareOutcome(event.headers, { url: new URL(options.request.url, DEFAULT_ORIGIN).href, headers: options.request.headers });
    if (outcome.type === 'respond') {
      if (held) yield held;
      yield event;
      for await (const rest of events) yield rest;
      return;
    }
    // Going on: the middleware's own logs stay, its (empty) body and end do not.
    for await (const rest of events) if (rest.type === 'log' || rest.type === 'dropped') yield rest;
    const url = new URL(outcome.url);
    const request = { ...options.request, url: url.pathname + url.search, headers: outcome.requestHeaders };
    for await (const e of runEntry({ ...options, request }, services, profile)) {
      yield e.type === 'head' ? { ...e, headers: mergeHeaders(e.headers, outcome.responseHeaders) } : e;
    }
    return;
  }
  if (held) yield held;
}

/** The route's headers, plus the middleware's where the route did not set the same name (cookies add up). */
function mergeHeaders(route: HeaderList, middleware: HeaderList): HeaderList {
  const names = new Set(route.map(([k]) => k.toLowerCase()));
  return [...route, ...middleware.filter(([k]) => k.toLowerCase() === 'set-cookie' || !names.has(k.toLowerCase()))];
}

