// NodeHost in the browser: real Node.js inside a WebContainer (StackBlitz). The only file that imports
// @webcontainer/api, and only when a boot starts (a page that never runs Node never loads it).
//
// What the API does not do for us, and this host does (design.md, "The Node hosts"):
// - boot loads an iframe from stackblitz.com and, offline, never settles: our own timeout and a failure status;
// - one instance per page: boot is memoized, and the API's pending boot is kept across our timeouts;
// - iOS: no boot until the person asks (`allowBoot()`), a page there runs out of memory;
// - a process in a synchronous loop ignores kill: kill escalates to teardown, reboot and remount of every project.
// Licence: localhost works without a key; a commercial production deployment needs a StackBlitz licence and its key
// (`clientId`).
import { MARKER_TOKEN_FLAG, harnessMarker } from '../../../../workers/node-harness/framing';
import type { HostProcess, HostStatus, NodeHost, SpawnOptions } from './node-host';
import type { Container, ContainerApi, ContainerFileTree } from './webcontainer-api';
import { watchBlockedFrame } from './webcontainer-csp';
import { duration, exportModules, npmInstall, packageJsonFor } from './webcontainer-install';
import { ContainerHostProcess } from './webcontainer-process';
import { webContainerSupport, type SupportEnvironment } from './webcontainer-support';

export { webContainerSupport, type WebContainerSupport } from './webcontainer-support';

export interface WebContainerHostOptions {
  /** @default the real @webcontainer/api, imported on the first boot */
  api?: ContainerApi | (() => Promise<ContainerApi>);
  /** The built harness (workers/node-harness). @default the `virtual:node-harness-source` module */
  harnessSource?: string | (() => Promise<string>);
  /** @default 20000 */
  bootTimeoutMs?: number;
  /** How long a killed process may take to exit before the container is torn down. @default 500 */
  killGraceMs?: number;
  /** @default 300000 */
  installTimeoutMs?: number;
  /** Must match the page's Cross-Origin-Embedder-Policy (src/server/headers.ts). @default 'require-corp' */
  coep?: 'require-corp' | 'credentialless';
  /** @default 'playground' */
  workdirName?: string;
  /** A StackBlitz WebContainer API key; not needed on localhost. */
  clientId?: string;
  /** The person has already asked for Node.js (needed on iOS; see `allowBoot`). @default false */
  userRequestedBoot?: boolean;
  /** Pass `--max-old-space-size` (the plan's memory) to node. @default true */
  memoryFlag?: boolean;
  /** Browser facts for the support check. @default read from the page */
  environment?: Partial<SupportEnvironment>;
  /** Where the page's CSP violations are reported (a blocked boot iframe fails the boot at once). @default document */
  cspEvents?: EventTarget;
}

interface Project {
  /** Relative to the container's workdir. */
  dir: string;
  dependencies: Record<string, string>;
  packageJson: string;
  /** node_modules as exported after the last install: a reboot mounts it instead of installing again. */
  modules: ContainerFileTree | null;
  /** Its packages went with a torn-down container and no copy was kept: install before the next start. */
  needsInstall: boolean;
}

/** The harness, relative to a project's directory (outside the files a handler sees as its own). */
const HARNESS_DIR = '.playground';
const HARNESS_FILE = `${HARNESS_DIR}/harness.mjs`;
const KILL_IGNORED = 'a Node.js process ignored kill (a synchronous loop?)';

