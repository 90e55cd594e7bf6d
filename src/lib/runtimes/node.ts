// The Node.js runtime on the page: runs a bundle in the Node harness through whichever NodeHost was chosen, keeping one
// warm process per project and bundle (module state persists between requests, G25; the middleware's bundle is loaded
// beside the route's, as `next start` serves both from one process), installing the npm packages the
// bundle imports. Nothing of one project or run reaches another: a new project, a changed bundle, a run that timed out
// and a stopped run each leave the next run a fresh process (their timers and patched globals die with the old one).
import type { Files, RunEvent, Timings } from '../../../workers/protocol';
import { HarnessClient } from '../../../workers/node-harness/client';
import { harnessMarker, randomMarkerToken } from '../../../workers/node-harness/framing';
import { seconds } from '../../../workers/shared/duration';
import { errorMessage } from '../../../workers/shared/error-text';
import { runTimings } from '../../../workers/shared/timings';
import { EventQueue } from '../../../workers/shared/event-queue';
import type { HostProcess, HostStatus, NodeHost, NodeHostKind } from './hosts/node-host';
import { declaredVersions, dependenciesFor } from './node-imports';
import type { Invocation, Runtime } from './runtime';
import { StatusCell } from '../status-cell';
import { IDLE_NODE_STATUS, type NodeRuntimeStatus } from './node-status';
import { functionConfigFor, readVercelProject, type BuildScript } from '../project/vercel-config';
import { includedFiles } from '../project/vercel-includes';
import { loadGlobsFor } from '../project/glob';

export type { NodeRuntimePhase, NodeRuntimeStatus } from './node-status';

export interface NodeRuntimeOptions {
  /**
   * Chooses and boots the host on the first Node run (hosts/select.ts); called once, told of each host's progress.
   * `onMove` hands over a host that became ready later (a WebContainer after the local host ran first): the next run
   * moves to it.
   */
  host: (onStatus: (status: HostStatus, kind: NodeHostKind) => void, onMove: (host: NodeHost) => void) => Promise<NodeHost>;
  /** The project's id at the host: its process, its directory and its node_modules. @default a random id */
  projectId?: string;
  /**
   * Asked before a run uses the local host (code on this machine): null lets it run, a message refuses it with
   * NODE_HOST_CONSENT_REQUIRED (a project from a link or another origin that the person has not allowed yet).
   */
  localRunBlocked?: () => string | null;
  /** The same question without asking the person (before a spare process starts). @default localRunBlocked() === null */
  localRunAllowed?: () => boolean;
  /**
   * The project's files: its package.json gives the version ranges of the npm packages a bundle imports (others get
   * `latest`), and the rest are written beside the bundle, so a handler can read its data files as on Vercel.
   */
  projectFiles?: () => Files;
  /** After maxDuration, how long the harness may take to answer 504 itself before its process is killed. @default 1000 */
  killGraceMs?: number;
  /** How long a new process may take to say hello. @default 20000 */
  helloTimeoutMs?: number;
}

/** The harness slot of a run's bundle (HarnessSlot): the middleware's, or the route's. */
type Slot = 'middleware' | 'route';

interface Warm {
  process: HostProcess;
  client: HarnessClient;
  memoryMb: number;
  /** What is loaded, by slot: a new key means a new `load`, the same key keeps the module (and its state). */
  bundleKeys: Map<Slot, string>;
  /** Why it is being killed, for the other runs in flight. */
  killReason: string | null;
  gone: boolean;
  /** Takes no new runs: a run on it timed out or was stopped; it is killed once its other runs end. */
  retiring: boolean;
  /** Output outside the protocol, shown in this process's next run. */
  stray: string[];
  /** Spawn → hello, measured. */
  processStartMs: number;
}

interface Prepared {
  warm: Warm;
  slot: Slot;
  timings: Partial<Timings>;
  spawnedAt: number | null;
}

class HostError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const STRAY_LINES_KEPT = 50;

/** A project id nobody can guess: hosts key processes and folders by it. */
function newProjectId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return 'p-' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
/** Quiet after a run that took a fresh process, before the next spare starts (its start takes a core for a while). */
const SPARE_AFTER_MS = 300;
/** How long a stopped run may take to end before its process is taken for stuck in synchronous code. */
const CANCEL_GRACE_MS = 500;

