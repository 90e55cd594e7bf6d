// Next.js middleware and proxy (runtime-spec-2026.md §1.2–§1.3, rows R18, P01–P04): which file runs before the routes
// under a profile, on which runtime, for which URLs (`config.matcher`), and what its answer means (next, rewrite, or a
// response of its own).
import { pathToRegexp } from 'path-to-regexp';
import type { Files, HeaderList, RuntimeName } from '../../../workers/protocol';
import type { Profile } from './profiles';
import * as say from './runtime-messages';
import { readSegmentConfig, stripComments } from './segment-config';
import { formatReason, type Declaration, type ProfileRule, type ReasonStep } from './runtime-reason';

export interface Middleware {
  /** `middleware.ts`, `src/proxy.ts`… */
  file: string;
  /** What Next calls it: `middleware`, or `proxy` (16+). */
  convention: 'middleware' | 'proxy';
  runtime: RuntimeName;
  /** Why it runs there, as data (runtime-reason.ts); `reason` is the same in one line. */
  because: ReasonStep[];
  reason: string;
  warnings: string[];
  /** Path patterns it runs for (path-to-regexp, as Next compiles `matcher`); empty: every path. */
  matchers: RegExp[];
}

export type MiddlewareResolution = { ok: true; middleware: Middleware | null } | { ok: false; code: 'INVALID_MIDDLEWARE'; message: string; file: string; line: number };

const fileOf = (files: Files, name: string) => Object.keys(files).find((p) => new RegExp(`^(src/)?${name}\\.(ts|tsx|js|jsx|mjs|cjs|mts|cts)$`).test(p));

/** `experimental.nodeMiddleware: true` in next.config (15.2–15.4's canary-only flag). */
const nodeMiddlewareFlag = (files: Files) => {
  const config = Object.keys(files).find((p) => /^next\.config\.(js|mjs|cjs|ts)$/.test(p));
  return config !== undefined && /\bnodeMiddleware\s*:\s*true\b/.test(files[config]);
};