function bootTimeoutMessage(ms: number): string {
  return (
    `The WebContainer did not boot within ${duration(ms)}. It loads from stackblitz.com: check the network ` +
    'connection (offline, a firewall or a content blocker stops it) and reload the page, or run the playground with ' +
    'its dev server to use local Node.js.'
  );
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

export class WebContainerHost implements NodeHost {
  readonly kind = 'webcontainer' as const;
  readonly reason: string;
  /** Reboots after a kill that the process ignored (shown in the UI and asserted by tests). */
  restarts = 0;
  #options: Required<Omit<WebContainerHostOptions, 'api' | 'harnessSource' | 'clientId' | 'environment' | 'userRequestedBoot' | 'cspEvents'>>;
  #cspEvents: EventTarget | undefined;
  #api: () => Promise<ContainerApi>;
  #harnessSource: () => Promise<string>;
  #harness: Promise<string> | null = null;
  #environment: Partial<SupportEnvironment>;
  #userRequested: boolean;
  #status: HostStatus = { phase: 'idle', message: 'WebContainer not started.' };
  #listeners = new Set<(status: HostStatus) => void>();
  #boot: Promise<{ bootMs: number }> | null = null;
  #bootFailed = false;
  /** The API's own boot, kept across our timeouts: offline it may still finish later, and a second one would throw. */
  #rawBoot: Promise<Container> | null = null;
  #container: Container | null = null;
  /** Aborted when #container is torn down: whatever waits on it stops waiting. */
  #containerGone = new AbortController();
  #unsubscribeError: (() => void) | null = null;
  /** Projects whose files are in #container. */
  #mounted = new Set<string>();
  #projects = new Map<string, Project>();
  #processes = new Map<string, ContainerHostProcess>();
  #rebooting: Promise<void> | null = null;

  constructor(options: WebContainerHostOptions = {}) {
    this.#options = {
      bootTimeoutMs: options.bootTimeoutMs ?? 20_000,
      killGraceMs: options.killGraceMs ?? 500,
      installTimeoutMs: options.installTimeoutMs ?? 300_000,
      coep: options.coep ?? 'require-corp',
      workdirName: options.workdirName ?? 'playground',
      memoryFlag: options.memoryFlag ?? true,
    };
    const { api, harnessSource, clientId } = options;
    this.#api = typeof api === 'function' ? api : api ? () => Promise.resolve(api) : () => loadRealApi(clientId);
    this.#harnessSource = typeof harnessSource === 'string' ? () => Promise.resolve(harnessSource) : (harnessSource ?? loadHarnessSource);
    this.#environment = options.environment ?? {};
    this.#userRequested = options.userRequestedBoot ?? false;
    this.#cspEvents = options.cspEvents ?? (typeof document === 'object' ? document : undefined);
    const support = webContainerSupport({ ...this.#environment, userRequestedBoot: this.#userRequested });
    this.reason = support.ok ? `WebContainer: Node.js runs inside this browser tab.${support.note ? ` ${support.note}` : ''}` : support.reason;
  }

  get status(): HostStatus {
    return this.#status;
  }

  /** Boots once; later calls return the same promise. A failed boot stays failed until `allowBoot()`. */
  boot(): Promise<{ bootMs: number }> {
    if (!this.#boot) {
      this.#boot = this.#startBoot(Promise.resolve(), 'Booting WebContainer (Node.js in the browser)…');
      this.#boot.catch(() => {}); // the status carries the failure; callers get the rejection
    }
    return this.#boot;
  }

  /**
   * The person asked for Node.js: lifts the iOS gate, and lets the next `boot()` try again after a failure. A retry
   * waits on the same pending API boot (it helps on a slow network); the API keeps the iframe it made first, so after
   * a network failure only a reload of the page boots.
   */
  allowBoot(): void {
    this.#userRequested = true;
    if (this.#bootFailed) {
      this.#bootFailed = false;
      this.#boot = null;
    }
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

  async spawn(projectId: string, options: SpawnOptions): Promise<HostProcess> {
    const { memoryMb, markerToken } = options;
    if (!(Number.isFinite(memoryMb) && memoryMb > 0)) throw new Error(`memoryMb must be a positive number of megabytes, not ${memoryMb}.`);
    if (!/^[A-Za-z0-9]+$/.test(markerToken)) throw new Error('markerToken must be letters and digits (randomMarkerToken()).');
    await this.#processes.get(projectId)?.kill();
    const container = await this.#ready();
    const project = await this.#ensureProject(container, projectId);
    if (project.needsInstall) await this.#install(container, project, () => {});
    const args = [
      ...(this.#options.memoryFlag ? [`--max-old-space-size=${Math.round(memoryMb)}`] : []),
      HARNESS_FILE,
      MARKER_TOKEN_FLAG + markerToken,
      `--workdir=${container.workdir}/${project.dir}`,
    ];
    const process = new ContainerHostProcess(await container.spawn('node', args, { cwd: project.dir }), {
      marker: harnessMarker(markerToken),
      killGraceMs: this.#options.killGraceMs,
      escalate: () => this.#reboot(KILL_IGNORED),
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

  async #startBoot(after: Promise<unknown>, message: string): Promise<{ bootMs: number }> {
    try {
      await after;
      const support = webContainerSupport({ ...this.#environment, userRequestedBoot: this.#userRequested });
      if (!support.ok) throw new Error(support.reason);
      this.#setStatus('booting', message);
      const t0 = performance.now();
      const container = await this.#bootContainer();
      this.#container = container;
      this.#containerGone = new AbortController();
      this.#mounted = new Set();
      this.#unsubscribeError = container.on('error', (error) => this.#setStatus(this.#status.phase, `WebContainer error: ${error.message}`));
      await this.#remountAll(container);
      const bootMs = performance.now() - t0;
      this.#setStatus('ready', `WebContainer ready (booted in ${(bootMs / 1000).toFixed(1)} s).`);
      return { bootMs };
    } catch (error) {
      this.#bootFailed = true;
      this.#setStatus('failed', (error as Error).message);
      throw error;
    }
  }

  async #bootContainer(): Promise<Container> {
    const { bootTimeoutMs, coep, workdirName } = this.#options;
    const raw = (this.#rawBoot ??= this.#api().then((api) => api.boot({ coep, workdirName })));
    raw.catch(() => {
      if (this.#rawBoot === raw) this.#rawBoot = null;
    });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<Error>((resolve) => (timer = setTimeout(() => resolve(new Error(bootTimeoutMessage(bootTimeoutMs))), bootTimeoutMs)));
    const csp = watchBlockedFrame(this.#cspEvents);
    const blocked = csp.blocked.then((message) => new Error(message));
    try {
      const outcome = await Promise.race([raw.catch((error: Error) => new Error(`The WebContainer failed to boot: ${error.message}`)), timeout, blocked]);
      if (outcome instanceof Error) throw outcome;
      this.#rawBoot = null; // ours now: the next boot (after a teardown) is a new one
      return outcome;
    } finally {
      clearTimeout(timer);
      csp.stop();
    }
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
    for (const process of this.#processes.values()) process.abandon();
    this.#processes.clear();
    let torn: Promise<unknown> = Promise.resolve();
    try {
      torn = Promise.resolve(old?.teardown()).catch(() => {});
    } catch {
      // torn down already
    }
    this.#bootFailed = false;
    this.#boot = this.#startBoot(torn, `Restarting the WebContainer: ${reason}…`);
    await this.#boot.catch(() => {}); // a failed reboot shows in the status and fails the next boot()
  }

  #project(projectId: string): Project {
    let project = this.#projects.get(projectId);
    if (!project) {
      project = { dir: projectDir(projectId), dependencies: {}, packageJson: packageJsonFor(projectId, {}), modules: null, needsInstall: false };
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

  /** A fresh container gets every known project at once: harness, package.json and the kept node_modules. */
  async #remountAll(container: Container): Promise<void> {
    if (!this.#projects.size) return;
    const harness = await this.#harnessText();
    const dirs: ContainerFileTree = {};
    for (const project of this.#projects.values()) {
      const files: ContainerFileTree = {
        [HARNESS_DIR]: { directory: { 'harness.mjs': { file: { contents: harness } } } },
        'package.json': { file: { contents: project.packageJson } },
      };
      if (project.modules) files.node_modules = { directory: project.modules };
      else if (Object.keys(project.dependencies).length) project.needsInstall = true;
      dirs[project.dir.slice('projects/'.length)] = { directory: files };
    }
    await container.mount({ projects: { directory: dirs } });
    for (const projectId of this.#projects.keys()) this.#mounted.add(projectId);
  }

  async #install(container: Container, project: Project, onProgress: (line: string) => void): Promise<void> {
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
    project.modules = await exportModules(container, `${project.dir}/node_modules`);
    this.#setStatus('ready', `npm install: done in ${((performance.now() - t0) / 1000).toFixed(1)} s.`);
  }
}
