// The Node.js runtime as the store holds it: its code (harness client, hosts) loads on the first Node run or warmup,
// so a page that only runs edge handlers never downloads it and the first paint never waits for it.
import type { Files, RunEvent } from '../../../workers/protocol';
import { errorMessage } from '../../../workers/shared/error-text';
import { runTimings } from '../../../workers/shared/timings';
import type { NodeRuntime, NodeRuntimeOptions } from './node';
import { IDLE_NODE_STATUS, type NodeRuntimeStatus } from './node-status';
import { StatusCell } from '../status-cell';
import type { Invocation, Runtime } from './runtime';

export type LazyNodeRuntimeOptions = Omit<NodeRuntimeOptions, 'host'> & Partial<Pick<NodeRuntimeOptions, 'host'>>;

export class LazyNodeRuntime implements Runtime {
  readonly name = 'nodejs' as const;
  #options: LazyNodeRuntimeOptions;
  #runtime: Promise<NodeRuntime> | null = null;
  #loaded: NodeRuntime | null = null;
  /** A copy of the loaded runtime's status. */
  readonly #status = new StatusCell<NodeRuntimeStatus>(IDLE_NODE_STATUS);

  constructor(options: LazyNodeRuntimeOptions) {
    this.#options = options;
  }

  get status(): NodeRuntimeStatus {
    return this.#status.value;
  }

  onStatus(listener: (status: NodeRuntimeStatus) => void): () => void {
    return this.#status.subscribe(listener);
  }

  /** A new project (embed `load`, a share link): the next run gets a new id at the host and a fresh process. */
  switchProject(): void {
    if (this.#runtime) void this.#runtime.then((runtime) => runtime.switchProject(), () => {});
  }

  #load(): Promise<NodeRuntime> {
    this.#runtime ??= Promise.all([import('./node'), import('./hosts/select')]).then(([{ NodeRuntime }, { selectNodeHost }]) => {
      const runtime = new NodeRuntime({ host: (onStatus, onMove) => selectNodeHost({ onStatus, onMove }), ...this.#options });
      runtime.onStatus((status) => this.#status.set(status));
      this.#loaded = runtime;
      return runtime;
    });
    this.#runtime.catch(() => (this.#runtime = null)); // a chunk that failed to load is fetched again next time
    return this.#runtime;
  }

  /** Chooses and boots the host ahead of the first run. */
  warmup(): void {
    void this.#load().then((runtime) => runtime.warmup(), () => {});
  }

  /** Installs npm packages for an edge build and hands their files (NodeRuntime.packageFiles); loads the runtime. */
  packageFiles(names: string[], log: (line: string) => void): ReturnType<NodeRuntime['packageFiles']> {
    return this.#load().then((runtime) => runtime.packageFiles(names, log));
  }

  /** NodeRuntime.knownPackages, once the runtime is loaded. */
  knownPackages(): { names: string[]; files: Files } | undefined {
    return this.#loaded?.knownPackages();
  }

  where(memoryMb?: number): Promise<string> {
    return this.#load().then((runtime) => runtime.where(memoryMb));
  }

  invoke(invocation: Invocation): AsyncIterable<RunEvent> {
    const load = () => this.#load();
    return {
      async *[Symbol.asyncIterator]() {
        let runtime: NodeRuntime;
        try {
          runtime = await load();
        } catch (error) {
          yield { type: 'error', code: 'NODE_RUNTIME_UNAVAILABLE', message: `The Node.js runtime could not load: ${errorMessage(error)}`, t: 0 };
          yield { type: 'end', timings: runTimings() };
          return;
        }
        yield* runtime.invoke(invocation);
      },
    };
  }
}