function bundleKey(invocation: Invocation, files: Files): string {
  const { code, kind, path, env, next, limits } = invocation;
  const sorted = (record: Record<string, string>) =>
    Object.keys(record)
      .sort()
      .map((k) => [k, record[k]]);
  return JSON.stringify([kind, path, sorted(env), next ?? null, limits.node.maxPayloadBytes, sorted(files)]) + '\n' + code;
}

/** What a build script is given: the project as it is, less installed packages (the host's npm install owns those). */
function buildInputs(files: Files): Files {
  return Object.fromEntries(Object.entries(files).filter(([path]) => !path.split('/').includes('node_modules')));
}

const sortedEntries = (files: Files) => Object.keys(files).sort().map((k) => [k, files[k]]);

export class NodeRuntime implements Runtime {
  readonly name = 'nodejs' as const;
  #options: NodeRuntimeOptions;
  #projectId: string;
  #host: Promise<NodeHost> | null = null;
  /** A host that became ready after the first was chosen: the next run's preparation moves there. */
  #moveTo: NodeHost | null = null;
  #unsubscribeHost: () => void = () => {};
  /** Choosing and booting the host (failed tries included); reported on the first run that waited for it. */
  #hostBootMs: number | null = null;
  #warm: Warm | null = null;
  /** Install, spawn and load happen one run at a time; the requests themselves may overlap. */
  #preparing: Promise<unknown> = Promise.resolve();
  #installed: Record<string, string> = {};
  /** Package files handed to edge builds, by installed set and names: fetched once while neither changes. */
  #packageFiles = new Map<string, Files>();
  /** The last package files handed out, and for which packages: the next edge build of this project starts with them. */
  #lastPackages: { names: string[]; files: Files } | null = null;
  /** The last vercel-build's outputs, by what it was given: it runs once per change of the project. */
  #built: { key: string; files: Files } | null = null;
  #nextRunId = 1;
  /**
   * A fresh process nobody has run code in, for the next run that needs one (the project's first, or the first of a
   * new bundle): started while that run's handler compiles, or once a run took the last one. The run's preparation
   * takes it instead of waiting for a spawn.
   */
  #spare: Promise<Warm | null> | null = null;
  /** After a run took a fresh process: where to start the next spare once the run has ended. */
  #spareNext: { host: NodeHost; memoryMb: number } | null = null;
  /** Processes of this runtime not yet exited (or being started). */
  #alive = 0;
  /** Counts dispose() and switchProject() calls: a spare scheduled before one is not started after it. */
  #epoch = 0;
  /** Settles when a stopped run has ended or its process was killed (the next run waits for that). */
  #settling: Promise<unknown> = Promise.resolve();
  readonly #status = new StatusCell<NodeRuntimeStatus>(IDLE_NODE_STATUS);

  constructor(options: NodeRuntimeOptions) {
    this.#options = options;
    this.#projectId = options.projectId ?? newProjectId();
  }

  /** A new project: a new id at the host (its own folder and packages), and its old process is killed. */
  switchProject(): void {
    this.#epoch++;
    this.#projectId = newProjectId();
    this.#installed = {};
    this.#packageFiles.clear();
    this.#lastPackages = null;
    this.#built = null;
    const warm = this.#warm;
    this.#warm = null;
    if (warm) this.#settling = Promise.all([this.#settling, this.#kill(warm, 'Another project was loaded.')]);
    // Not waited for: it may still be starting, and it never ran code (the bridge removes its project's folder too).
    void this.#dropSpare('Another project was loaded.');
  }

  get status(): NodeRuntimeStatus {
    return this.#status.value;
  }

  onStatus(listener: (status: NodeRuntimeStatus) => void): () => void {
    return this.#status.subscribe(listener);
  }

