// Which runtime a file runs on, and why, as the project's Next.js version decides it (profiles.ts; runtime-spec.md
// §3.2 and runtime-spec-2026.md §1.2, rows R01–R18, A01–A02, P01–P04), or as Vercel does for plain functions (`api/**`).
import type { Files, RuntimeName } from '../../../workers/protocol';
import { DEFAULT_PROFILE, type Profile } from './profiles';
import { readSegmentConfig, type Declared } from './segment-config';
import * as say from './runtime-messages';

export interface ResolvedRuntime {
  ok: true;
  runtime: RuntimeName;
  /** Why, for the runtime badge: `export const runtime = 'edge' in app/api/hello/route.ts:1`. */
  reason: string;
  /** Next.js's (or Vercel's) warnings about the declaration, in its own words. */
  warnings: string[];
}

export interface InvalidRuntime {
  ok: false;
  code: 'INVALID_RUNTIME';
  message: string;
  file: string;
  line: number;
}

export type RuntimeResolution = ResolvedRuntime | InvalidRuntime;

const isEdge = (v: string) => v === 'edge' || v === 'experimental-edge';

interface Candidate {
  declared: Declared;
  file: string;
  how: string;
}

const invalid = (message: string, file: string, line: number): InvalidRuntime => ({ ok: false, code: 'INVALID_RUNTIME', message, file, line });

function resolved(profile: Profile, c: Candidate, warnings: string[], prefix = ''): ResolvedRuntime {
  const value = (c.declared.value as { value: string }).value;
  const runtime: RuntimeName = isEdge(value) ? 'edge' : 'nodejs';
  if (runtime === 'edge' && profile.edgeDeprecated) warnings.push(say.EDGE_DEPRECATED_WARNING);
  return { ok: true, runtime, reason: `${prefix}${c.how} = '${value}' in ${c.file}:${c.declared.line}`, warnings };
}

const nodejsDefault = (why: string, warnings: string[]): ResolvedRuntime => ({ ok: true, runtime: 'nodejs', reason: why, warnings });

/** Checks a declared value against the profile; null when it is accepted. */
function check(profile: Profile, c: Candidate, where: say.Where): InvalidRuntime | null {
  const v = c.declared.value;
  const accepted = where.router === 'app' ? profile.runtimes.app : profile.runtimes.pages;
  if (v.kind === 'string' && accepted.includes(v.value)) return null;
  return invalid(say.invalidRuntimeMessage(profile.messages, v, accepted, where), c.file, c.declared.line);
}

/** `app/a/b/route.ts` → [`app/layout.*`, `app/a/layout.*`, `app/a/b/layout.*`] that exist, root first. */
function layoutsFor(files: Files, file: string): string[] {
  const parts = file.split('/');
  const rootIndex = parts.indexOf('app');
  const layouts: string[] = [];
  for (let i = rootIndex + 1; i < parts.length; i++) {
    const dir = parts.slice(0, i).join('/');
    const layout = Object.keys(files).find((p) => p.startsWith(dir + '/layout.') && p.split('/').length === i + 1);
    if (layout) layouts.push(layout);
  }
  return layouts;
}

const STATIC_METADATA = /\/(icon|apple-icon|favicon|opengraph-image|twitter-image|robots|sitemap|manifest)\.(png|jpe?g|gif|ico|svg|txt|xml|json|webmanifest)$/;

/** The layouts whose runtime `file` inherits under this profile (R03, R05, R06; 15.0+ route handlers inherit none). */
function inheritedLayouts(profile: Profile, files: Files, file: string): string[] {
  const isPage = /\/page\.[a-z]+$/.test(file);
  if (profile.layoutInheritance === 'none') return [];
  if (profile.layoutInheritance === 'pages' && !isPage) return [];
  if (STATIC_METADATA.test(file)) return [];
  return layoutsFor(files, file);
}

