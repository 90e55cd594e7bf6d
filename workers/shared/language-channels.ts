// A language worker's two ways in: its parent, the languages sandbox (init, and the runs it relays: a cold run, or one
// sent before the page held a port), and the port the sandbox hands the page once the worker is ready (warm runs,
// straight from the page). Each way keeps its own copy of the project, since a set sent one way says nothing of the
// other, and a run's events go back the way its invoke came. On the page's way a run's head, body and end go as one
// message where the worker says no user code runs between them: each message costs the page a task.
import type { Files, LanguageDirectRequest, LanguageDirectResponse, LanguageInvoke, LanguageWorkerRequest, LanguageWorkerResponse, RunEvent } from '../protocol';
import { ProjectFiles } from './project-files';

/**
 * One run's events, back the way they came; `transfer` only buffers the worker gives away (never wasm memory). A head,
 * chunk or error waits for the next log, the end or `flush()`, and goes with it: a worker whose events come while user
 * code still runs (a streamed body, then a loop that never ends) flushes after each, so none is held behind it. A log
 * goes at once, so that one printed before a loop that never ends is not lost with the worker, unless the worker
 * holds logs (LanguageOptions): then it flushes them itself while user code runs.
 */
export interface RunReply {
  send(event: RunEvent, transfer?: Transferable[]): void;
  flush(): void;
}

export interface LanguageWorker {
  init(assetBase: string): void;
  /** Called in the order the invokes arrived on each way in, before any await; `files` is the run's whole project. */
  invoke(message: LanguageInvoke, files: Files, reply: RunReply): void;
}

interface Scope {
  onmessage: ((event: MessageEvent<LanguageWorkerRequest>) => void) | null;
  postMessage(message: LanguageWorkerResponse, transfer: Transferable[]): void;
}

export interface LanguageOptions {
  /**
   * Logs wait with the rest too, for one message a run: the worker flushes what is held within some milliseconds
   * while user code runs, even in a loop that never ends (the Python worker hooks the interpreter's periodic check).
   */
  holdLogs?: boolean;
}

/** Listens on the worker's scope; returns the post to the sandbox (progress, ready, init-failed). */
export function serveLanguage(worker: LanguageWorker, { holdLogs = false }: LanguageOptions = {}): (message: LanguageWorkerResponse) => void {
  const scope = globalThis as unknown as Scope;
  // Held now: user code may replace what is reachable on the global (a Python handler can `import js`).
  const postToSandbox = scope.postMessage.bind(scope);
  const fromSandbox = new ProjectFiles();
  const fromPage = new ProjectFiles();
  scope.onmessage = ({ data }) => {
    switch (data.type) {
      case 'init':
        return worker.init(data.assetBase);
      case 'invoke': {
        // The sandbox relays each event as it comes (a cold run's path): nothing is held.
        const runId = data.runId;
        return worker.invoke(data, fromSandbox.take(data.files), { send: (event, transfer = []) => postToSandbox({ type: 'event', runId, event }, transfer), flush() {} });
      }
      case 'connect': {
        const port = data.port;
        const post = port.postMessage.bind(port) as (message: LanguageDirectResponse, transfer: Transferable[]) => void;
        const take = (message: LanguageInvoke) => worker.invoke(message, fromPage.take(message.files), heldReply(message.runId, post, holdLogs));
        port.onmessage = ({ data }: MessageEvent<LanguageDirectRequest>) => {
          if (data.type === 'batch') for (const message of data.messages) take(message);
          else take(data);
        };
      }
    }
  };
  return (message) => postToSandbox(message, []);
}

/** The page's way: held events go in one message (LanguageDirectResponse's batch) with the one that releases them. */
function heldReply(runId: string, post: (message: LanguageDirectResponse, transfer: Transferable[]) => void, holdLogs: boolean): RunReply {
  let held: LanguageDirectResponse[] = [];
  let transfers: Transferable[] = [];
  const flush = () => {
    if (held.length === 0) return;
    const messages = held;
    held = [];
    post(messages.length === 1 ? messages[0] : { type: 'batch', messages }, transfers);
    transfers = [];
  };
  return {
    send(event, transfer = []) {
      const atOnce = event.type === 'log' && !holdLogs;
      if (atOnce) flush();
      held.push({ type: 'event', runId, event });
      transfers.push(...transfer);
      if (atOnce || event.type === 'end') flush();
    },
    flush,
  };
}
