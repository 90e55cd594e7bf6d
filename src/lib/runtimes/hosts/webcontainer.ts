// NodeHost in the browser: real Node.js inside a WebContainer (StackBlitz). The only file that imports
// @webcontainer/api, and only when a boot starts (a page that never runs Node never loads it).
//
// NOT RUN AGAINST STACKBLITZ: no machine this was built on reaches stackblitz.com. The adapter logic is tested against
// a fake of the API's shape (test/unit/webcontainer-host.test.ts); what the real container does is assumed from the
// API's typings and docs, and each assumption that could break every run is checked at boot instead (the probe).
//
// What the API does not do for us, and this host does (design.md, "The Node hosts"):
// - boot loads an iframe from stackblitz.com and, offline, never settles: our own timeout and a failure status; a
//   boot that finishes after our timeout is adopted by the next run (one boot per page: never a second one while the
//   first is pending), and a failed boot is not kept, so a later run tries again;
// - iOS: no boot until the person asks (`allowBoot()`), a page there runs out of memory;
// - the boot probe (webcontainer-probe.ts): the container's Node version (shown beside Vercel's), whether
//   `--max-old-space-size` is accepted (else node starts without it and the reason says the limit is not applied),
//   whether `listen(0)` works (else the harness gets a fixed port range);
// - a line longer than a terminal is known to carry goes to the harness as a file (webcontainer-process.ts);
// - kill asks the harness to exit and escalates to teardown, reboot and remount of every project only when it does
//   not go within a grace (or a ping shows its event loop stuck: a synchronous loop ignores every signal there).
// Licence: localhost works without a key; a commercial production deployment needs a StackBlitz licence and its key
// (`clientId`).
import { MARKER_TOKEN_FLAG, harnessMarker } from '../../../../workers/node-harness/framing';
import { LOOPBACK_PORTS_FLAG, LOOPBACK_PORT_RANGE } from '../../../../workers/protocol';
import { VERCEL_NODE_NOTE } from '../vercel-node-versions';
import type { BuildOutcome, BuildRequest, HostProcess, HostStatus, NodeHost, SpawnOptions } from './node-host';
import { runContainerBuild } from './webcontainer-build';
import type { Container, ContainerApi, ContainerFileTree } from './webcontainer-api';
import { watchBlockedFrame } from './webcontainer-csp';
import { duration, exportModules, npmInstall, packageJsonFor } from './webcontainer-install';
import { probeContainer, type ProbeResult } from './webcontainer-probe';
import { ContainerHostProcess } from './webcontainer-process';
import { PLAIN_OUTPUT_ENV, TERMINAL_SIZE } from './webcontainer-spawn';
import { webContainerSupport, type SupportEnvironment } from './webcontainer-support';
import { collectPackageFiles, type PackageTreeEntry } from './package-files';

export { webContainerSupport, type WebContainerSupport } from './webcontainer-support';

export interface WebContainerHostOptions {
  /** @default the real @webcontainer/api, imported on the first boot */
  api?: ContainerApi | (() => Promise<ContainerApi>);
  /** The built harness (workers/node-harness). @default the `virtual:node-harness-source` module */
  harnessSource?: string | (() => Promise<string>);
  /** The vercel-build runner (workers/node-harness/build-runner.ts). @default the `virtual:node-build-runner-source` module */
  buildRunnerSource?: string | (() => Promise<string>);
  /** @default 30000 */
  bootTimeoutMs?: number;
  /** How long a process asked to exit may take before the container is torn down. @default 2500 */
  killGraceMs?: number;
  /** During a kill, a ping unanswered this long tears the container down before the grace is over. @default 1000 */
  killPingTimeoutMs?: number;
  /** @default 300000 */
  installTimeoutMs?: number;
  /** Exporting a project's node_modules just before a teardown (to mount it after the reboot). @default 20000 */
  exportTimeoutMs?: number;
  /** Must match the page's Cross-Origin-Embedder-Policy (src/server/headers.ts). @default 'require-corp' */
  coep?: 'require-corp' | 'credentialless';
  /** @default 'playground' */
  workdirName?: string;
  /** A StackBlitz WebContainer API key; not needed on localhost. */
  clientId?: string;
  /** The person has already asked for Node.js (needed on iOS; see `allowBoot`). @default false */
  userRequestedBoot?: boolean;
  /** Pass `--max-old-space-size` (the plan's memory) to node, when the boot probe finds it accepted. @default true */
  memoryFlag?: boolean;
  /** Browser facts for the support check. @default read from the page */
  environment?: Partial<SupportEnvironment>;
  /** Where the page's CSP violations are reported (a blocked boot iframe fails the boot at once). @default document */
  cspEvents?: EventTarget;
}

