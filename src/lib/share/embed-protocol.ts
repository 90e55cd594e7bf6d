// The embed API, version 1: message shapes and the guards that check what a host page sends.
import type { Files, HeaderList } from '../../../workers/protocol';
import { GENERATIONS, LIMIT_OVERRIDE_KEYS, PLANS, type Generation, type LimitOverrides, type Plan } from '../limits';
import { profileFor } from '../project/profiles';
import type { RunResult } from '../run-record.svelte';
import { isObject, isStringRecord } from './shape';

export const EMBED_VERSION = 1;

export interface LoadMessage {
  type: 'playground:load';
  id: string | number;
  files: Files;
  /** The file opened in the editor, one of `files`; absent: the first handler. */
  path?: string;
  plan?: Plan;
  /** Vercel's platform generation whose limits apply: 'fluid' (2025+, the default) or 'legacy' (2024). */
  platform?: Generation;
  env?: Record<string, string>;
  limits?: LimitOverrides;
  /** The Next.js version the project behaves as (`'13.5.11'`, `'15'`, `'16.4'`); default: the project's package.json, else today's. */
  nextVersion?: string;
}

export interface RunMessage {
  type: 'playground:run';
  id: string | number;
  /** The file to run; absent: the route that matches `request.url` (an unmatched URL is answered 404). */
  path?: string;
  request: { method: string; url: string; headers?: HeaderList; body?: string; bodyBase64?: string };
  /**
   * `both`: a JavaScript handler on the edge and on Node.js at once (results edge first); a Python, Ruby or Go
   * function and another function of the project (`against`, default the same route in another language), this file
   * first.
   */
  runtime?: 'auto' | 'edge' | 'nodejs' | 'both';
  /** With `runtime: 'both'` on a Python, Ruby or Go function: the function to compare it with. */
  against?: string;
}

/** Stops the run of the `playground:run` with this id: its result comes back with `error.code: 'CANCELLED'`. */
export interface StopMessage {
  type: 'playground:stop';
  id: string | number;
}

/** Asks for the project as it is now (the person may have edited it): answered with `playground:state`. */
export interface GetStateMessage {
  type: 'playground:getState';
  id: string | number;
}

/** Writes one file (created when absent; the open file stays open): answered with `playground:fileSet`. */
export interface SetFileMessage {
  type: 'playground:setFile';
  id: string | number;
  /** Relative, like app/api/hello/route.ts (the same rule as `playground:load`). */
  path: string;
  source: string;
}

export type HostMessage = LoadMessage | RunMessage | StopMessage | GetStateMessage | SetFileMessage;

const HOST_TYPES: string[] = ['playground:load', 'playground:run', 'playground:stop', 'playground:getState', 'playground:setFile'] satisfies HostMessage['type'][];

/**
 * Error codes of answers to a frame that restricts the embed: EMBED_SANDBOXED, when its sandbox lacks
 * allow-same-origin (every load, run and setFile answers it; src/lib/share/sandboxed-embed.ts); NODE_HOST_UNAVAILABLE
 * for a Node.js run framed by another origin (one short sentence; the embed links to the playground with the project).
 */
export type PlaygroundMessage =
  | { type: 'playground:ready'; version: number }
  /** `restored` (an addition to v1): the reader's saved edits to this project were put back over the files sent. */
  | { type: 'playground:loaded'; id: string | number | null; ok: boolean; profile?: string; restored?: boolean; error?: { code: string; message: string } }
  | { type: 'playground:result'; id: string | number | null; results: RunResult[] }
  /** `stopped`: a run with that id was in flight (its `playground:result` follows); false: none was. */
  | { type: 'playground:stopped'; id: string | number | null; stopped: boolean }
  /** The embed's content height in CSS pixels, posted to the parent frame whenever it changes (grows or shrinks). */
  | { type: 'playground:resize'; height: number }
  /** `path`: the file open in the editor. */
  | { type: 'playground:state'; id: string | number | null; files: Files; path: string }
  | { type: 'playground:fileSet'; id: string | number | null; ok: boolean; error?: { code: string; message: string } };

/** `code` names the failure for hosts (INVALID_NEXT_VERSION); INVALID_MESSAGE when absent. */
type Check<T> = { ok: true; value: T } | { ok: false; error: string; code?: string };

const isId = (v: unknown): v is string | number => typeof v === 'string' || typeof v === 'number';
const isHeaderList = (v: unknown): v is HeaderList =>
  Array.isArray(v) && v.every((h) => Array.isArray(h) && h.length === 2 && typeof h[0] === 'string' && typeof h[1] === 'string');
const isMs = (v: unknown) => v === undefined || (typeof v === 'number' && Number.isFinite(v) && v > 0);

/** Is this message for the API at all? Other messages (including our own replies when not framed) are ignored. */
export function isHostMessage(data: unknown): data is { type: HostMessage['type'] } {
  return isObject(data) && HOST_TYPES.includes(data.type as string);
}

