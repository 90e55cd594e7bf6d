// One route's run: resolve the runtime, compile, check the size, invoke. Everything it produces is one event stream.
import { isLanguage, LANGUAGE_NAMES, type Files, type HandlerKind, type NextTraits, type RunEvent, type RuntimeName, type WireRequest } from '../../workers/protocol';
import type { CompileResult } from '../../workers/protocol';
import { edgeSizeError, nodeSizeError, type Limits } from './limits';
import { handlerKind, matchRoute, routePath } from './project/routes';
import { resolveRuntime, type ResolvedRuntime } from './project/resolve-runtime';
import { formatRunReason, type ReasonStep } from './project/runtime-reason';
import { nextTraits, type Profile } from './project/profiles';
import { nextNotFound, notFound, routeHandlersMissing } from './project/next-routing';
import { platformErrorEvents } from '../../workers/platform-errors';
import { runTimings } from '../../workers/shared/timings';
import { envVarError, gatewayError } from './gateway';
import { prerenders, staticRoute } from './static-routes';
import { vercelFunctionFor } from './project/vercel-function';
import { loadGlobsFor } from './project/glob';
import { pythonApp } from './project/python-entrypoint';
import { compileWithPackages, type PackagedBuild } from './edge-packages';
import type { BuildMessage, LanguageName } from '../../workers/protocol';
import type { BuildSummary, PlaygroundEvent, RunOptions, RunRequest, RunServices, RunStart, RuntimeChoice } from './run';
import { lastCall, lastCallFor } from './run-cache';
import type { Generation, LimitOverrides, Plan } from './limits';

/** The default origin of request URLs, as `next dev` serves them. */
export const DEFAULT_ORIGIN = 'http://localhost:3000';

export const emptyBuild = (): BuildSummary => ({ errors: [], warnings: [], gzipBytes: 0 });

export function failed(code: string, message: string, compileMs = 0): RunEvent[] {
  return [
    { type: 'error', code, message, t: 0 },
    { type: 'end', timings: runTimings({ compileMs }) },
  ];
}

/** A request URL as the handler sees it: the last one kept, since a warm loop repeats its URL. */
const absoluteUrl = lastCall((url: string) => new URL(url, DEFAULT_ORIGIN).href);

function toWire(request: RunRequest): WireRequest {
  const url = absoluteUrl(request.url);
  const body = request.body && !['GET', 'HEAD'].includes(request.method.toUpperCase()) ? request.body : null;
  return {
    method: request.method.toUpperCase(),
    url,
    headers: request.headers,
    body: body ? (body.slice().buffer as ArrayBuffer) : null,
  };
}

/** The runtime the entry resolves to: the page passes the same snapshot until the project changes. */
const resolveRuntimeOnce = lastCall((files: Files, path: string, profile: Profile) => resolveRuntime(files, path, routePath(path), profile));

// The questions every run asks of the same snapshot (src/lib/run-cache.ts).
const pythonEntrypoint = lastCall((files: Files) => pythonApp(files)?.entrypoint ?? null);
const handlersMissing = lastCall(routeHandlersMissing);
const traitsOf = lastCall(nextTraits);
/** vercel.json and package.json read for the entry; Node.js versions retire on set days, so kept for a minute at most. */
const vercelFunction = lastCallFor(60_000, (files: Files, path: string, name: string, plan: Plan | undefined, overrides: LimitOverrides | undefined, generation: Generation | undefined) =>
  vercelFunctionFor(files, path, { plan, overrides, generation, name }),
);
/** Why this runtime, for a resolution (kept per snapshot) and the run's choice. */
const chosenReason = lastCall((resolution: Extract<ResolvedRuntime, { ok: true }>, choice: RuntimeChoice) => {
  const runtime: RuntimeName = choice === 'auto' ? resolution.runtime : choice;
  const because: ReasonStep[] = choice === 'auto' ? [...resolution.because] : [...resolution.because, { kind: 'chosen', runtime, overrides: resolution.runtime }];
  return { runtime, because, reason: formatRunReason(runtime, because) };
});

/** A run of the middleware: its kind and runtime come from resolveMiddleware, not from its path. */
export interface EntryOverride {
  kind: HandlerKind;
  resolution: ResolvedRuntime;
  traits: NextTraits | undefined;
}

