// The embed API over postMessage (version 1): a host page loads a project and runs requests; every answer goes back
// to the sender. The host is the parent frame, or the page that opened this one (`window.open`); when the page is not
// framed, window.parent is the page itself, so tests can drive it directly. A project another origin loads is foreign:
// its Node.js handlers run on the local host only once the person allows it (src/lib/consent.ts).
import type { Files, RuntimeName } from '../../../workers/protocol';
import { messageSource } from '../consent';
import { compareTarget, languageFunction } from '../compare-functions';
import { matchRoute } from '../project/routes';
import { DEFAULT_GENERATION } from '../limits';
import type { Playground } from '../playground.svelte';
import { fromBase64 } from '../run-record.svelte';
import type { RunResult } from '../run-record.svelte';
import { RunRecord } from '../run-record.svelte';
import { sha256Hex } from '../consent-hash';
import { restoreInto } from './autosave';
import {
  checkGetState,
  checkLoad,
  checkRun,
  checkSetFile,
  EMBED_VERSION,
  isHostMessage,
  type PlaygroundMessage,
  type RunMessage,
  type SetFileMessage,
} from './embed-protocol';

/** The slot of saved work for a project an embed was given: the same files and version, the same edits back. */
export const embedSlot = (files: Files, nextVersion: string | null): string => 'embed:' + sha256Hex(JSON.stringify([files, nextVersion]));

const isId = (v: unknown): v is string | number => typeof v === 'string' || typeof v === 'number';

const utf8 = new TextEncoder();

function decodeBody(request: RunMessage['request']): Uint8Array | null {
  if (request.bodyBase64 !== undefined) return fromBase64(request.bodyBase64);
  if (request.body !== undefined) return utf8.encode(request.body);
  return null;
}

async function runMessage(playground: Playground, msg: RunMessage, signal: AbortSignal): Promise<RunResult[]> {
  // An embed's `runtime=` (playground.runtimeChoice) applies unless the host names one for this run.
  const choice = msg.runtime ?? playground.runtimeChoice;
  const one = async (runtime: 'auto' | RuntimeName, path = msg.path) => {
    const record = new RunRecord();
    playground.show(record);
    const request = { method: msg.request.method, url: msg.request.url, headers: msg.request.headers ?? [], body: decodeBody(msg.request) };
    await playground.execute({ path, request, runtime }, record, signal);
    return record.toResult();
  };
  if (choice !== 'both') return [await one(choice)];
  // A Python, Ruby or Go function runs on its own runtime only: `both` sets it against another function, side by side.
  const files = playground.snapshotFiles();
  const entry = msg.path ?? matchRoute(files, msg.request.url);
  if (entry !== null && languageFunction(files, entry)) {
    const target = compareTarget(files, entry, msg.against ?? null);
    if (target === null) return [await one('auto', entry), failedResult('NO_COMPARE_TARGET', `The project has no other function to compare ${entry} with.`)];
    return Promise.all([one('auto', entry), one('auto', target)]);
  }
  // Side by side, as the compare view runs them: the slower sets the time. The results in their order, edge first.
  return Promise.all((['edge', 'nodejs'] as const).map((runtime) => one(runtime)));
}

/** A result for a run that could not start: the host always gets a `playground:result` for its id. */
function failedResult(code: string, message: string): RunResult {
  const record = new RunRecord();
  record.apply({ type: 'error', code, message, t: 0 });
  return record.toResult();
}

/**
 * A host's file write. From another origin it reopens the project as that origin's (the consent of what the person
 * allowed covers the files it was given, not what a host writes later); from the page's own origin it is an edit.
 */
function writeFile(playground: Playground, msg: SetFileMessage, origin: string): void {
  const source = messageSource(origin, window.location.origin);
  if (source.kind === 'own') return playground.setFile(msg.path, msg.source);
  const active = playground.active;
  playground.load({ ...playground.snapshotFiles(), [msg.path]: msg.source }, source, { ...playground.env }, playground.nextVersion);
  playground.active = active;
}

