// Which runtime a file runs on, and why, as the project's Next.js version decides it (profiles.ts; runtime-spec.md
// §3.2 and runtime-spec-2026.md §1.2, rows R01–R18, A01–A02, P01–P04), or as Vercel does for plain functions (`api/**`).
import type { Files, JsRuntimeName, RuntimeName } from '../../../workers/protocol';
import { DEFAULT_PROFILE, type Profile } from './profiles';
import { languageOf } from './routes';
import { missingEntrypoint, PRESET_LABELS, pythonApp, pythonPreset } from './python-entrypoint';
import { readSegmentConfig, type Declared } from './segment-config';
import * as say from './runtime-messages';
import { formatReason, type Declaration, type ReasonStep } from './runtime-reason';

export interface ResolvedRuntime {
  ok: true;
  runtime: RuntimeName;
  /** Why, as data: which file and line decided, what it overrode, which profile rule applied, deprecations. */
  because: ReasonStep[];
  /** The same in one line (`formatReason(because)`): `export const runtime = 'edge' in app/api/hello/route.ts:1`. */
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
  how: Declaration['how'];
}

const invalid = (message: string, file: string, line: number): InvalidRuntime => ({ ok: false, code: 'INVALID_RUNTIME', message, file, line });

const declarationOf = (c: Candidate): Declaration => ({ file: c.file, line: c.declared.line, value: String(c.declared.value.value), how: c.how });
const runtimeOf = (value: string): JsRuntimeName => (isEdge(value) ? 'edge' : 'nodejs');

const done = (runtime: RuntimeName, because: ReasonStep[], warnings: string[]): ResolvedRuntime => ({ ok: true, runtime, because, reason: formatReason(because), warnings });

/** A resolved declaration: its step (with what it overrode), and 16.3's edge deprecation where it applies. */
function resolved(profile: Profile, c: Candidate, kind: 'segment-export' | 'layout' | 'config', warnings: string[], overrides: Declaration[] = []): ResolvedRuntime {
  const runtime = runtimeOf(String(c.declared.value.value));
  const because: ReasonStep[] = [{ kind, runtime, declared: declarationOf(c), ...(overrides.length ? { overrides } : {}) }];
  if (runtime === 'edge' && profile.edgeDeprecated) {
    warnings.push(say.EDGE_DEPRECATED_WARNING);
    because.push({ kind: 'deprecation', text: say.EDGE_DEPRECATED_WARNING, rule: { profile: profile.id, text: `${profile.label} deprecates the edge runtime for routes` } });
  }
  return done(runtime, because, warnings);
}

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

/** The runtime declarations of `file`'s layouts that exist, root first (those a route handler does not read, 15.0+). */
function layoutDeclarations(files: Files, file: string): Declaration[] {
  return layoutsFor(files, file).flatMap((f) => {
    const declared = readSegmentConfig(files[f] ?? '').runtime;
    return declared?.value.kind === 'string' ? [{ file: f, line: declared.line, value: declared.value.value, how: 'export const runtime' as const }] : [];
  });
}

function resolveApp(profile: Profile, files: Files, file: string, route: string): RuntimeResolution {
  if (STATIC_METADATA.test(file)) return done('nodejs', [{ kind: 'static-metadata', runtime: 'nodejs', file }], []);
  const warnings: string[] = [];
  const inherited = inheritedLayouts(profile, files, file);
  const candidates: Candidate[] = [];
  for (const f of [...inherited, file]) {
    const cfg = readSegmentConfig(files[f] ?? '');
    if (cfg.config) {
      if (profile.appConfigExport === 'build-error') return invalid(say.APP_CONFIG_BUILD_ERROR(f), f, cfg.config.line);
      if (profile.appConfigExport === 'turbopack-warning') warnings.push(say.APP_CONFIG_TURBOPACK_WARNING);
    }
    if (cfg.runtimeNotLiteral) {
      const { reexport, text } = cfg.runtimeNotLiteral;
      warnings.push(say.notLiteralMessage(profile.messages, f, `${route === '/' ? '' : route}/route`, reexport, text));
    }
    if (cfg.runtime) candidates.push({ declared: cfg.runtime, file: f, how: 'export const runtime' });
  }
  const pick = candidates.at(-1);
  if (!pick) {
    // 15.0+: a route handler's layouts may declare a runtime it does not read; the chain says so.
    const ignoresLayouts = profile.layoutInheritance === 'pages';
    const ignored = ignoresLayouts ? layoutDeclarations(files, file) : [];
    const rule = ignoresLayouts ? { profile: profile.id, text: "route handlers do not inherit a layout's runtime from 15.0" } : undefined;
    const step: ReasonStep = { kind: 'default', runtime: 'nodejs', file, looked: ignoresLayouts ? 'file' : 'file-and-layouts', ...(ignored.length ? { overrides: ignored } : {}), ...(rule ? { rule } : {}) };
    return done('nodejs', [step], warnings);
  }
  const bad = check(profile, pick, { router: 'app', route, file: pick.file, at: 'runtime' });
  if (bad) return bad;
  // Each declaration nearer the entry overrides those above it (R04, R05).
  const overridden = candidates.slice(0, -1).map(declarationOf);
  return resolved(profile, pick, pick.file !== file ? 'layout' : 'segment-export', warnings, overridden);
}

