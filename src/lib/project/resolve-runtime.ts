// Which runtime a file runs on, and why, following Next.js 13.4+ (runtime-spec.md §3.2, rows R01–R14).
import type { Files, RuntimeName } from '../../../workers/protocol';
import { readSegmentConfig, type Declared } from './segment-config';

export const RUNTIME_VALUES = ['edge', 'experimental-edge', 'nodejs'] as const;
const CHOICES = `Please leave it empty or choose one of: ${RUNTIME_VALUES.join(', ')}`;

export interface ResolvedRuntime {
  ok: true;
  runtime: RuntimeName;
  /** Why, for the runtime badge: `export const runtime = 'edge' in app/api/hello/route.ts:1`. */
  reason: string;
  /** Next.js warnings about the declaration, in its own words. */
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

function validate(c: Candidate): InvalidRuntime | null {
  const v = c.declared.value;
  const fail = (message: string): InvalidRuntime => ({ ok: false, code: 'INVALID_RUNTIME', message, file: c.file, line: c.declared.line });
  if (v.kind !== 'string') return fail(`The \`runtime\` config must be a string. ${CHOICES}`);
  if (!(RUNTIME_VALUES as readonly string[]).includes(v.value)) return fail(`Provided runtime "${v.value}" is not supported. ${CHOICES}`);
  return null;
}

function resolved(c: Candidate, warnings: string[], prefix = ''): ResolvedRuntime {
  const value = (c.declared.value as { value: string }).value;
  return {
    ok: true,
    runtime: isEdge(value) ? 'edge' : 'nodejs',
    reason: `${prefix}${c.how} = '${value}' in ${c.file}:${c.declared.line}`,
    warnings,
  };
}

const nodejsDefault = (why: string, warnings: string[]): ResolvedRuntime => ({ ok: true, runtime: 'nodejs', reason: why, warnings });

function notLiteralWarning(file: string): string {
  return `Next.js can't recognize the exported \`runtime\` field in "${file}" as it was not assigned to a string literal.\nThe default runtime will be used instead.`;
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

function resolveApp(files: Files, file: string): RuntimeResolution {
  if (STATIC_METADATA.test(file)) return nodejsDefault(`nodejs: static metadata file ${file} does not inherit a runtime (R06)`, []);
  const warnings: string[] = [];
  let pick: Candidate | null = null;
  let inherited = false;
  for (const f of [...layoutsFor(files, file), file]) {
    const cfg = readSegmentConfig(files[f] ?? '');
    if (cfg.config) {
      warnings.push(
        `\`export const config\` in ${f} is deprecated. Please change \`runtime\` property to segment export config. See https://nextjs.org/docs/app/api-reference/file-conventions/route-segment-config`,
      );
    }
    if (cfg.runtimeNotLiteral) warnings.push(notLiteralWarning(f));
    if (cfg.runtime) {
      pick = { declared: cfg.runtime, file: f, how: 'export const runtime' };
      inherited = f !== file;
    }
  }
  if (!pick) return nodejsDefault(`nodejs: default, no runtime declared in ${file} or its layouts`, warnings);
  return validate(pick) ?? resolved(pick, warnings, inherited ? 'inherited from layout: ' : '');
}

function resolvePagesOrFunction(files: Files, file: string, urlPath: string): RuntimeResolution {
  const cfg = readSegmentConfig(files[file] ?? '');
  const warnings: string[] = [];
  if (cfg.runtimeNotLiteral) warnings.push(notLiteralWarning(file));
  // The segment-style export wins over config.runtime (R14).
  const pick: Candidate | null = cfg.runtime
    ? { declared: cfg.runtime, file, how: 'export const runtime' }
    : cfg.config?.runtime
      ? { declared: cfg.config.runtime, file, how: 'config.runtime' }
      : null;
  if (!pick) return nodejsDefault(`nodejs: default, no runtime declared in ${file}`, warnings);
  const invalid = validate(pick);
  if (invalid) return invalid;
  if ((pick.declared.value as { value: string }).value === 'experimental-edge') {
    warnings.push(`${urlPath} provided runtime 'experimental-edge'. It can be updated to 'edge' instead.`);
  }
  return resolved(pick, warnings);
}

/**
 * The runtime of `file` in a project. `urlPath` is the route it answers (for Next's messages).
 * Defaults to nodejs (R01); an invalid value is an error with Next.js's message (R12, R13).
 */
export function resolveRuntime(files: Files, file: string, urlPath = '/'): RuntimeResolution {
  if (/^(src\/)?app\//.test(file)) return resolveApp(files, file);
  return resolvePagesOrFunction(files, file, urlPath);
}