/** Starts listening; returns a function that stops. */
export function startEmbedApi(
  playground: Playground,
  target: Window = window.parent,
  opener: Window | null = target === window ? (window.opener as Window | null) : null,
  /** false: `playground:ready` was already sent (an embed that waited to start, src/lib/share/embed-start.ts). */
  announce = true,
): () => void {
  const reply = (event: MessageEvent, message: PlaygroundMessage) => {
    const source = (event.source as Window | null) ?? target;
    source.postMessage(message, event.origin && event.origin !== 'null' ? event.origin : '*');
  };

  /** Runs in flight by their message id, for `playground:stop`. */
  const running = new Map<string | number, AbortController>();

  const onMessage = async (event: MessageEvent) => {
    const fromHost = event.source === target || (opener !== null && event.source === opener);
    if (!fromHost || !isHostMessage(event.data)) return;
    const data = event.data as unknown as Record<string, unknown>;
    if (data.type === 'playground:load') {
      const check = checkLoad(data);
      if (!check.ok) {
        const error = { code: check.code ?? 'INVALID_MESSAGE', message: check.error };
        return reply(event, { type: 'playground:loaded', id: (data.id as string) ?? null, ok: false, error });
      }
      const msg = check.value;
      playground.load(msg.files, messageSource(event.origin, window.location.origin), msg.env ?? {}, msg.nextVersion ?? null);
      if (msg.path !== undefined) playground.active = msg.path;
      playground.plan = msg.plan ?? 'hobby';
      playground.generation = msg.platform ?? DEFAULT_GENERATION;
      playground.overrides = msg.limits ?? {};
      // The reader's edits to this project, saved per embedded project (never in the full page's own project).
      playground.workSlot = embedSlot(msg.files, msg.nextVersion ?? null);
      const saved = playground.readonly ? null : playground.work.read(playground.workSlot);
      if (saved) restoreInto(playground, saved);
      const restored = saved ? { restored: true } : {};
      return reply(event, { type: 'playground:loaded', id: msg.id, ok: true, profile: playground.profile.id, ...restored });
    }
    if (data.type === 'playground:getState') {
      const check = checkGetState(data);
      const id = check.ok ? check.value.id : null;
      return reply(event, { type: 'playground:state', id, files: playground.snapshotFiles(), path: playground.active });
    }
    if (data.type === 'playground:setFile') {
      const check = checkSetFile(data);
      if (!check.ok) {
        const error = { code: 'INVALID_MESSAGE', message: check.error };
        return reply(event, { type: 'playground:fileSet', id: isId(data.id) ? data.id : null, ok: false, error });
      }
      writeFile(playground, check.value, event.origin);
      return reply(event, { type: 'playground:fileSet', id: check.value.id, ok: true });
    }
    if (data.type === 'playground:stop') {
      const id = typeof data.id === 'string' || typeof data.id === 'number' ? data.id : null;
      const controller = id === null ? undefined : running.get(id);
      controller?.abort();
      return reply(event, { type: 'playground:stopped', id, stopped: controller !== undefined });
    }
    const check = checkRun(data);
    const id = (data.id as string | number) ?? null;
    if (!check.ok) return reply(event, { type: 'playground:result', id, results: [failedResult('INVALID_MESSAGE', check.error)] });
    const controller = new AbortController();
    running.set(check.value.id, controller);
    try {
      reply(event, { type: 'playground:result', id, results: await runMessage(playground, check.value, controller.signal) });
    } catch (e) {
      reply(event, { type: 'playground:result', id, results: [failedResult('PLAYGROUND_ERROR', String(e))] });
    } finally {
      if (running.get(check.value.id) === controller) running.delete(check.value.id);
    }
  };

  window.addEventListener('message', onMessage);
  const ready: PlaygroundMessage = { type: 'playground:ready', version: EMBED_VERSION };
  if (announce) {
    target.postMessage(ready, '*');
    opener?.postMessage(ready, '*');
  }
  return () => window.removeEventListener('message', onMessage);
}

/**
 * Posts `playground:resize` to the parent frame whenever the content's height changes, so a host can size the frame
 * to it (public/embed.js does). Nothing is posted when the page is not framed.
 */
export function startResizeReports(content: HTMLElement, target: Window = window.parent): () => void {
  if (target === window) return () => {};
  let last = -1;
  const observer = new ResizeObserver(() => {
    const height = Math.ceil(content.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    const message: PlaygroundMessage = { type: 'playground:resize', height };
    target.postMessage(message, '*');
  });
  observer.observe(content);
  return () => observer.disconnect();
}
