// A language worker's two ways in: its parent, the languages sandbox (init, and the runs it relays: a cold run, or one
// sent before the page held a port), and the port the sandbox hands the page once the worker is ready (warm runs,
// straight from the page). Each way keeps its own copy of the project, since a set sent one way says nothing of the
// other, and a run's events go back the way its invoke came.
import type { Files, LanguageDirectRequest, LanguageDirectResponse, LanguageInvoke, LanguageWorkerRequest, LanguageWorkerResponse, RunEvent } from '../protocol';
import { ProjectFiles } from './project-files';

/** One run's events, back the way it came; `transfer` only buffers the worker gives away (never wasm memory). */
export type SendEvent = (event: RunEvent, transfer?: Transferable[]) => void;

export interface LanguageWorker {
  init(assetBase: string): void;
  /** Called in the order the invokes arrived on each way in, before any await; `files` is the run's whole project. */
  invoke(message: LanguageInvoke, files: Files, send: SendEvent): void;
}

interface Scope {
  onmessage: ((event: MessageEvent<LanguageWorkerRequest>) => void) | null;
  postMessage(message: LanguageWorkerResponse, transfer: Transferable[]): void;
}

/** Listens on the worker's scope; returns the post to the sandbox (progress, ready, init-failed). */
export function serveLanguage(worker: LanguageWorker): (message: LanguageWorkerResponse) => void {
  const scope = globalThis as unknown as Scope;
  // Held now: user code may replace what is reachable on the global (a Python handler can `import js`).
  const postToSandbox = scope.postMessage.bind(scope);
  const fromSandbox = new ProjectFiles();
  const fromPage = new ProjectFiles();
  scope.onmessage = ({ data }) => {
    switch (data.type) {
      case 'init':
        return worker.init(data.assetBase);
      case 'invoke':
        return worker.invoke(data, fromSandbox.take(data.files), (event, transfer = []) => postToSandbox({ type: 'event', runId: data.runId, event }, transfer));
      case 'connect': {
        const port = data.port;
        const post = port.postMessage.bind(port) as (message: LanguageDirectResponse, transfer: Transferable[]) => void;
        const take = (message: LanguageInvoke) =>
          worker.invoke(message, fromPage.take(message.files), (event, transfer = []) => post({ type: 'event', runId: message.runId, event }, transfer));
        port.onmessage = ({ data }: MessageEvent<LanguageDirectRequest>) => {
          if (data.type === 'batch') for (const message of data.messages) take(message);
          else take(data);
        };
      }
    }
  };
  return (message) => postToSandbox(message, []);
}
