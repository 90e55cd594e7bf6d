// The contract every Node host keeps (design.md "The Node hosts"): boot, install npm packages, start the harness
// as a process per project, talk to it as lines of text, kill it. NodeRuntime uses only this.

export type NodeHostKind = 'webcontainer' | 'local';

export type HostPhase = 'idle' | 'booting' | 'ready' | 'installing' | 'failed';

export interface HostStatus {
  phase: HostPhase;
  /** What a person reads: `Booting WebContainer…`, `npm install: added 3 packages`, the failure in plain words. */
  message: string;
}

export interface SpawnOptions {
  /** `--max-old-space-size` for the harness (the plan's function memory). */
  memoryMb: number;
  /** The harness's marker token (workers/node-harness/framing.ts). */
  markerToken: string;
}

/** One running harness process. Output is the process's text (stdout and stderr merged where the host merges them). */
export interface HostProcess {
  /** Writes one line (a newline is added) to the process's stdin. */
  write(line: string): void;
  /** Called with each piece of output text as it arrives, in order. */
  onOutput(listener: (text: string) => void): void;
  /** Resolves with the exit code (null when killed or unknown) when the process is gone. */
  readonly exited: Promise<number | null>;
  /** Ends the process for good. A WebContainer cannot kill a synchronous loop: it tears down and reboots. */
  kill(): Promise<void>;
}

/** A project's vercel-build script to run before its function is served (vercel-config.ts BuildScript). */
export interface BuildRequest {
  /** The project's files, written into the build's folder. */
  files: Record<string, string>;
  /** package.json's script. */
  script: string;
  /** As Vercel names it: `npm run vercel-build`. */
  command: string;
  memoryMb: number;
}

/** What the build made or changed (text files), and what it made but could not hand on. Failure: Vercel's message. */
export type BuildOutcome = { ok: true; files: Record<string, string>; left: string[] } | { ok: false; error: string };

export interface NodeHost {
  readonly kind: NodeHostKind;
  /** Why this host runs Node here, for the UI: `local node v20.20.2 (WebContainer needs cross-origin isolation)`. */
  readonly reason: string;
  /** Boots once; later calls return the same promise. Rejects with a message a person can act on. */
  boot(): Promise<{ bootMs: number; nodeVersion?: string }>;
  /** Installs npm `dependencies` (name → version range) for `projectId`; progress lines as they come. */
  install(projectId: string, dependencies: Record<string, string>, onProgress: (line: string) => void): Promise<void>;
  /**
   * The installed files of `names` and of the packages they depend on (`node_modules/…` → text: package.json and
   * script files), for an edge build to bundle; absent where the host cannot hand them out.
   */
  packageFiles?(projectId: string, names: string[]): Promise<Record<string, string>>;
  /** Runs the build script under the handlers' confinement; absent where the host cannot. Output lines as they come. */
  build?(projectId: string, request: BuildRequest, onOutput: (line: string) => void): Promise<BuildOutcome>;
  /** Starts the harness for `projectId` (at most one per project: a second spawn kills the first). */
  spawn(projectId: string, options: SpawnOptions): Promise<HostProcess>;
  onStatus(listener: (status: HostStatus) => void): () => void;
}