  #setStatus(change: Partial<NodeRuntimeStatus>): void {
    this.#status.set({ ...this.#status.value, ...change });
  }

  /** Chooses and boots the host (once). */
  #ensureHost(): Promise<NodeHost> {
    if (!this.#host) {
      const host = (this.#host = this.#chooseHost());
      // Each run reports the failure itself, and the next run tries again: a WebContainer that booted late is adopted
      // then, and a bridge that refused this page while another browser's processes ran may let it in now.
      host.catch(() => {
        if (this.#host === host) this.#host = null;
      });
    }
    return this.#host;
  }

  async #chooseHost(): Promise<NodeHost> {
    const t0 = performance.now();
    this.#setStatus({ phase: 'booting', message: 'Choosing a Node.js host…' });
    try {
      const host = await this.#options.host(
        (s, kind) => this.#setStatus({ phase: s.phase, message: s.message, host: kind }),
        (later) => {
          this.#moveTo = later;
          const what = later.kind === 'webcontainer' ? 'the WebContainer' : `the ${later.kind} host`;
          this.#setStatus({ phase: 'ready', message: `Ready: ${what} booted, the next run moves to it.`, reason: `${this.#status.value.reason ?? ''}; ${what} booted, the next run moves to it` });
        },
      );
      await host.boot();
      this.#hostBootMs = performance.now() - t0;
      this.#follow(host);
      return host;
    } catch (error) {
      const message = errorMessage(error);
      this.#setStatus({ phase: 'failed', message });
      throw new HostError('NODE_HOST_UNAVAILABLE', message);
    }
  }

  /** Shows `host`'s status and reason from now on (and no other host's). */
  #follow(host: NodeHost): void {
    this.#unsubscribeHost();
    this.#setStatus({ host: host.kind, reason: host.reason });
    this.#unsubscribeHost = host.onStatus((s) => this.#setStatus({ phase: s.phase, message: s.message, host: host.kind, reason: host.reason }));
  }

  /**
   * Runs go to `host` from now on: the process on the old host goes once its runs have ended, and what was installed
   * or built there is done again on the new one.
   */
  #moveHost(host: NodeHost): void {
    this.#host = Promise.resolve(host);
    this.#installed = {};
    this.#packageFiles.clear();
    this.#lastPackages = null;
    this.#built = null;
    const warm = this.#warm;
    if (warm) {
      this.#retire(warm);
      if (warm.client.openRuns.length === 0) void this.#kill(warm, 'Node.js moved to another host.');
    }
    void this.#dropSpare('Node.js moved to another host.');
    this.#follow(host);
  }

  /** Boots the host ahead of the first run (idle time after the page is ready). Never throws. */
  warmup(): void {
    void this.#ensureHost().catch(() => {});
  }

  /**
   * Where Node runs, for the run's reason: `local node v20.20.2`, or `no Node host`. Boots the host, and (given the
   * run's memory) starts a spare process while its handler compiles, so a run that needs a fresh one finds it ready.
   */
  async where(memoryMb?: number): Promise<string> {
    try {
      const host = await this.#ensureHost();
      if (memoryMb !== undefined) this.#startSpare(host, memoryMb);
      return host.reason;
    } catch {
      // The run's error says why; the reason beside it need not say it again.
      return 'no Node host';
    }
  }

  invoke(invocation: Invocation): AsyncIterable<RunEvent> {
    const queue = new EventQueue<RunEvent>();
    void this.#run(invocation, queue).catch((error: unknown) => {
      // A bug here must still end the run.
      queue.push({ type: 'error', code: 'NODE_RUNTIME_FAILED', message: errorMessage(error), t: 0 });
      queue.push({ type: 'end', timings: runTimings() });
      queue.close();
    });
    return queue;
  }

  /**
   * Only where the page may run code on that host, and where the host keeps it beside the others: the local bridge
   * keeps two processes a project (PROCESSES_PER_PROJECT), other hosts one, so there a spare is only ever the first.
   */
  #startSpare(host: NodeHost, memoryMb: number): void {
    if (this.#spare || this.#moveTo || this.#alive >= (host.kind === 'local' ? 2 : 1)) return;
    if (host.kind === 'local' && !(this.#options.localRunAllowed?.() ?? this.#options.localRunBlocked?.() == null)) return;
    this.#spare = this.#settling.then(() => this.#spawn(host, memoryMb, 'spare')).catch(() => null);
  }

  /** The spare, once started, when it fits this run (else it goes); null: the run starts a process itself. */
  async #takeSpare(memoryMb: number): Promise<Warm | null> {
    const pending = this.#spare;
    this.#spare = null;
    const spare = await pending;
    if (!spare || spare.gone) return null;
    if (spare.memoryMb === memoryMb) return spare;
    await this.#kill(spare, 'The plan changed: a process with the new memory limit replaces this one.');
    return null;
  }

  /** Kills the spare (a new project, a new host, the end). */
  async #dropSpare(reason: string): Promise<void> {
    const pending = this.#spare;
    this.#spare = null;
    const spare = await pending;
    if (spare) await this.#kill(spare, reason);
  }

  /** Kills the warm process (the next run starts a fresh one). */
  async dispose(): Promise<void> {
    this.#epoch++;
    await this.#dropSpare('The Node.js runtime was stopped.');
    const warm = this.#warm;
    this.#warm = null;
    if (warm) await this.#kill(warm, 'The Node.js runtime was stopped.');
  }

  async #run(invocation: Invocation, queue: EventQueue<RunEvent>): Promise<void> {
    const t0 = performance.now();
    const { signal, limits } = invocation;
    const endNow = (events: RunEvent[], timings: Partial<Timings> = {}) => {
      for (const event of events) queue.push(event);
      queue.push({ type: 'end', timings: runTimings({ totalMs: performance.now() - t0, ...timings }) });
      queue.close();
    };
    const cancelled = (): RunEvent => ({ type: 'error', code: 'CANCELLED', message: 'The run was stopped.', t: performance.now() - t0 });
    if (signal?.aborted) return endNow([cancelled()]);

    let prepared: Prepared;
    try {
      const step = this.#preparing.catch(() => {}).then(() => this.#prepare(invocation, (line) => queue.push({ type: 'log', level: 'info', text: line, t: performance.now() - t0 })));
      this.#preparing = step;
      prepared = await step;
    } catch (error) {
      const code = error instanceof HostError ? error.code : 'NODE_HOST_FAILED';
      return endNow([{ type: 'error', code, message: errorMessage(error), t: performance.now() - t0 }]);
    }
    if (signal?.aborted) return endNow([cancelled()], prepared.timings);

    const { warm, slot, spawnedAt } = prepared;
    const runId = this.#nextRunId++;
    for (const text of warm.stray.splice(0)) queue.push({ type: 'log', level: 'log', text, t: performance.now() - t0 });
    const deadlineMs = limits.node.maxDurationMs;
    const killGraceMs = this.#options.killGraceMs ?? 1000;
    // The harness answers 504 itself unless synchronous code blocks its event loop; then the process is killed.
    const killTimer = setTimeout(() => {
      warm.client.fail(
        runId,
        504,
        'FUNCTION_INVOCATION_TIMEOUT',
        `The function did not respond within ${seconds(deadlineMs)}, its maxDuration. Its process was stuck in synchronous code, so it was killed; the next run starts a new one.`,
      );
      void this.#kill(warm, `Another run on this process hit its maxDuration in synchronous code, so the process was killed.`);
    }, deadlineMs + killGraceMs);
    let ended!: () => void;
    const runEnded = new Promise<void>((resolve) => (ended = resolve));
    const onAbort = () => {
      warm.client.cancel(runId);
      // A handler in a synchronous loop never sees the cancel: the next run must not queue behind it.
      this.#settling = Promise.race([
        runEnded,
        new Promise<void>((resolve) => setTimeout(resolve, CANCEL_GRACE_MS)).then(() =>
          warm.client.openRuns.includes(runId) ? this.#kill(warm, 'A stopped run kept its process busy in synchronous code, so the process was killed.') : undefined,
        ),
      ]);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    let leftovers = false;
    try {
      const events = warm.client.invoke(runId, invocation.request, { ...(slot === 'middleware' ? { slot } : {}), deadlineMs, maxPayloadBytes: limits.node.maxPayloadBytes, maxRequestBodyBytes: limits.node.maxRequestBodyBytes, ...(invocation.prerender ? { prerender: true } : {}) });
      for await (const event of events) {
        if (event.type === 'head' && spawnedAt !== null) prepared.timings.coldStartMs = performance.now() - spawnedAt;
        if (event.type === 'error' && (event.code === 'FUNCTION_INVOCATION_TIMEOUT' || event.code === 'CANCELLED')) leftovers = true;
        if (event.type === 'end') {
          queue.push({ type: 'end', timings: { ...event.timings, ...prepared.timings, roundTripMs: performance.now() - t0 } });
        } else queue.push(event);
      }
    } finally {
      ended();
      clearTimeout(killTimer);
      // This run took a fresh process: the next one that needs one (an edit's) finds a spare, started in the quiet
      // after it (a run that comes first starts one itself, beside its build).
      const next = this.#spareNext;
      this.#spareNext = null;
      if (next) {
        const runs = this.#nextRunId;
        const epoch = this.#epoch;
        setTimeout(() => this.#nextRunId === runs && this.#epoch === epoch && this.#startSpare(next.host, next.memoryMb), SPARE_AFTER_MS);
      }
      signal?.removeEventListener('abort', onAbort);
      queue.close();
      // What a timed-out or stopped run left running (timers, sockets, a promise that settles later) would log into
      // the next run: that run gets a fresh process, and this one goes once its other runs have ended.
      if (leftovers || signal?.aborted) this.#retire(warm);
      if (warm.retiring && warm.client.openRuns.length === 0) void this.#kill(warm, 'A run on this process timed out or was stopped.');
    }
  }

  #retire(warm: Warm): void {
    warm.retiring = true;
    if (this.#warm === warm) this.#warm = null;
  }

  /** Host, packages, process, bundle: whatever this run needs that is not there yet. */
  async #prepare(invocation: Invocation, log: (line: string) => void): Promise<Prepared> {
    const timings: Partial<Timings> = { cold: false };
    await this.#settling;
    if (this.#moveTo) {
      this.#moveHost(this.#moveTo);
      this.#moveTo = null;
    }
    const host = await this.#ensureHost();
    const blocked = host.kind === 'local' ? (this.#options.localRunBlocked?.() ?? null) : null;
    if (blocked !== null) throw new HostError('NODE_HOST_CONSENT_REQUIRED', blocked);
    if (this.#hostBootMs !== null) {
      timings.hostBootMs = this.#hostBootMs;
      this.#hostBootMs = null;
    }

    const projectFiles = this.#options.projectFiles?.() ?? {};
    await loadGlobsFor(projectFiles);
    const project = readVercelProject(projectFiles);
    const vercel = project.ok ? project.value : null;
    const declared = declaredVersions(projectFiles);
    // Vercel installs every dependency package.json declares before its build script; without one, the playground
    // installs only what the bundle imports (the rest could not change the answer).
    const wanted = dependenciesFor(invocation.code, declared);
    await this.#install(host, vercel?.build ? { ...declared, ...wanted } : wanted, log, timings);

    let warm: Warm | null = this.#warm;
    if (warm && warm.memoryMb !== invocation.limits.node.memoryMb) {
      await this.#kill(warm, 'The plan changed: a process with the new memory limit replaces this one.');
      warm = null;
    }
    let spawnedAt: number | null = null;
    // As Vercel builds the function: its build script first, then only the files Vercel would put beside it.
    const built = vercel?.build ? await this.#build(host, projectFiles, vercel.build, invocation.limits.node.memoryMb, log) : {};
    const config = vercel ? (functionConfigFor(vercel.functions, invocation.path)?.config ?? null) : null;
    const { included: files, omitted } = includedFiles({ ...projectFiles, ...built }, invocation.path, invocation.code, config);
    const key = bundleKey(invocation, files);
    const slot: Slot = invocation.kind === 'middleware' ? 'middleware' : 'route';
    // A changed bundle is a new deployment: the old module's timers, listeners and patched globals must not reach it.
    const loadedKey = warm?.bundleKeys.get(slot);
    if (warm && loadedKey !== undefined && loadedKey !== key) {
      await this.#kill(warm, 'The bundle changed: a fresh process runs the new one.');
      warm = null;
    }
    // A process that dies while its bundle loads (killed, crashed at import) is replaced once.
    for (let attempt = 0; ; attempt++) {
      if (!warm || warm.gone || warm.retiring) {
        const memoryMb = invocation.limits.node.memoryMb;
        this.#setStatus({ phase: 'starting', message: 'Starting a Node.js process…' });
        const spare = await this.#takeSpare(memoryMb);
        spawnedAt = performance.now();
        warm = spare ?? (await this.#spawn(host, memoryMb));
        // A spare's cold start is its measured start, then this run's load and head, not the time it waited between.
        if (spare) {
          this.#warm = spare;
          spawnedAt -= spare.processStartMs;
        }
        timings.processStartMs = warm.processStartMs;
        timings.cold = true;
        this.#spareNext = { host, memoryMb };
        this.#setStatus({ phase: 'ready', message: `Ready: ${host.reason}, process started in ${Math.round(timings.processStartMs)} ms` });
      }
      if (warm.bundleKeys.get(slot) === key) break;
      if (omitted.length && attempt === 0) {
        log(`Not beside ${invocation.path} (Vercel includes only files its includeFiles glob or a literal path such as path.join(__dirname, '…') names): ${omitted.join(', ')}`);
      }
      const { code, kind, path, env, next, limits } = invocation;
      // A failed load is not an error here: every invoke then answers 500 with the load's error, as on Vercel.
      const loaded = await warm.client.load({ ...(slot === 'middleware' ? { slot } : {}), code, kind, path, env, files, maxPayloadBytes: limits.node.maxPayloadBytes, ...(next ? { next } : {}) }).then(
        () => true,
        () => false,
      );
      if (loaded || attempt > 0 || !warm.gone) {
        warm.bundleKeys.set(slot, key);
        timings.cold = true; // a module loaded for this run: the route's first run beside a warm middleware is cold too
        break;
      }
    }
    return { warm, slot, timings, spawnedAt };
  }

  /** Runs the project's build script unless it ran on these files already; its outputs, or Vercel's failure message. */
  async #build(host: NodeHost, projectFiles: Files, script: BuildScript, memoryMb: number, log: (line: string) => void): Promise<Files> {
    const inputs = buildInputs(projectFiles);
    const key = JSON.stringify([script, sortedEntries(inputs)]);
    if (this.#built?.key === key) return this.#built.files;
    if (!host.build) {
      throw new HostError('BUILD_SCRIPT_UNSUPPORTED', `The ${host.kind} Node.js host cannot run the "${script.name}" script yet, so ${script.command} does not run and the function is not served; the local host runs it.`);
    }
    this.#setStatus({ phase: 'starting', message: `Running "${script.command}"…` });
    const outcome = await host.build(this.#projectId, { files: inputs, script: script.script, command: script.command, memoryMb }, log);
    this.#setStatus({ phase: 'ready', message: outcome.ok ? `Built: ${script.command}` : outcome.error });
    if (!outcome.ok) {
      const exit = /exited with (\S+)$/.exec(outcome.error);
      throw new HostError(exit ? `BUILD_UTILS_SPAWN_${exit[1]}` : 'BUILD_FAILED', outcome.error);
    }
    for (const left of outcome.left) log(`${script.command}: ${left} is not handed to the function here`);
    this.#built = { key, files: outcome.files };
    return outcome.files;
  }

  /**
   * For an edge build that imports npm packages (Next bundles them into the edge function): installs `names` as a
   * Node.js run installs its imports (the same host, project folder, npm install and consent gate), then hands their
   * installed files and their dependencies'. The same set is fetched once per project while the install stays as it is.
   */
  packageFiles(names: string[], log: (line: string) => void): Promise<{ files: Files; installMs?: number; fetchMs: number }> {
    const step = this.#preparing.catch(() => {}).then(() => this.#edgePackages(names, log));
    this.#preparing = step;
    return step;
  }

  async #edgePackages(names: string[], log: (line: string) => void): Promise<{ files: Files; installMs?: number; fetchMs: number }> {
    const host = await this.#ensureHost();
    const blocked = host.kind === 'local' ? (this.#options.localRunBlocked?.() ?? null) : null;
    if (blocked !== null) throw new HostError('NODE_HOST_CONSENT_REQUIRED', blocked);
    if (!host.packageFiles) throw new HostError('EDGE_PACKAGES_UNAVAILABLE', `The ${host.kind} Node.js host cannot hand installed packages to an edge build.`);
    const versions = declaredVersions(this.#options.projectFiles?.() ?? {});
    const timings: Partial<Timings> = {};
    await this.#install(host, Object.fromEntries(names.map((name) => [name, versions[name] ?? 'latest'])), log, timings);
    const installed = Object.fromEntries(names.map((name) => [name, this.#installed[name]]));
    const key = JSON.stringify(Object.entries(installed).sort());
    const kept = this.#packageFiles.get(key);
    if (kept) {
      this.#lastPackages = { names, files: kept };
      return { files: kept, ...timings, fetchMs: 0 };
    }
    const t0 = performance.now();
    let files: Files;
    try {
      files = await host.packageFiles(this.#projectId, names);
    } catch (error) {
      throw new HostError('EDGE_PACKAGES_FAILED', errorMessage(error));
    }
    this.#packageFiles.set(key, files);
    this.#lastPackages = { names, files };
    return { files, ...(timings.installMs !== undefined ? { installMs: timings.installMs } : {}), fetchMs: performance.now() - t0 };
  }

  /**
   * The package files this project's last edge build got, while what the project's package.json asks for is still
   * what is installed: a build can start with them and ask packageFiles only for what they lack.
   */
  knownPackages(): { names: string[]; files: Files } | undefined {
    const last = this.#lastPackages;
    if (!last) return undefined;
    const versions = declaredVersions(this.#options.projectFiles?.() ?? {});
    return last.names.every((name) => this.#installed[name] === (versions[name] ?? 'latest')) ? last : undefined;
  }

  /** Installs the npm packages a run needs unless they are installed already (cached for the page's life). */
  async #install(host: NodeHost, wanted: Record<string, string>, log: (line: string) => void, timings: Partial<Timings>): Promise<void> {
    const missing = Object.entries(wanted).filter(([name, version]) => this.#installed[name] !== version);
    if (missing.length === 0) return;
    // Everything installed so far stays: switching between handlers does not reinstall.
    const all = { ...this.#installed, ...wanted };
    const t0 = performance.now();
    log(`npm install ${missing.map(([n, v]) => `${n}@${v}`).join(' ')}`);
    try {
      await host.install(this.#projectId, all, (line) => log(`npm: ${line}`));
    } catch (error) {
      throw new HostError('NPM_INSTALL_FAILED', `npm install failed: ${errorMessage(error)}`);
    }
    timings.installMs = performance.now() - t0;
    const changed = missing.some(([name]) => name in this.#installed);
    this.#installed = all;
    this.#packageFiles.clear(); // npm may have moved or updated what an earlier set depended on
    this.#lastPackages = null;
    // A package the process already imported stays cached in it at its old version: start a fresh one.
    if (changed && this.#warm) {
      await this.#kill(this.#warm, 'npm packages changed: a fresh process replaces this one.');
      this.#warm = null;
    }
  }

  /** A new process: the warm one for a run (`run`), or the spare, kept aside until a run takes it. */
  async #spawn(host: NodeHost, memoryMb: number, role: 'run' | 'spare' = 'run'): Promise<Warm> {
    const token = randomMarkerToken();
    const projectId = this.#projectId;
    const t0 = performance.now();
    let process: HostProcess;
    this.#alive++;
    try {
      process = await host.spawn(projectId, { memoryMb, markerToken: token });
    } catch (error) {
      this.#alive--;
      throw new HostError('NODE_PROCESS_FAILED', errorMessage(error));
    }
    const client = new HarnessClient({
      marker: harnessMarker(token),
      write: (line) => process.write(line),
      onStray: (text) => {
        if (warm.stray.length < STRAY_LINES_KEPT) warm.stray.push(text);
      },
      onProtocolError: (message) => console.warn('Node harness protocol error:', message),
    });
    const warm: Warm = { process, client, memoryMb, bundleKeys: new Map(), killReason: null, gone: false, retiring: false, stray: [], processStartMs: 0 };
    process.onOutput((text) => client.push(text));
    void process.exited.then((code) => {
      this.#alive--;
      warm.gone = true;
      if (this.#warm === warm) this.#warm = null;
      const message =
        warm.killReason ??
        (code === 134 || code === null
          ? `The Node.js process died while the function ran (${code === null ? 'killed' : 'exit code 134'}): most likely it ran out of memory (the plan gives it ${memoryMb} MB).`
          : `The Node.js process exited with code ${code} while the function ran.`);
      client.terminate(500, 'FUNCTION_INVOCATION_FAILED', message);
    });
    const helloTimeoutMs = this.#options.helloTimeoutMs ?? 20_000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      await Promise.race([
        client.hello,
        new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`The Node.js process did not start within ${seconds(helloTimeoutMs)}.`)), helloTimeoutMs))),
      ]);
    } catch (error) {
      await this.#kill(warm, 'It did not start.');
      throw new HostError('NODE_PROCESS_FAILED', `${errorMessage(error)}${warm.stray.length ? `\n${warm.stray.splice(0).join('\n')}` : ''}`);
    } finally {
      clearTimeout(timer);
    }
    warm.processStartMs = performance.now() - t0;
    // Another project was loaded while this one started: it must never serve that project.
    if (projectId !== this.#projectId) {
      await this.#kill(warm, 'Another project was loaded.');
      throw new HostError('NODE_PROCESS_FAILED', 'Another project was loaded while the process started.');
    }
    if (role === 'run') this.#warm = warm;
    return warm;
  }

  async #kill(warm: Warm, reason: string): Promise<void> {
    warm.killReason ??= reason;
    warm.gone = true;
    if (this.#warm === warm) this.#warm = null;
    await warm.process.kill().catch(() => {});
  }
}
