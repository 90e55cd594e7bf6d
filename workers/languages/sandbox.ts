// The script of languages.html (an opaque-origin iframe like sandbox.html): takes the page's MessagePort and runs
// Python, Ruby and Go handlers in classic data: workers, one per language, each started on its first run. The
// workers inherit this document's CSP ('wasm-unsafe-eval', no 'unsafe-eval'): at this origin an interpreter's code
// cannot reach the playground's storage, cookies or the local Node bridge.
import { LANGUAGES_PROTOCOL_VERSION, type LanguageName, type LanguagesRequest, type LanguagesResponse } from '../protocol';
import { LanguageSupervisor, type LanguageSource } from './supervisor';

let port: MessagePort | null = null;

function send(message: LanguagesResponse, transfer: Transferable[] = []): void {
  port?.postMessage(message, transfer);
}

/** Each worker's script is its own chunk, fetched on the language's first run. */
const scripts: Record<LanguageName, () => Promise<string>> = {
  python: () => import('virtual:language-worker/python').then((m) => m.default),
  ruby: () => import('virtual:language-worker/ruby').then((m) => m.default),
  go: () => import('virtual:language-worker/go').then((m) => m.default),
};

// Absolute: a data: worker has no base URL of its own. The assets are served beside this document.
const source = (language: LanguageName): LanguageSource => ({ script: scripts[language], assetBase: new URL(`languages/${language}/`, location.href).href });
const supervisor = new LanguageSupervisor({ python: source('python'), ruby: source('ruby'), go: source('go') }, send);

function handle(message: LanguagesRequest): void {
  switch (message.type) {
    case 'ping':
      return send({ type: 'pong', n: message.n });
    case 'invoke':
      void supervisor.invoke(message.runId, message.language, message.files, message.entry, message.request, message.env, message.deadlines);
      return;
    case 'cancel':
      return supervisor.cancel(message.runId);
  }
}

// Only the embedding page may connect, and only once.
window.addEventListener('message', (event) => {
  if (port || event.source !== window.parent || !event.ports[0]) return;
  port = event.ports[0];
  port.onmessage = (e: MessageEvent<LanguagesRequest>) => handle(e.data);
  send({ type: 'ready', version: LANGUAGES_PROTOCOL_VERSION });
});
