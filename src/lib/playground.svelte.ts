// The playground's state: the project (a file tree), the request being built, the plan, and the current run.
// Components read it; runs go through `run()` so the UI and the embed API share one path.
import { isLanguage, type Files, type RuntimeName } from '../../workers/protocol';
import { Compiler } from './compiler';
import { DEFAULT_GENERATION, type Generation, type LimitOverrides, type Plan } from './limits';
import { DEFAULT_ENTRY, DEFAULT_FILES, DEFAULT_REQUEST_URL } from './project/examples';
import { resolveRuntime, type RuntimeResolution } from './project/resolve-runtime';
import { declaredNextVersion, DEFAULT_PROFILE, nextTraits, profileFor, type Profile } from './project/profiles';
import { handlerFiles, handlerKind, isSourceFile, matchRoute, routePath } from './project/routes';
import { applyMoves, type Moves } from './project/file-moves';
import { EdgeRuntime } from './runtimes/edge';
import { LanguageRuntime, LanguagesHost } from './runtimes/language';
import { LazyNodeRuntime } from './runtimes/node-lazy';
import { run, type RunOptions, type RunServices, type RuntimeChoice } from './run';
import { RunRecord } from './run-record.svelte';
import { Compare } from './compare.svelte';
import type { RunHistory } from './run-history';
import { SavedWork } from './share/saved-work';
import { whenIdle } from './when-idle';
import { runTimings } from '../../workers/shared/timings';
import { encodeBody, type RequestDraft } from './request-draft';
import { describeSource, consentMessage, LOCAL_HOST_REACH, OWN_SOURCE, ProjectTrust, type LoadedProject, type ProjectSource } from './consent';

/** What the consent prompt asks about: where the project came from, and what its code could reach here. */
export interface ConsentRequest {
  from: string;
  reach: string;
}

/** A run from the embed API that has shown nothing for this long is shown waiting (status line, running time). */
const SHOW_WAITING_AFTER_MS = 100;

/** A stopped run ends with its runtime's own `CANCELLED` when that comes this soon; otherwise the page ends it. */
const STOP_SETTLE_MS = 50;

export class Playground {
  files = $state<Files>({ ...DEFAULT_FILES });
  /** The file open in the editor. */
  active = $state(DEFAULT_ENTRY);
  request = $state<RequestDraft>({
    method: 'GET',
    url: DEFAULT_REQUEST_URL,
    headers: [],
    cookies: [],
    bodyType: 'none',
    body: '',
  });
  plan = $state<Plan>('hobby');
  /** Vercel's platform generation whose limits apply (Fluid unless legacy is chosen). */
  generation = $state<Generation>(DEFAULT_GENERATION);
  env = $state<Record<string, string>>({});
  overrides = $state<LimitOverrides>({});
  runtimeChoice = $state<RuntimeChoice>('auto');
  current = $state.raw<RunRecord | null>(null);
  /** The Next.js version chosen for the project (embed `nextVersion`, the version picker); null: its package.json's. */
  nextVersion = $state<string | null>(null);
  /** Where edits to the project are saved (src/lib/share/saved-work.ts): own, example:<id>, link:<digest>, embed:<key>. */
  workSlot = $state('own');
  /** The editor is read-only and no edits are saved (embed `?readonly`). */
  readonly = $state(false);
  /** The file each load opens when the project has it (embed `file=`); null: the first handler. */
  openFirst: string | null = null;
  /** The behaviour the project gets: the chosen version, else package.json's `next`, else what people install today. */
  profile = $derived.by((): Profile => {
    const version = this.nextVersion ?? declaredNextVersion(this.files['package.json']);
    const found = version ? profileFor(version) : null;
    return found?.ok ? found.profile : DEFAULT_PROFILE;
  });