/** The string literals of `config.matcher`: a string, an array of strings, or of `{ source }` objects. */
export function readMatchers(source: string): string[] {
  const src = stripComments(source);
  const cfg = /\bexport\s+(?:const|let|var)\s+config\s*(?::\s*[^=]+?)?=\s*\{/.exec(src);
  if (!cfg) return [];
  const rest = src.slice(cfg.index + cfg[0].length);
  const m = /\bmatcher\s*:\s*/.exec(rest);
  if (!m) return [];
  const value = rest.slice(m.index + m[0].length);
  const strings = (text: string) => [...text.matchAll(/(['"`])((?:\\.|(?!\1).)*)\1/g)].map((x) => x[2]);
  if (/^['"`]/.test(value)) return strings(value).slice(0, 1);
  if (!value.startsWith('[')) return [];
  let depth = 0;
  let end = 0;
  for (; end < value.length; end++) {
    if (value[end] === '[' || value[end] === '{') depth++;
    else if ((value[end] === ']' || value[end] === '}') && --depth === 0) break;
  }
  const list = value.slice(0, end + 1);
  if (/\bsource\s*:/.test(list)) return [...list.matchAll(/\bsource\s*:\s*(['"`])((?:\\.|(?!\1).)*)\1/g)].map((x) => x[2]);
  return strings(list);
}

function compileMatchers(sources: string[]): RegExp[] {
  return sources.map((s) => pathToRegexp(s));
}

/** Does the middleware run for this path? (Next never runs it for its own `/_next/` assets.) */
export function middlewareMatches(middleware: Middleware, path: string): boolean {
  if (path.startsWith('/_next/')) return false;
  return middleware.matchers.length === 0 || middleware.matchers.some((re) => re.test(path));
}

/** The middleware or proxy file of a project under a profile, with its runtime; null when there is none. */
export function resolveMiddleware(files: Files, profile: Profile): MiddlewareResolution {
  const middlewareFile = fileOf(files, 'middleware');
  const proxyFile = profile.proxy ? fileOf(files, 'proxy') : undefined;
  const fail = (message: string, file: string, line = 1): MiddlewareResolution => ({ ok: false, code: 'INVALID_MIDDLEWARE', message, file, line });
  if (middlewareFile && proxyFile) return fail(say.BOTH_MIDDLEWARE_AND_PROXY(middlewareFile, proxyFile), proxyFile);
  const file = proxyFile ?? middlewareFile;
  if (!file) return { ok: true, middleware: null };
  const source = files[file];
  const cfg = readSegmentConfig(source);
  const declared = cfg.config?.runtime;
  const value = declared?.value.kind === 'string' ? declared.value.value : undefined;
  const matchers = compileMatchers(readMatchers(source));
  const warnings: string[] = [];

  if (proxyFile) {
    // P01, P02: proxy always runs on Node.js; any runtime in its config fails the build.
    if (declared) return fail(value === 'edge' || value === 'experimental-edge' ? say.PROXY_EDGE_TURBOPACK : say.PROXY_SEGMENT_CONFIG(file), file, declared.line);
    if (!/\bexport\s+(default|(async\s+)?function\s+proxy\b|const\s+proxy\b|\{[^}]*\bproxy\b)/.test(stripComments(source)))
      return fail(
        `The file "./${file}" must export a function, either as a default export or as a named "proxy" export.\nThis function is what Next.js runs for every request handled by this proxy (previously called middleware).`,
        file,
      );
    const because: ReasonStep[] = [{ kind: 'middleware', runtime: 'nodejs', file, convention: 'proxy', rule: { profile: profile.id, text: 'proxy always runs on Node.js (16+)' } }];
    return { ok: true, middleware: { file, convention: 'proxy', runtime: 'nodejs', because, reason: formatReason(because), warnings, matchers } };
  }

  if (profile.proxy) warnings.push(say.MIDDLEWARE_DEPRECATED); // P04
  let runtime: RuntimeName = 'edge';
  const declaration: Declaration | undefined = value !== undefined ? { file, line: declared!.line, value, how: 'config.runtime' } : undefined;
  let rule: ProfileRule | undefined;
  const deprecations: ReasonStep[] = [];
  switch (profile.middleware) {
    case 'edge':
      if (value === 'nodejs') rule = { profile: profile.id, text: `${profile.label} ignores config.runtime in middleware, R18` };
      break;
    case 'nodejs-canary-only':
      if (nodeMiddlewareFlag(files)) return fail(say.NODE_MIDDLEWARE_CANARY_ONLY, Object.keys(files).find((p) => p.startsWith('next.config.'))!);
      if (value === 'nodejs') warnings.push(say.MIDDLEWARE_NODE_NEEDS_FLAG);
      break;
    case 'edge-or-nodejs':
      if (value === 'nodejs') runtime = 'nodejs';
      else if (value === 'edge' && profile.edgeDeprecated) {
        warnings.push(say.EDGE_DEPRECATED_WARNING);
        deprecations.push({ kind: 'deprecation', text: say.EDGE_DEPRECATED_WARNING, rule: { profile: profile.id, text: `${profile.label} deprecates the edge runtime` } });
      }
      break;
  }
  if (profile.proxy) deprecations.push({ kind: 'deprecation', text: say.MIDDLEWARE_DEPRECATED, rule: { profile: profile.id, text: 'middleware.ts is renamed proxy.ts (16+)' } });
  const step: ReasonStep = {
    kind: 'middleware',
    runtime,
    file,
    convention: 'middleware',
    ...(declaration ? { declared: declaration } : {}),
    ...(declaration && declaration.value !== runtime ? { overrides: [declaration] } : {}),
    ...(rule ? { rule } : {}),
  };
  const because = [step, ...deprecations];
  return { ok: true, middleware: { file, convention: 'middleware', runtime, because, reason: formatReason(because), warnings, matchers } };
}

/** What the middleware's answer tells the server to do next. */
export type MiddlewareOutcome =
  | { type: 'next'; url: string; requestHeaders: HeaderList; responseHeaders: HeaderList }
  | { type: 'respond' };

const INTERNAL = /^x-middleware-/;

/**
 * Reads Next's middleware headers: `x-middleware-next` (go on), `x-middleware-rewrite` (go on to another URL), with
 * `x-middleware-override-headers` / `x-middleware-request-*` replacing the request's headers; anything else is the
 * response itself.
 */
export function middlewareOutcome(headers: HeaderList, request: { url: string; headers: HeaderList }): MiddlewareOutcome {
  const get = (name: string) => headers.find(([k]) => k.toLowerCase() === name)?.[1];
  const rewrite = get('x-middleware-rewrite');
  if (get('x-middleware-next') !== '1' && rewrite === undefined) return { type: 'respond' };
  let requestHeaders = request.headers;
  const override = get('x-middleware-override-headers');
  if (override !== undefined) {
    const names = override.split(',').map((n) => n.trim().toLowerCase()).filter(Boolean);
    requestHeaders = names.flatMap((n) => {
      const v = get(`x-middleware-request-${n}`);
      return v === undefined ? [] : [[n, v] as [string, string]];
    });
  }
  const responseHeaders = headers.filter(([k]) => !INTERNAL.test(k.toLowerCase()) && k.toLowerCase() !== 'content-length');
  const url = rewrite !== undefined ? new URL(rewrite, request.url).href : request.url;
  return { type: 'next', url, requestHeaders, responseHeaders };
}