export interface WebContainerBoot {
  bootMs: number;
  /** `process.version` in the container, when the boot probe found it. */
  nodeVersion?: string;
}

interface Project {
  /** Relative to the container's workdir. */
  dir: string;
  dependencies: Record<string, string>;
  packageJson: string;
  /** Its node_modules is installed in the current container. */
  installed: boolean;
  /** node_modules exported just before a teardown, until the next container mounts it (then dropped). */
  modules: ContainerFileTree | null;
  /** Its packages went with a torn-down container and no copy was kept: install before the next start. */
  needsInstall: boolean;
}

/** The harness, relative to a project's directory (outside the files a handler sees as its own). */
const HARNESS_DIR = '.playground';
const HARNESS_FILE = `${HARNESS_DIR}/harness.mjs`;
const KILL_IGNORED = 'a Node.js process did not exit when asked (a synchronous loop?)';

function bootTimeoutMessage(ms: number): string {
  return (
    `The WebContainer did not boot within ${duration(ms)}. It loads from stackblitz.com: check the network ` +
    'connection (offline, a firewall or a content blocker stops it); the next run tries again, or run the ' +
    'playground with its dev server to use local Node.js.'
  );
}

/** Settles with `promise`, or rejects with `message` after `ms`. */
function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)))]).finally(() => clearTimeout(timer));
}

function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** A directory name per project id: readable, and never shared by two ids. */
export function projectDir(projectId: string): string {
  const safe = projectId.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 60) || 'project';
  return `projects/${safe === projectId ? safe : `${safe}-${hash(projectId)}`}`;
}

let realApi: Promise<ContainerApi> | null = null;

function loadRealApi(clientId: string | undefined): Promise<ContainerApi> {
  realApi ??= import('@webcontainer/api').then(({ WebContainer, configureAPIKey }) => {
    if (clientId) configureAPIKey(clientId); // before the first boot, or the API throws
    return { boot: (options): Promise<Container> => WebContainer.boot(options) };
  });
  realApi.catch(() => (realApi = null)); // a chunk that failed to load is fetched again next time
  return realApi;
}

const loadHarnessSource = () => import('virtual:node-harness-source').then((module) => module.default);
const loadBuildRunnerSource = () => import('virtual:node-build-runner-source').then((module) => module.default);
/** How long one command of a build script may run. */
const BUILD_TIMEOUT_MS = 120_000;

export class WebContainerHost implements NodeHost {
  readonly kind = 'webcontainer' as const;
  /** Reboots after a kill that the process ignored (shown in the UI and asserted by tests). */
  restarts = 0;
  #options: Required<Omit<WebContainerHostOptions, 'api' | 'harnessSource' | 'buildRunnerSource' | 'clientId' | 'environment' | 'userRequestedBoot' | 'cspEvents'>>;
  #cspEvents: EventTarget | undefined;
  #api: () => Promise<ContainerApi>;
  #harnessSource: () => Promise<string>;
  #buildRunnerSource: () => Promise<string>;
  #builds = 0;
  #harness: Promise<string> | null = null;
  #environment: Partial<SupportEnvironment>;
  #userRequested: boolean;
  #status: HostStatus = { phase: 'idle', message: 'WebContainer not started.' };
  #listeners = new Set<(status: HostStatus) => void>();
  /** The boot in progress or done; a rejected one is dropped, so the next `boot()` tries again. */
  #boot: Promise<WebContainerBoot> | null = null;
  /** The API's own boot, kept across our timeouts: it may still finish later, and a second one would throw. */
  #rawBoot: Promise<Container> | null = null;
  /** The page's CSP blocked the pending API boot's iframe: it will never finish, and retries say so at once. */
  #bootBlocked: string | null = null;
  #container: Container | null = null;
  /** What the boot probe found in the first container (the same for every later one). */
  #probe: ProbeResult | null = null;
  /** Aborted when #container is torn down: whatever waits on it stops waiting. */
  #containerGone = new AbortController();
  #unsubscribeError: (() => void) | null = null;
  /** Projects whose files are in #container. */
  #mounted = new Set<string>();
  #projects = new Map<string, Project>();
  #processes = new Map<string, ContainerHostProcess>();
  #rebooting: Promise<void> | null = null;
  #inboxFiles = 0;