function resolveApp(profile: Profile, files: Files, file: string, route: string): RuntimeResolution {
  if (STATIC_METADATA.test(file)) return nodejsDefault(`nodejs: static metadata file ${file} does not inherit a runtime (R06)`, []);
  const warnings: string[] = [];
  let pick: Candidate | null = null;
  for (const f of [...inheritedLayouts(profile, files, file), file]) {
    const cfg = readSegmentConfig(files[f] ?? '');
    if (cfg.config) {
      if (profile.appConfigExport === 'build-error') return invalid(say.APP_CONFIG_BUILD_ERROR(f), f, cfg.config.line);
      if (profile.appConfigExport === 'turbopack-warning') warnings.push(say.APP_CONFIG_TURBOPACK_WARNING);
    }
    if (cfg.runtimeNotLiteral) {
      const { reexport, text } = cfg.runtimeNotLiteral;
      warnings.push(say.notLiteralMessage(profile.messages, f, `${route === '/' ? '' : route}/route`, reexport, text));
    }
    if (cfg.runtime) pick = { declared: cfg.runtime, file: f, how: 'export const runtime' };
  }
  const why = profile.layoutInheritance === 'pages' ? `in ${file} (route handlers do not inherit a layout's runtime from 15.0)` : `in ${file} or its layouts`;
  if (!pick) return nodejsDefault(`nodejs: default, no runtime declared ${why}`, warnings);
  return check(profile, pick, { router: 'app', route, file: pick.file, at: 'runtime' }) ?? resolved(profile, pick, warnings, pick.file !== file ? 'inherited from layout: ' : '');
}

function resolvePages(profile: Profile, files: Files, file: string, route: string): RuntimeResolution {
  const cfg = readSegmentConfig(files[file] ?? '');
  const warnings: string[] = [];
  const exported = profile.pagesRuntimeExport ? cfg.runtime : undefined;
  if (profile.pagesRuntimeExport && cfg.runtimeNotLiteral) {
    const { reexport, text } = cfg.runtimeNotLiteral;
    warnings.push(say.notLiteralMessage(profile.messages, file, route, reexport, text));
  }
  // The segment-style export wins over config.runtime (R14).
  const pick: Candidate | null = exported
    ? { declared: exported, file, how: 'export const runtime' }
    : cfg.config?.runtime
      ? { declared: cfg.config.runtime, file, how: 'config.runtime' }
      : null;
  if (!pick) return nodejsDefault(`nodejs: default, no runtime declared in ${file}`, warnings);
  const bad = check(profile, pick, { router: 'pages', route, file, at: exported ? 'runtime' : 'config.runtime' });
  if (bad) return bad;
  const value = (pick.declared.value as { value: string }).value;
  if (value === 'experimental-edge' && profile.runtimes.pages.includes('edge')) warnings.push(say.EXPERIMENTAL_EDGE_API_WARNING(route));
  return resolved(profile, pick, warnings);
}

/** A plain Vercel function: `@vercel/node` reads `config.runtime` only, whatever the Next.js version. */
function resolveVercelFunction(files: Files, file: string): RuntimeResolution {
  const cfg = readSegmentConfig(files[file] ?? '');
  const declared = cfg.config?.runtime;
  const warnings = cfg.runtime ? [`Vercel reads the runtime of ${file} from \`export const config = { runtime }\` only; \`export const runtime\` is not read.`] : [];
  if (!declared) return nodejsDefault(`nodejs: default, no config.runtime in ${file}`, warnings);
  const v = declared.value;
  if (v.kind !== 'string' || !['edge', 'experimental-edge', 'nodejs'].includes(v.value))
    return invalid(say.VERCEL_INVALID_RUNTIME(file, v.value), file, declared.line);
  const runtime: RuntimeName = isEdge(v.value) ? 'edge' : 'nodejs';
  return { ok: true, runtime, reason: `config.runtime = '${v.value}' in ${file}:${declared.line}`, warnings };
}

/**
 * The runtime of `file` in a project under a Next.js profile. `route` is the URL path it answers (for Next's
 * messages). Defaults to nodejs (R01); an invalid value is an error in the version's own words (R12, R13, A01).
 */
export function resolveRuntime(files: Files, file: string, route = '/', profile: Profile = DEFAULT_PROFILE): RuntimeResolution {
  if (/^(src\/)?app\//.test(file)) return resolveApp(profile, files, file, route);
  if (/^(src\/)?pages\//.test(file)) return resolvePages(profile, files, file, route);
  return resolveVercelFunction(files, file);
}