function resolvePages(profile: Profile, files: Files, file: string, route: string): RuntimeResolution {
  const cfg = readSegmentConfig(files[file] ?? '');
  const warnings: string[] = [];
  const exported = profile.pagesRuntimeExport ? cfg.runtime : undefined;
  if (profile.pagesRuntimeExport && cfg.runtimeNotLiteral) {
    const { reexport, text } = cfg.runtimeNotLiteral;
    warnings.push(say.notLiteralMessage(profile.messages, file, route, reexport, text));
  }
  const configured: Candidate | null = cfg.config?.runtime ? { declared: cfg.config.runtime, file, how: 'config.runtime' } : null;
  // The segment-style export wins over config.runtime (R14).
  const pick: Candidate | null = exported ? { declared: exported, file, how: 'export const runtime' } : configured;
  if (!pick) return done('nodejs', [{ kind: 'default', runtime: 'nodejs', file, looked: 'file' }], warnings);
  const bad = check(profile, pick, { router: 'pages', route, file, at: exported ? 'runtime' : 'config.runtime' });
  if (bad) return bad;
  const value = (pick.declared.value as { value: string }).value;
  const overrides = exported && configured && configured.declared.value.kind === 'string' ? [declarationOf(configured)] : [];
  const result = resolved(profile, pick, exported ? 'segment-export' : 'config', warnings, overrides);
  if (value === 'experimental-edge' && profile.runtimes.pages.includes('edge')) {
    const text = say.EXPERIMENTAL_EDGE_API_WARNING(route);
    warnings.push(text);
    result.because.push({ kind: 'deprecation', text, rule: { profile: profile.id, text: `${profile.label} deprecates 'experimental-edge' for 'edge'` } });
  }
  return result;
}

/** What Vercel does instead with an `api/*.py` file under a Python preset (python-entrypoint.ts). */
function presetWarnings(files: Files, file: string): string[] {
  const app = pythonApp(files);
  if (app) return [`Under the ${PRESET_LABELS[app.preset]} preset Vercel builds no function from ${file}: ${app.entrypoint} serves every path.`];
  const missing = missingEntrypoint(files);
  if (!missing) return [];
  return [
    `A new Vercel project gets the ${PRESET_LABELS[pythonPreset(files)!]} preset from its dependencies, and then its build fails: ${missing.code}: ${missing.message} With the framework setting "Other" (\`"framework": null\` in vercel.json) each api/*.py is a function of its own, as here.`,
  ];
}

/** A plain Vercel function: `@vercel/node` reads `config.runtime` only, whatever the Next.js version. */
function resolveVercelFunction(files: Files, file: string): RuntimeResolution {
  const language = languageOf(file);
  if (language) return done(language, [{ kind: 'language', runtime: language, file }], language === 'python' ? presetWarnings(files, file) : []);
  const cfg = readSegmentConfig(files[file] ?? '');
  const declared = cfg.config?.runtime;
  const unread: Declaration[] = cfg.runtime?.value.kind === 'string' ? [{ file, line: cfg.runtime.line, value: cfg.runtime.value.value, how: 'export const runtime' }] : [];
  const warnings = cfg.runtime ? [`Vercel reads the runtime of ${file} from \`export const config = { runtime }\` only; \`export const runtime\` is not read.`] : [];
  const rule = { profile: 'vercel', text: '@vercel/node reads config.runtime only' };
  if (!declared) return done('nodejs', [{ kind: 'default', runtime: 'nodejs', file, looked: 'config', ...(unread.length ? { overrides: unread, rule } : {}) }], warnings);
  const v = declared.value;
  if (v.kind !== 'string' || !['edge', 'experimental-edge', 'nodejs'].includes(v.value))
    return invalid(say.VERCEL_INVALID_RUNTIME(file, v.value), file, declared.line);
  const step: ReasonStep = { kind: 'config', runtime: runtimeOf(v.value), declared: { file, line: declared.line, value: v.value, how: 'config.runtime' }, ...(unread.length ? { overrides: unread, rule } : {}) };
  return done(step.runtime, [step], warnings);
}

/**
 * The runtime of `file` in a project under a Next.js profile. `route` is the URL path it answers (for Next's
 * messages). Defaults to nodejs (R01); an invalid value is an error in the version's own words (R12, R13, A01).
 */
export function resolveRuntime(files: Files, file: string, route = '/', profile: Profile = DEFAULT_PROFILE): RuntimeResolution {
  const app = pythonApp(files);
  if (app?.entrypoint === file) {
    return done('python', [{ kind: 'language', runtime: 'python', file, app: { preset: PRESET_LABELS[app.preset], variable: app.variable, how: app.how } }], []);
  }
  if (/^(src\/)?app\//.test(file)) return resolveApp(profile, files, file, route);
  if (/^(src\/)?pages\//.test(file)) return resolvePages(profile, files, file, route);
  return resolveVercelFunction(files, file);
}