  /** The handler that answers the request: the route matching its path, else the open file when it is a handler. */
  entry = $derived.by(() => {
    const matched = matchRoute(this.files, this.request.url);
    // Two files of one route (api/hello.py beside api/hello.js, to compare them): the open one answers.
    if (matched && matched !== this.active && handlerKind(this.active) && routePath(this.active) === routePath(matched)) return this.active;
    if (matched) return matched;
    if (handlerKind(this.active)) return this.active;
    return handlerFiles(this.files)[0] ?? this.active;
  });
  resolution = $derived.by((): RuntimeResolution => resolveRuntime(this.files, this.entry, routePath(this.entry), this.profile));

  /** Started by the first build, or by `warmup` (see there). */
  readonly compiler = new Compiler({ lazy: true });
  readonly edge = new EdgeRuntime();
  /** Python, Ruby and Go: one sandboxed iframe, created on the first such run; each language's worker on its first run. */
  readonly languages = new LanguagesHost();
  readonly #languageRuntimes = { python: new LanguageRuntime('python', this.languages), ruby: new LanguageRuntime('ruby', this.languages), go: new LanguageRuntime('go', this.languages) };
  /** Loads and boots on the first Node.js run (or in idle time when the open handler runs on Node.js). */
  readonly node = new LazyNodeRuntime({
    projectFiles: () => this.snapshotFiles(),
    localRunBlocked: () => this.#localRunBlocked(),
    localRunAllowed: () => this.#localRunBlocked(false) === null,
  });
  /** Compare mode (src/lib/compare.svelte.ts): while on, Run answers the request on two sides. */
  readonly compare = new Compare();
  /** The compare mode Run uses for the entry (none for the versions compare of a Python, Ruby or Go function). */
  compareMode = $derived(this.compare.modeFor({ files: this.files, profile: this.profile }, this.entry));
  #abort: AbortController | null = null;
  /** Every run in flight, by its record: Stop (button, Escape, embed `playground:stop`) aborts one. */
  readonly #inFlight = new Map<RunRecord, AbortController>();
  /** The person's own runs, kept across reloads; off in the embed view (src/lib/run-history.ts). */
  readonly history: RunHistory | null;
  /** The edits of every project shown here, by slot (`workSlot`), kept across reloads (src/lib/share/saved-work.ts). */
  readonly work: SavedWork;

  /** `history`: the full page's (an embed keeps none). */
  constructor(options: { history?: RunHistory | null; work?: SavedWork } = {}) {
    this.history = options.history ?? null;
    this.work = options.work ?? new SavedWork();
  }

  readonly #trust = new ProjectTrust();
  #project: LoadedProject = this.#trust.open(OWN_SOURCE, DEFAULT_FILES);
  /** Where the project came from: a project put back after an example (src/lib/examples/gallery) keeps its source. */
  get source(): ProjectSource {
    return this.#project.source;
  }
  /** The projects of the runs in flight that may reach Node.js (a run keeps the project it started with). */
  readonly #nodeRuns = new Map<LoadedProject, number>();
  /** The person's last Run (button, shortcut), to run again once they allow it. */
  #ownRun: RunRecord | null = null;
  /** Shown while the loaded project waits for the person to allow its code on this computer. */
  consentRequest = $state.raw<ConsentRequest | null>(null);

