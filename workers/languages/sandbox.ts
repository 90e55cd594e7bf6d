// The script of languages.html (an opaque-origin iframe like sandbox.html): takes the page's MessagePort and runs
// Python, Ruby and Go handlers in classic data: workers, one per language, each started on its first run. The
// workers inherit this document's CSP ('wasm-unsafe-eval', no 'unsafe-eval'): at this origin an interpreter's code
// cannot reach the playground's storage, cookies or the local Node bridge.
import { LANGUAGES_PROTOCOL_VERSION, type Files, type LanguageName, type LanguagesRequest, type LanguagesResponse, type LanguagesRunMessage } from '../protocol';
import { Outbox } from '../shared/outbox';
import { platformErrorEvents } from '../platform-errors';
import { runTimings } from '../shared/timings';
import { LanguageSupervisor, type LanguageSource } from './supervisor';

let port: MessagePort | null = null;

function send(message: LanguagesResponse, transfer: Transferable[] = []): void {
  port?.postMessage(message, transfer);
}

/** How long run messages may wait for the rest of a run (its head, body and end) before they go to the page. */
const HOLD_MS = 1;

// As the edge sandbox does: while runs are in flight their next messages are due soon, so one message carries them.
const outbox = new Outbox<LanguagesRunMessage>(send, { hold: { while: () => supervisor.inFlight > 0, maxMs: HOLD_MS } });

/** Each worker's script is its own chunk, fetched on the language's first run. */
const scripts: Record<LanguageName, () => Promise<string>> = {
  python: () => import('virtual:language-worker/python').then((m) => m.default),
  ruby: () => import('virtual:language-worker/ruby').then((m) => m.default),
  go: () => import('virtual:language-worker/go').then((m) => m.default),
};

// Absolute: a data: worker has no base URL of its own. The assets are served beside this document.
const source = (language: LanguageName): LanguageSource => ({ script: scripts[language], assetBase: new URL(`languages/${language}/`, location.href).href });
const supervisor = new LanguageSupervisor({ python: source('python'), ruby: source('ruby'), go: source('go') }, (message, transfer) => {
  if (message.type !== 'started' && message.type !== 'event') return send(message, transfer);
  outbox.push(message, transfer);
  // The last run's end: nothing more is coming, so it goes now rather than a task later.
  if (message.type === 'event' && message.event.type === 'end' && supervisor.inFlight === 0) outbox.flush();
});

/** The project of each language's last invoke: the page sends `files` only when they changed since. */
const projects = new Map<LanguageName, Files>();

function handle(message: LanguagesRequest): void {
  switch (message.type) {
    case 'ping':
      return send({ type: 'pong', n: message.n });
    case 'invoke': {
      if (message.files) projects.set(message.language, message.files);
      const files = projects.get(message.language);
      if (!files) {
        // The page believes this sandbox has the project, which it never sent: a bug of the page, said as such.
        const events = platformErrorEvents(500, 'FUNCTION_INVOCATION_FAILED', 'The languages sandbox has no project for this run (the page sent none).', 0);
        for (const event of [...events, { type: 'end' as const, timings: runTimings() }]) outbox.push({ type: 'event', runId: message.runId, event });
        return;
      }
      void supervisor.invoke(message.runId, message.language, files, message.entry, message.request, message.env, message.limits);
      return;
    }
    case 'cancel':
      return supervisor.cancel(message.runId);
    case 'direct-run':
      return supervisor.directRun(message.runId, message.language, message.workerId, message.maxDurationMs);
    case 'direct-done':
      return supervisor.directDone(message.runId);
    case 'batch':
      for (const m of message.messages) handle(m);
  }
}

// Only the embedding page may connect, and only once.
window.addEventListener('message', (event) => {
  if (port || event.source !== window.parent || !event.ports[0]) return;
  port = event.ports[0];
  port.onmessage = (e: MessageEvent<LanguagesRequest>) => handle(e.data);
  send({ type: 'ready', version: LANGUAGES_PROTOCOL_VERSION });
});