  constructor(options: WebContainerHostOptions = {}) {
    this.#options = {
      bootTimeoutMs: options.bootTimeoutMs ?? 30_000,
      killGraceMs: options.killGraceMs ?? 2500,
      killPingTimeoutMs: options.killPingTimeoutMs ?? 1000,
      installTimeoutMs: options.installTimeoutMs ?? 300_000,
      exportTimeoutMs: options.exportTimeoutMs ?? 20_000,
      coep: options.coep ?? 'require-corp',
      workdirName: options.workdirName ?? 'playground',
      memoryFlag: options.memoryFlag ?? true,
    };
    const { api, harnessSource, clientId } = options;
    this.#api = typeof api === 'function' ? api : api ? () => Promise.resolve(api) : () => loadRealApi(clientId);
    this.#harnessSource = typeof harnessSource === 'string' ? () => Promise.resolve(harnessSource) : (harnessSource ?? loadHarnessSource);
    const runner = options.buildRunnerSource;
    this.#buildRunnerSource = typeof runner === 'string' ? () => Promise.resolve(runner) : (runner ?? loadBuildRunnerSource);
    this.#environment = options.environment ?? {};
    this.#userRequested = options.userRequestedBoot ?? false;
    this.#cspEvents = options.cspEvents ?? (typeof document === 'object' ? document : undefined);
  }

  /**
   * Where Node runs and how it differs from Vercel, once the boot probe has run:
   * `WebContainer node v20.19.0 (Vercel runs Node 22/24); memory limit not applied: …`.
   */
  get reason(): string {
    const support = webContainerSupport({ ...this.#environment, userRequestedBoot: this.#userRequested });
    if (!support.ok) return support.reason;
    const beta = support.note ? ` ${support.note}` : '';
    const probe = this.#probe;
    if (!probe) return `WebContainer: Node.js runs inside this browser tab.${beta}`;
    const parts = [probe.nodeVersion ? `WebContainer node ${probe.nodeVersion} (${VERCEL_NODE_NOTE})` : `WebContainer node (version unknown; ${VERCEL_NODE_NOTE})`];
    const memory = this.#memoryNote();
    if (memory) parts.push(memory);
    if (probe.listenZero === false) parts.push('the harness listens on fixed loopback ports (listen(0) did not work here)');
    return `${parts.join('; ')}.${beta}`;
  }

  get status(): HostStatus {
    return this.#status;
  }

  /** Boots once; later calls return the same promise. A failed boot is not kept: the next call tries again. */
  boot(): Promise<WebContainerBoot> {
    if (!this.#boot) this.#keepBoot(this.#startBoot(Promise.resolve(), 'Booting WebContainer (Node.js in the browser)…'));
    return this.#boot!;
  }

  /** The person asked for Node.js: lifts the iOS gate for the next `boot()`. */
  allowBoot(): void {
    this.#userRequested = true;
  }

  onStatus(listener: (status: HostStatus) => void): () => void {
    this.#listeners.add(listener);
    listener(this.#status);
    return () => this.#listeners.delete(listener);
  }

  async install(projectId: string, dependencies: Record<string, string>, onProgress: (line: string) => void): Promise<void> {
    const container = await this.#ready();
    const project = await this.#ensureProject(container, projectId);
    project.dependencies = { ...dependencies };
    project.packageJson = packageJsonFor(projectId, dependencies);
    await container.fs.writeFile(`${project.dir}/package.json`, project.packageJson);
    await this.#install(container, project, onProgress);
  }

  /** Read through the container's fs (it has no links to escape through: its file system is the page's memory). */
  async packageFiles(projectId: string, names: string[]): Promise<Record<string, string>> {
    const container = await this.#ready();
    const project = await this.#ensureProject(container, projectId);
    const { readdir, readFile } = container.fs;
    if (!readdir || !readFile) throw new Error('This WebContainer cannot list its files.');
    const at = (path: string) => `${project.dir}/${path}`;
    return collectPackageFiles(
      {
        list: (dir) =>
          readdir.call(container.fs, at(dir), { withFileTypes: true }).then(
            (entries) => entries.flatMap((e): PackageTreeEntry[] => (e.isDirectory() ? [{ name: e.name, kind: 'dir' }] : e.isFile() ? [{ name: e.name, kind: 'file' }] : [])),
            () => null,
          ),
        read: (path) => readFile.call(container.fs, at(path), 'utf-8').catch(() => null),
      },
      names,
    );
  }

  async build(projectId: string, request: BuildRequest, onOutput: (line: string) => void): Promise<BuildOutcome> {
    const container = await this.#ready();
    const project = await this.#ensureProject(container, projectId);
    if (project.needsInstall) await this.#install(container, project, () => {});
    const runner = `${HARNESS_DIR}/build-runner.mjs`;
    await container.fs.writeFile(`${project.dir}/${runner}`, await this.#buildRunnerSource());
    // A new folder per build: what an earlier build made must not look made by this one.
    const dir = `${project.dir}/build-${++this.#builds}`;
    this.#setStatus('installing', `Running "${request.command}"…`);
    try {
      return await runContainerBuild(container, request, { dir, runner: `${container.workdir}/${project.dir}/${runner}`, timeoutMs: BUILD_TIMEOUT_MS }, onOutput);
    } finally {
      this.#setStatus('ready', `Ran "${request.command}"`);
    }
  }

  async spawn(projectId: string, options: SpawnOptions): Promise<HostProcess> {
    const { memoryMb, markerToken } = options;
    if (!(Number.isFinite(memoryMb) && memoryMb > 0)) throw new Error(`memoryMb must be a positive number of megabytes, not ${memoryMb}.`);
    if (!/^[A-Za-z0-9]+$/.test(markerToken)) throw new Error('markerToken must be letters and digits (randomMarkerToken()).');
    await this.#processes.get(projectId)?.kill();
    const container = await this.#ready();
    const project = await this.#ensureProject(container, projectId);
    if (project.needsInstall) await this.#install(container, project, () => {});
    const args = [
      ...(this.#memoryFlagWorks() ? [`--max-old-space-size=${Math.round(memoryMb)}`] : []),
      HARNESS_FILE,
      MARKER_TOKEN_FLAG + markerToken,
      `--workdir=${container.workdir}/${project.dir}`,
      ...(this.#probe?.listenZero === false ? [`${LOOPBACK_PORTS_FLAG}${LOOPBACK_PORT_RANGE.first}-${LOOPBACK_PORT_RANGE.last}`] : []),
    ];
    const raw = await container.spawn('node', args, { cwd: project.dir, env: { ...PLAIN_OUTPUT_ENV }, terminal: { ...TERMINAL_SIZE } });
    const process = new ContainerHostProcess(raw, {
      marker: harnessMarker(markerToken),
      killGraceMs: this.#options.killGraceMs,
      pingTimeoutMs: this.#options.killPingTimeoutMs,
      escalate: () => this.#reboot(KILL_IGNORED),
      writeInboxFile: async (text) => {
        const name = `${HARNESS_DIR}/message-${++this.#inboxFiles}.json`;
        await container.fs.writeFile(`${project.dir}/${name}`, text);
        return `${container.workdir}/${project.dir}/${name}`;
      },
    });
    this.#processes.set(projectId, process);
    void process.exited.then(() => {
      if (this.#processes.get(projectId) === process) this.#processes.delete(projectId);
    });
    return process;
  }

  #setStatus(phase: HostStatus['phase'], message: string): void {
    this.#status = { phase, message };
    for (const listener of this.#listeners) listener(this.#status);
  }

  #keepBoot(boot: Promise<WebContainerBoot>): void {
    this.#boot = boot;
    boot.catch(() => {
      if (this.#boot === boot) this.#boot = null; // the status carries the failure; the next boot() tries again
    });
  }

  /** Node accepted the flag at the probe (or no probe result says otherwise). */
  #memoryFlagWorks(): boolean {
    return this.#options.memoryFlag && this.#probe?.memoryLimit !== 'refused';
  }

  #memoryNote(): string | null {
    const probe = this.#probe!;
    if (!this.#options.memoryFlag) return 'memory limit not applied (turned off for this host)';
    if (probe.memoryLimit === 'refused') return 'memory limit not applied: node here refused --max-old-space-size, so it starts without it';
    if (probe.memoryLimit === 'ignored') return 'memory limit not applied: node here accepts --max-old-space-size but its heap limit ignores it';
    if (probe.memoryLimit === 'unknown') return `memory limit not verified (${probe.notes.join('; ') || 'no probe result'})`;
    return null;
  }

  async #startBoot(after: Promise<unknown>, message: string): Promise<WebContainerBoot> {
    try {
      await after;
      const support = webContainerSupport({ ...this.#environment, userRequestedBoot: this.#userRequested });
      if (!support.ok) throw new Error(support.reason);
      this.#setStatus('booting', message);
      const t0 = performance.now();
      // A container adopted by an earlier try whose remount or probe failed is still the page's one instance.
      const container = this.#container ?? this.#adopt(await this.#bootContainer());
      await this.#remountAll(container);
      if (!this.#probe) {
        this.#setStatus('booting', 'Checking Node.js in the WebContainer…');
        this.#probe = await probeContainer(container, HARNESS_DIR, { memoryFlag: this.#options.memoryFlag });
      }
      const bootMs = performance.now() - t0;
      this.#setStatus('ready', `WebContainer ready (booted in ${(bootMs / 1000).toFixed(1)} s).`);
      return { bootMs, ...(this.#probe.nodeVersion ? { nodeVersion: this.#probe.nodeVersion } : {}) };
    } catch (error) {
      this.#setStatus('failed', (error as Error).message);
      throw error;
    }
  }

  #adopt(container: Container): Container {
    this.#container = container;
    this.#containerGone = new AbortController();
    this.#mounted = new Set();
    this.#unsubscribeError = container.on('error', (error) => this.#setStatus(this.#status.phase, `WebContainer error: ${error.message}`));
    return container;
  }

  async #bootContainer(): Promise<Container> {
    const { bootTimeoutMs, coep, workdirName } = this.#options;
    if (!this.#rawBoot) {
      const raw = this.#api().then((api) => api.boot({ coep, workdirName }));
      this.#rawBoot = raw;
      this.#bootBlocked = null;
      raw.catch(() => {
        if (this.#rawBoot === raw) this.#rawBoot = null; // the API allows a new boot after a failed one
      });
    }
    const raw = this.#rawBoot;
    if (this.#bootBlocked) throw new Error(this.#bootBlocked);
    const t0 = performance.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<Error>((resolve) => (timer = setTimeout(() => resolve(new Error(bootTimeoutMessage(bootTimeoutMs))), bootTimeoutMs)));
    const csp = watchBlockedFrame(this.#cspEvents);
    const blocked = csp.blocked.then((message) => {
      if (this.#rawBoot === raw) this.#bootBlocked = message;
      return new Error(message);
    });
    try {
      const outcome = await Promise.race([raw.catch((error: Error) => new Error(`The WebContainer failed to boot: ${error.message}`)), timeout, blocked]);
      if (outcome instanceof Error) {
        void raw.then(() => this.#noticeLateBoot(raw, t0), () => {});
        throw outcome;
      }
      this.#rawBoot = null; // ours now: the next boot (after a teardown) is a new one
      return outcome;
    } finally {
      clearTimeout(timer);
      csp.stop();
    }
  }

  /** The API's boot finished after we gave up on it: the next run adopts it (see #bootContainer). */
  #noticeLateBoot(raw: Promise<Container>, t0: number): void {
    if (this.#rawBoot !== raw || this.#boot || this.#status.phase !== 'failed') return;
    this.#setStatus('idle', `The WebContainer finished booting late (after ${duration(performance.now() - t0)}): the next run uses it.`);
  }

  /** The booted container, after any reboot in progress. */
  async #ready(): Promise<Container> {
    if (this.#rebooting) await this.#rebooting;
    await this.boot();
    if (!this.#container) throw new Error('The WebContainer restarted while Node.js was starting: try again.');
    return this.#container;
  }

  #reboot(reason: string): Promise<void> {
    this.#rebooting ??= this.#restart(reason).finally(() => (this.#rebooting = null));
    return this.#rebooting;
  }

  /** Teardown, boot, remount: the one way to stop a process that ignores kill. Every process in it ends. */
  async #restart(reason: string): Promise<void> {
    const old = this.#container;
    this.#container = null;
    this.#mounted = new Set();
    this.restarts++;
    this.#containerGone.abort();
    this.#unsubscribeError?.();
    this.#unsubscribeError = null;
    const message = `Restarting the WebContainer: ${reason}…`;
    this.#setStatus('booting', message);
    if (old) await this.#keepModules(old);
    for (const process of this.#processes.values()) process.abandon();
    this.#processes.clear();
    let torn: Promise<unknown> = Promise.resolve();
    try {
      torn = Promise.resolve(old?.teardown()).catch(() => {});
    } catch {
      // torn down already
    }
    this.#keepBoot(this.#startBoot(torn, message));
    await this.#boot!.catch(() => {}); // a failed reboot shows in the status; the next boot() tries again
  }

  /**
   * Just before a teardown: each installed project's node_modules into page memory, for the next container to mount
   * (no network needed). A project whose export fails or is too slow installs again from its package.json instead.
   */
  async #keepModules(container: Container): Promise<void> {
    for (const project of this.#projects.values()) {
      if (!project.installed) continue;
      project.installed = false;
      project.modules = await withTimeout(exportModules(container, `${project.dir}/node_modules`), this.#options.exportTimeoutMs, 'export timed out').catch(() => null);
      if (!project.modules) project.needsInstall = true;
    }
  }

  #project(projectId: string): Project {
    let project = this.#projects.get(projectId);
    if (!project) {
      project = { dir: projectDir(projectId), dependencies: {}, packageJson: packageJsonFor(projectId, {}), installed: false, modules: null, needsInstall: false };
      this.#projects.set(projectId, project);
    }
    return project;
  }

  #harnessText(): Promise<string> {
    this.#harness ??= this.#harnessSource();
    this.#harness.catch(() => (this.#harness = null));
    return this.#harness;
  }

  async #ensureProject(container: Container, projectId: string): Promise<Project> {
    const project = this.#project(projectId);
    if (this.#mounted.has(projectId)) return project;
    const harness = await this.#harnessText();
    await container.fs.mkdir(`${project.dir}/${HARNESS_DIR}`, { recursive: true });
    await container.fs.writeFile(`${project.dir}/${HARNESS_FILE}`, harness);
    await container.fs.writeFile(`${project.dir}/package.json`, project.packageJson);
    if (container === this.#container) this.#mounted.add(projectId);
    return project;
  }

  /** A fresh container gets every known project at once: harness, package.json and the node_modules kept across. */
  async #remountAll(container: Container): Promise<void> {
    const unmounted = [...this.#projects].filter(([id]) => !this.#mounted.has(id));
    if (!unmounted.length) return;
    const harness = await this.#harnessText();
    const dirs: ContainerFileTree = {};
    for (const [, project] of unmounted) {
      const files: ContainerFileTree = {
        [HARNESS_DIR]: { directory: { 'harness.mjs': { file: { contents: harness } } } },
        'package.json': { file: { contents: project.packageJson } },
      };
      if (project.modules) files.node_modules = { directory: project.modules };
      else if (Object.keys(project.dependencies).length) project.needsInstall = true;
      dirs[project.dir.slice('projects/'.length)] = { directory: files };
    }
    await container.mount({ projects: { directory: dirs } });
    for (const [id, project] of unmounted) {
      this.#mounted.add(id);
      if (project.modules) {
        project.modules = null; // in the container now: page memory keeps no copy
        project.installed = true;
      }
    }
  }

  async #install(container: Container, project: Project, onProgress: (line: string) => void): Promise<void> {
    project.installed = false;
    project.modules = null;
    project.needsInstall = false;
    if (!Object.keys(project.dependencies).length) return;
    const gone = this.#containerGone.signal;
    const t0 = performance.now();
    this.#setStatus('installing', 'npm install…');
    try {
      await Promise.race([
        npmInstall(container, {
          cwd: project.dir,
          timeoutMs: this.#options.installTimeoutMs,
          onProgress: (line) => {
            onProgress(line);
            this.#setStatus('installing', `npm install: ${line}`);
          },
        }),
        new Promise<never>((_, reject) => {
          const stop = () => reject(new Error('The WebContainer restarted during npm install: it runs again before Node.js next starts.'));
          if (gone.aborted) stop();
          else gone.addEventListener('abort', stop, { once: true });
        }),
      ]);
    } catch (error) {
      if (gone.aborted) project.needsInstall = true;
      else this.#setStatus('ready', (error as Error).message);
      throw error;
    }
    // No export here: node_modules leaves the container only when a teardown needs it kept (#keepModules).
    project.installed = true;
    this.#setStatus('ready', `npm install: done in ${((performance.now() - t0) / 1000).toFixed(1)} s.`);
  }
}