/** The route's run: the file given, or the one matching the URL. */
export async function* runEntry(options: RunOptions, services: RunServices, profile: Profile, override?: EntryOverride, prerender?: boolean): AsyncGenerator<PlaygroundEvent> {
  const { files } = options;
  const path = options.path ?? matchRoute(files, options.request.url);
  if (path === null) {
    const answer = notFound(files, options.request.url, profile);
    yield { type: 'start', runtime: null, because: [], reason: answer.reason, profile: answer.profile, build: emptyBuild() };
    yield* answer.events;
    yield { type: 'end', timings: runTimings() };
    return;
  }
  // A Python preset's app (app.py, src/main.py, …) is a Vercel function wherever it sits.
  const kind = override?.kind ?? (pythonEntrypoint(files) === path ? 'vercel-function' : handlerKind(path));
  const answeredBy = kind === 'vercel-function' ? 'vercel' : profile.id;
  const start = (runtime: RuntimeName | null, reason: string, build = emptyBuild(), because: ReasonStep[] = []): RunStart => ({ type: 'start', runtime, because, reason, profile: answeredBy, build });
  if (!(path in files)) {
    yield start(null, `no file ${path}`);
    yield* failed('NOT_FOUND', `There is no file ${path} in the project.`);
    return;
  }
  // vercel.json and package.json as Vercel's build reads them: a broken rule or a community runtime fails the run here.
  const name = kind && kind !== 'vercel-function' ? routePath(path).replace(/^\//, '') || 'index' : path.replace(/\.[cm]?[jt]sx?$/, '');
  await loadGlobsFor(files);
  const vercel = vercelFunction(files, path, name, options.plan, options.overrides, options.generation);
  if (!vercel.ok) {
    yield start(null, vercel.message, { ...emptyBuild(), errors: [{ file: vercel.file, line: 1, column: 0, text: vercel.message }] });
    yield* failed(vercel.code, vercel.message);
    return;
  }
  if (!kind) {
    yield start(null, `${path} is not a handler`);
    yield* failed(
      'NOT_A_HANDLER',
      `${path} is not a handler file. Handlers live in app/**/route.ts, pages/api/** or api/**.`,
    );
    return;
  }

  const missing = kind === 'app-route' && !override ? handlersMissing(profile, files) : null;
  if (missing) {
    yield start(null, missing);
    yield* nextNotFound(missing, profile, files);
    yield { type: 'end', timings: runTimings() };
    return;
  }

  const resolution = override?.resolution ?? resolveRuntimeOnce(files, path, profile);
  if (!resolution.ok) {
    const where = { file: resolution.file, line: resolution.line, column: 0, text: resolution.message };
    yield start(null, resolution.message, { ...emptyBuild(), errors: [where] });
    yield* failed(resolution.code, resolution.message);
    return;
  }
  const { runtime, because, reason } = chosenReason(resolution, options.runtime ?? 'auto');
  const declaredWarnings = [...resolution.warnings.map((text) => ({ file: path, line: 1, column: 0, text })), ...vercel.warnings];
  if (prerender === undefined && !override && prerenders(profile, kind, runtime, path)) {
    const context = { files, path, profile, env: options.env ?? {}, request: options.request };
    yield* staticRoute(context, start(runtime, reason, { ...emptyBuild(), warnings: declaredWarnings }, because), (request, build) => runEntry({ ...options, path, request }, services, profile, undefined, build));
    return;
  }

  if (isLanguage(resolution.runtime)) {
    yield* runLanguage({ options, services, path, runtime, resolution: resolution.runtime, because, reason, warnings: declaredWarnings, limits: vercel.limits, start });
    return;
  }

  const impl = services.runtimes[runtime];
  if (!impl) {
    yield start(runtime, reason, { ...emptyBuild(), warnings: declaredWarnings }, because);
    yield* failed(
      'RUNTIME_UNAVAILABLE',
      `The ${runtime === 'nodejs' ? 'Node.js' : 'edge'} runtime is not available in this playground yet, so ${path} (${reason}) cannot run. Declare \`export const runtime = 'edge'\` to run it on the edge runtime.`,
    );
    return;
  }

  const next = override ? override.traits : traitsOf(profile, kind);
  // Booting the runtime's host (Node), and starting its first process, go on while the handler compiles.
  const where = services.where?.(runtime, vercel.limits)?.catch(() => null) ?? null;
  let compiled: CompileResult;
  let packaged: PackagedBuild;
  try {
    packaged = await compileWithPackages((...args) => services.compile(...args), services.edgePackages, files, path, runtime, next);
    compiled = packaged.compiled;
  } catch (e) {
    const aborted = e instanceof DOMException && e.name === 'AbortError';
    yield start(runtime, reason, emptyBuild(), because);
    yield* failed(aborted ? 'SUPERSEDED' : 'COMPILER_FAILED', aborted ? 'A newer build replaced this one.' : String(e));
    return;
  }
  const build: BuildSummary = {
    errors: compiled.errors,
    warnings: [...declaredWarnings, ...compiled.warnings],
    gzipBytes: compiled.gzipBytes,
  };
  // A failed build is shown at once; a run that goes on waits for its host anyway, so it waits for its name too.
  const host = where && compiled.code && !compiled.errors.length ? await where : null;
  const notes: ReasonStep[] = [...(host ? [{ kind: 'host' as const, text: host }] : []), ...(runtime === 'nodejs' && vercel.note ? [{ kind: 'platform' as const, text: vercel.note }] : [])];
  yield notes.length ? start(runtime, formatRunReason(runtime, [...because, ...notes]), build, [...because, ...notes]) : start(runtime, reason, build, [...because]);
  yield* packaged.events;
  if (packaged.failure) {
    yield* failed(packaged.failure.code, packaged.failure.message, compiled.compileMs);
    return;
  }
  if (!compiled.code || compiled.errors.length) {
    const first = compiled.errors[0];
    const message = first ? `${first.file}:${first.line}:${first.column + 1}: ${first.text}` : 'The build failed.';
    yield* failed('BUILD_FAILED', message, compiled.compileMs);
    return;
  }

  const limits = vercel.limits; // the plan's, with the entry's vercel.json maxDuration and memory
  const tooBig =
    runtime === 'edge'
      ? edgeSizeError(compiled.gzipBytes, limits)
      : nodeSizeError(compiled.bytes, limits, routePath(path).replace(/^\//, '') || 'index');
  if (tooBig) {
    yield* failed(tooBig.code, tooBig.message, compiled.compileMs);
    return;
  }

  const env = options.env ?? {};
  const envError = runtime === 'edge' ? envVarError(env, limits) : null;
  if (envError) {
    yield* failed(envError.code, envError.message, compiled.compileMs);
    return;
  }
  const request = toWire(options.request);
  const refused = gatewayError(request, runtime, limits);
  if (refused) {
    yield* platformErrorEvents(refused.status, refused.code, refused.message, 0);
    yield { type: 'end', timings: runTimings({ compileMs: compiled.compileMs }) };
    return;
  }

  for await (const event of impl.invoke({ code: compiled.code, kind, path, env, ...(next ? { next } : {}), request, ...(prerender ? { prerender } : {}), limits, signal: options.signal })) {
    yield event.type === 'end' ? { type: 'end', timings: { ...event.timings, ...packaged.timings, compileMs: compiled.compileMs } } : event;
  }
}

interface LanguageRun {
  options: RunOptions;
  services: RunServices;
  path: string;
  /** What the run asked for (a forced runtime may differ from the file's language). */
  runtime: RuntimeName;
  resolution: LanguageName;
  because: ReasonStep[];
  reason: string;
  warnings: BuildMessage[];
  limits: Limits;
  start: (runtime: RuntimeName | null, reason: string, build?: BuildSummary, because?: ReasonStep[]) => RunStart;
}

/**
 * A Python, Ruby or Go function: no build here (the interpreter reads the project's sources), the same gateway checks
 * and limits as a Node.js function, run in the languages sandbox.
 */
async function* runLanguage(run: LanguageRun): AsyncGenerator<PlaygroundEvent> {
  const { options, path, runtime, resolution, because, reason, limits } = run;
  const build = { ...emptyBuild(), warnings: run.warnings };
  if (runtime !== resolution) {
    yield run.start(null, reason, build, because);
    const label = LANGUAGE_NAMES[resolution];
    yield* failed('RUNTIME_NOT_APPLICABLE', `${path} is a ${label} function: Vercel runs it on its ${label} runtime only, so it cannot run on the ${runtime === 'edge' ? 'edge' : runtime === 'nodejs' ? 'Node.js' : LANGUAGE_NAMES[runtime]} runtime.`);
    return;
  }
  const impl = run.services.runtimes[runtime];
  yield run.start(runtime, reason, build, because);
  if (!impl) {
    yield* failed('RUNTIME_UNAVAILABLE', `The ${LANGUAGE_NAMES[resolution]} runtime is not available in this playground, so ${path} cannot run.`);
    return;
  }
  const request = toWire(options.request);
  const refused = gatewayError(request, runtime, limits);
  if (refused) {
    yield* platformErrorEvents(refused.status, refused.code, refused.message, 0);
    yield { type: 'end', timings: runTimings() };
    return;
  }
  const kind: HandlerKind = 'vercel-function';
  yield* impl.invoke({ code: '', files: options.files, kind, path, env: options.env ?? {}, request, limits, signal: options.signal });
}