  /**
   * Starts the workers and the sandbox ahead of the first run. esbuild's start takes about a second of both cores on a
   * small machine, so it starts now only when the project has JavaScript or TypeScript: a Python, Ruby or Go project's
   * first run (its own download and start) then has the machine to itself, and esbuild follows once no run is in
   * flight and the page is idle. `hostProjectMs`: an embed shows its placeholder project until the host loads its own,
   * moments after `playground:ready`; the choice waits that long (a load with a handler to build starts esbuild then).
   */
  warmup({ hostProjectMs = 0 }: { hostProjectMs?: number } = {}): void {
    this.edge.warmup();
    const startCompiler = () => (Object.keys(this.files).some(isSourceFile) ? this.compiler.start() : this.#startCompilerWhenQuiet());
    if (hostProjectMs > 0) setTimeout(startCompiler, hostProjectMs);
    else startCompiler();
    // Node's host only in idle time after the page is ready, and only when the handler at hand runs on Node.js.
    whenIdle(() => {
      if (this.resolution.ok && this.resolution.runtime === 'nodejs') this.node.warmup();
    });
  }

  /** esbuild for a project that does not need it yet: once no run is in flight (a run's end calls this again). */
  #startCompilerWhenQuiet(): void {
    if (this.#running === 0 && this.compiler.status.state === 'idle') whenIdle(() => this.#running === 0 && this.compiler.start());
  }

  #shown: RunRecord | null = null;

  /**
   * Shows `record` in the response view from the first frame in which it has something to show: a head, an error, its
   * end, or SHOW_WAITING_AFTER_MS of waiting. Runs from the embed API come here: the answer to the host does not wait
   * for the page to render, 64 runs in flight render once a frame, not once each, and a quick run replaces the last
   * response in one step instead of flashing "Waiting for the response…" first (which rebuilds the whole view twice).
   */
  show(record: RunRecord): void {
    const idle = this.#shown === null;
    this.#shown = record;
    if (idle) requestAnimationFrame(this.#showPending);
  }

  readonly #showPending = (): void => {
    const record = this.#shown;
    if (!record) return;
    const waited = performance.now() - record.startedAt;
    if (!record.done && record.status === null && record.error === null && waited < SHOW_WAITING_AFTER_MS) {
      requestAnimationFrame(this.#showPending);
      return;
    }
    this.current = record;
    this.#shown = null;
  };

  // Plain copies (Svelte proxies are not cloneable), made again only after a change: runs, 64 of them in flight from
  // the embed API, read these instead of copying the project each. Nobody may mutate them.
  readonly #filesSnapshot = $derived($state.snapshot(this.files) as Files);
  readonly #envSnapshot = $derived($state.snapshot(this.env));
  readonly #overridesSnapshot = $derived($state.snapshot(this.overrides));

  /** The project as plain data, shared and read-only. */
  snapshotFiles(): Files {
    return this.#filesSnapshot;
  }

  setFile(path: string, source: string): void {
    this.files[path] = source;
  }

  /** Renames or moves files (checked with planMove first): each keeps its text, and the open file follows its move. */
  moveFiles(moves: Moves): void {
    if (moves.length === 0 || this.readonly) return;
    const active = new Map(moves).get(this.active);
    this.files = applyMoves(this.files, moves);
    if (active) this.active = active;
  }

  /** Removes files; when the open one goes, the first handler (else the first file) opens. */
  deleteFiles(paths: readonly string[]): void {
    if (this.readonly) return;
    for (const path of paths) delete this.files[path];
    if (!(this.active in this.files)) this.active = handlerFiles(this.files)[0] ?? Object.keys(this.files)[0] ?? DEFAULT_ENTRY;
  }

  /**
   * Replaces the project (embed `playground:load`, share links) and starts building its entry for the run that
   * usually follows, so the build overlaps the page taking in the new files (editor, views).
   */
  load(files: Files, source: ProjectSource = OWN_SOURCE, env: Record<string, string> = {}, nextVersion: string | null = null): void {
    this.#project = this.#trust.open(source, { ...files }, { ...env });
    this.consentRequest = null;
    this.node.switchProject();
    this.files = { ...files };
    this.env = { ...env };
    this.nextVersion = nextVersion;
    this.active = handlerFiles(files)[0] ?? Object.keys(files)[0] ?? DEFAULT_ENTRY;
    if (this.openFirst !== null) this.openIfPresent(this.openFirst);
    const entry = this.entry;
    const resolution = this.resolution;
    const kind = handlerKind(entry);
    // Python, Ruby and Go are not bundled: only JavaScript is built ahead.
    if (resolution.ok && !isLanguage(resolution.runtime) && entry in files && kind) this.compiler.prefetch(this.snapshotFiles(), entry, resolution.runtime, nextTraits(this.profile, kind));
    // Ask ahead when the local host is in use and the project has a Node.js handler; otherwise its first run asks.
    const { host, phase } = this.node.status;
    if (host === 'local' && phase !== 'failed' && !this.#trust.allowed(this.#project) && hasNodeHandler(files, this.profile)) this.#ask(this.#project);
  }

  /** Opens `path` when the project has it; otherwise says so in the console and keeps the open file. */
  openIfPresent(path: string): boolean {
    if (Object.hasOwn(this.files, path)) {
      this.active = path;
      return true;
    }
    console.warn(`file=${path}: the project has no such file, so ${this.active} stays open.`);
    return false;
  }

  /**
   * The gate before a run uses the local host: code that came from elsewhere runs on this computer only once the person
   * allowed its project. It judges the projects runs started with, not the one loaded since (a load between a run's
   * start and its turn must not lend that run its consent). `ask`: ask the person about the open project (a spare
   * process is started only where no one would be asked).
   */
  #localRunBlocked(ask = true): string | null {
    const projects = this.#nodeRuns.size ? [...this.#nodeRuns.keys()] : [this.#project];
    const refused = projects.find((project) => !this.#trust.allowed(project));
    if (!refused) return null;
    if (ask && refused === this.#project && !refused.declined) this.#ask(refused);
    return consentMessage(refused.source);
  }

  #ask(project: LoadedProject): void {
    this.consentRequest = { from: describeSource(project.source), reach: LOCAL_HOST_REACH };
  }

  /** "Run on this computer": remembered for this project; the person's own Run that was refused runs again. */
  allowLocalRun(): void {
    this.#trust.allow(this.#project);
    this.consentRequest = null;
    if (this.#ownRun?.done && this.#ownRun === this.current && this.#ownRun.error?.code === 'NODE_HOST_CONSENT_REQUIRED') void this.runNow();
  }

  /** "Not now": runs keep being refused; runs the page did not start no longer ask, the person's own Run asks again. */
  declineLocalRun(): void {
    this.#trust.decline(this.#project);
    this.consentRequest = null;
  }

  /** Runs the request builder's request against the current project; a newer run from the page cancels this one. */
  runNow(): Promise<RunRecord> {
    const draft = $state.snapshot(this.request) as RequestDraft;
    const { headers, body } = encodeBody(draft);
    this.#abort?.abort();
    const abort = (this.#abort = new AbortController());
    this.#project.declined = false;
    const request = { method: draft.method, url: draft.url, headers, body };
    if (this.compareMode) {
      const project = { files: this.snapshotFiles(), profile: this.profile };
      const sides = this.compare.run({ path: this.entry, request }, (options, record, signal) => this.execute(options, record, signal), abort.signal, project);
      // The left side is the page's current run (badge, announcer); Stop ends both; the history keeps both.
      this.current = this.#ownRun = this.compare.sides![0].record;
      return sides.then((done) => {
        for (const side of done) this.history?.add(side.record, draft.method, draft.url);
        return done[0].record;
      });
    }
    const record = new RunRecord();
    this.current = record;
    this.#ownRun = record;
    const ran = this.execute(
      { path: this.entry, request: { method: draft.method, url: draft.url, headers, body }, runtime: this.runtimeChoice },
      record,
      abort.signal,
    );
    return ran.then((done) => {
      this.history?.add(done, draft.method, draft.url);
      return done;
    });
  }

  /**
   * Stops a run in flight (the one shown, by default): its runtime ends it (the edge worker or the Node process goes
   * when it is stuck) and the record ends as stopped at once, so the next run does not wait for this one.
   */
  stop(record: RunRecord | null = this.current): boolean {
    const sides = this.compare.sides?.map((side) => side.record);
    const group = record && sides?.includes(record) ? sides : [record];
    const controllers = group.map((r) => r && this.#inFlight.get(r)).filter((c) => c !== undefined && c !== null);
    for (const controller of controllers) controller.abort();
    return controllers.length > 0;
  }

  /** Shows a run from the history again, as it was, without running anything. */
  reopen(id: string): boolean {
    const events = this.history?.events(id);
    if (!events) return false;
    const record = new RunRecord();
    for (const event of events) record.apply(event);
    this.current = record;
    return true;
  }

  /**
   * Runs one request against the project as it is now (runs may overlap): the one entry point of page and embed runs,
   * so both read the same snapshot and share what is cached by it. The record fills in as events arrive.
   */
  async execute(options: Pick<RunOptions, 'path' | 'request' | 'runtime' | 'profile'>, record = new RunRecord(), signal?: AbortSignal): Promise<RunRecord> {
    const stop = new AbortController();
    const forward = () => stop.abort();
    let settle: ReturnType<typeof setTimeout> | undefined;
    const stopped = new Promise<void>((resolve) =>
      stop.signal.addEventListener('abort', () => (settle = setTimeout(() => resolve(endStopped(record)), STOP_SETTLE_MS)), { once: true }),
    );
    if (signal?.aborted) stop.abort();
    signal?.addEventListener('abort', forward, { once: true });
    this.#inFlight.set(record, stop);
    const events = run(
      { ...options, files: this.snapshotFiles(), profile: options.profile ?? this.profile, plan: this.plan, generation: this.generation, env: this.#envSnapshot, overrides: this.#overridesSnapshot, signal: stop.signal },
      this.#services,
    );
    // Edge runs too: one that imports npm packages installs them through the Node.js host.
    const project = this.#project;
    if (project) this.#nodeRuns.set(project, (this.#nodeRuns.get(project) ?? 0) + 1);
    this.#running++;
    const consumed = (async () => {
      try {
        // Once a stopped run has been ended here, what its runtime still sends is dropped.
        for await (const event of events) if (!record.done) record.apply(event);
      } finally {
        clearTimeout(settle);
        signal?.removeEventListener('abort', forward);
        this.#inFlight.delete(record);
        if (project) {
          const left = this.#nodeRuns.get(project)! - 1;
          if (left) this.#nodeRuns.set(project, left);
          else this.#nodeRuns.delete(project);
        }
        this.#running--;
        this.#lastRunEnded = performance.now();
        this.#startCompilerWhenQuiet();
      }
    })();
    consumed.catch(() => {}); // after a Stop nobody awaits the rest of the stream
    // A stopped run answers (embed API, history) once it is ended here; its runtime winds down behind it.
    await Promise.race([consumed, stopped]);
    return record;
  }

  /** What every run uses (one object, not one per run). */
  readonly #services: RunServices = {
    compile: (files, entry, runtime: RuntimeName, next, packages) => this.compiler.compile(files, entry, runtime, next, packages),
    runtimes: { edge: this.edge, nodejs: this.node, ...this.#languageRuntimes },
    edgePackages: this.node,
    where: (runtime, limits) => (runtime === 'nodejs' ? this.node.where(limits.node.memoryMb) : null),
  };

  #running = 0;
  #lastRunEnded = -Infinity;

  /** Milliseconds since the last run ended; 0 while one is in flight. */
  quietFor(): number {
    return this.#running > 0 ? 0 : performance.now() - this.#lastRunEnded;
  }
}

/** A stopped run whose runtime has not ended it yet (a Node.js process stuck in a loop, a host still booting). */
function endStopped(record: RunRecord): void {
  if (record.done) return;
  const t = performance.now() - record.startedAt;
  record.apply({ type: 'error', code: 'CANCELLED', message: 'The run was stopped.', t });
  record.apply({ type: 'end', timings: runTimings({ totalMs: t }) });
}

/** Does any handler of the project run on Node.js? */
function hasNodeHandler(files: Files, profile: Profile): boolean {
  return handlerFiles(files).some((path) => {
    const resolution = resolveRuntime(files, path, routePath(path), profile);
    return resolution.ok && resolution.runtime === 'nodejs';
  });
}
