// The part of @webcontainer/api (v1.6.4) that WebContainerHost uses, as plain types: webcontainer.ts checks that the
// real API fits them, and unit tests pass a fake of the same shape. Nothing here imports the package.

export interface ContainerFileTree {
  [name: string]: { directory: ContainerFileTree } | { file: { contents: string | Uint8Array } };
}

export interface ContainerBootOptions {
  coep: 'require-corp' | 'credentialless';
  workdirName: string;
}

export interface ContainerSpawnOptions {
  /** Relative to the container's workdir. */
  cwd?: string;
  /** Added to the process's environment (not verified here whether the API merges it with its defaults or replaces them). */
  env?: Record<string, string>;
  /** The pseudo-terminal's size: the API attaches one to every process, there is no way to spawn without it. */
  terminal?: { cols: number; rows: number };
}

export interface ContainerProcess {
  /** Everything the process (and its children) print, stdout and stderr merged, as a terminal shows it. */
  output: ReadableStream<string>;
  /** The process's pseudo-terminal. */
  input: WritableStream<string>;
  exit: Promise<number>;
  kill(): void;
}

export interface Container {
  /** Absolute path of the working directory (`/home/<workdirName>`). */
  readonly workdir: string;
  fs: {
    mkdir(path: string, options: { recursive: true }): Promise<unknown>;
    writeFile(path: string, data: string): Promise<void>;
    /** Optional in fakes: what packageFiles reads the installed packages with. */
    readdir?(path: string, options: { withFileTypes: true }): Promise<{ name: string; isFile(): boolean; isDirectory(): boolean }[]>;
    readFile?(path: string, encoding: 'utf-8'): Promise<string>;
  };
  mount(tree: ContainerFileTree): Promise<void>;
  spawn(command: string, args: string[], options?: ContainerSpawnOptions): Promise<ContainerProcess>;
  /** Optional in fakes: used to keep an installed node_modules across a reboot. */
  export?(path: string, options: { format: 'json' }): Promise<unknown>;
  on(event: 'error', listener: (error: { message: string }) => void): () => void;
  /** Synchronous in the real API (it starts the teardown that the next boot waits for). */
  teardown(): void | Promise<void>;
}

export interface ContainerApi {
  /** One instance per page: a second boot throws until the first is torn down. Offline it never settles. */
  boot(options: ContainerBootOptions): Promise<Container>;
}