/** A project path: relative, never climbing out (`..`), never empty. */
const isRelativePath = (p: string) => p !== '' && !p.startsWith('/') && !p.split('/').includes('..');
const badPathError = (p: string) => `file path "${p}" must be relative, like app/api/hello/route.ts`;

export function checkLoad(data: Record<string, unknown>): Check<LoadMessage> {
  if (!isId(data.id)) return { ok: false, error: '`id` must be a string or a number' };
  if (!isStringRecord(data.files) || Object.keys(data.files).length === 0)
    return { ok: false, error: '`files` must be an object of path → source text with at least one file' };
  const badPath = Object.keys(data.files).find((p) => !isRelativePath(p));
  if (badPath !== undefined) return { ok: false, error: badPathError(badPath) };
  if (data.path !== undefined && (typeof data.path !== 'string' || !Object.hasOwn(data.files, data.path)))
    return { ok: false, error: '`path` must be one of the paths in `files` (the file opened first)' };
  if (data.plan !== undefined && !PLANS.includes(data.plan as Plan))
    return { ok: false, error: `\`plan\` must be one of ${PLANS.join(', ')}` };
  if (data.platform !== undefined && !GENERATIONS.includes(data.platform as Generation))
    return { ok: false, error: `\`platform\` must be one of ${GENERATIONS.map((g) => `'${g}'`).join(', ')} (Fluid compute, 2025+, or the legacy 2024 limits)` };
  if (data.env !== undefined && !isStringRecord(data.env)) return { ok: false, error: '`env` must be an object of strings' };
  if (data.limits !== undefined) {
    if (!isObject(data.limits)) return { ok: false, error: '`limits` must be an object' };
    const unknown = Object.keys(data.limits).find((key) => !LIMIT_OVERRIDE_KEYS.includes(key));
    if (unknown !== undefined) return { ok: false, error: `\`limits.${unknown}\` is not a limit the playground shortens (${LIMIT_OVERRIDE_KEYS.join(', ')})` };
    if (!LIMIT_OVERRIDE_KEYS.every((key) => isMs((data.limits as Record<string, unknown>)[key])))
      return { ok: false, error: '`limits` values must be positive numbers of milliseconds' };
  }
  if (data.nextVersion !== undefined) {
    if (typeof data.nextVersion !== 'string') return { ok: false, code: 'INVALID_NEXT_VERSION', error: '`nextVersion` must be a version string such as 13.5.11, 15 or 16.4' };
    const found = profileFor(data.nextVersion);
    if (!found.ok) return { ok: false, code: found.code, error: found.message };
  }
  return { ok: true, value: data as unknown as LoadMessage };
}

const RUNTIMES = ['auto', 'edge', 'nodejs', 'both'];

export function checkRun(data: Record<string, unknown>): Check<RunMessage> {
  if (!isId(data.id)) return { ok: false, error: '`id` must be a string or a number' };
  if (data.path !== undefined && typeof data.path !== 'string')
    return { ok: false, error: '`path` must be the file to run, like app/api/hello/route.ts (or absent: the route matching the URL)' };
  const r = data.request;
  if (!isObject(r) || typeof r.method !== 'string' || typeof r.url !== 'string')
    return { ok: false, error: '`request` must have a `method` and a `url` such as /api/hello?name=Ada' };
  if (r.headers !== undefined && !isHeaderList(r.headers)) return { ok: false, error: '`request.headers` must be [[name, value], …]' };
  if (r.body !== undefined && typeof r.body !== 'string') return { ok: false, error: '`request.body` must be a string' };
  if (r.bodyBase64 !== undefined && typeof r.bodyBase64 !== 'string')
    return { ok: false, error: '`request.bodyBase64` must be a base64 string' };
  if (data.runtime !== undefined && !RUNTIMES.includes(data.runtime as string))
    return { ok: false, error: `\`runtime\` must be one of ${RUNTIMES.join(', ')}` };
  if (data.against !== undefined && typeof data.against !== 'string')
    return { ok: false, error: '`against` must be the file to compare with, like api/hello.js' };
  return { ok: true, value: data as unknown as RunMessage };
}

export function checkGetState(data: Record<string, unknown>): Check<GetStateMessage> {
  if (!isId(data.id)) return { ok: false, error: '`id` must be a string or a number' };
  return { ok: true, value: data as unknown as GetStateMessage };
}

export function checkSetFile(data: Record<string, unknown>): Check<SetFileMessage> {
  if (!isId(data.id)) return { ok: false, error: '`id` must be a string or a number' };
  if (typeof data.path !== 'string') return { ok: false, error: '`path` must be the file to write, like app/api/hello/route.ts' };
  if (!isRelativePath(data.path)) return { ok: false, error: badPathError(data.path) };
  if (typeof data.source !== 'string') return { ok: false, error: '`source` must be the file\'s text' };
  return { ok: true, value: data as unknown as SetFileMessage };
}
