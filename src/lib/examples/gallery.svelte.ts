// Opens examples in the playground (one click, or `?example=<id>` in the URL) and keeps the person's own project
// to put back: an example never replaces someone's work without a way back. Edits to an example are saved in its own
// slot (`example:<id>`) and come back when it opens again, until "Reset to example".
import type { Files } from '../../../workers/protocol';
import { sameRecord } from '../../../workers/shared/same-record';
import { DEFAULT_GENERATION, type Generation, type LimitOverrides, type Plan } from '../limits';
import type { Playground } from '../playground.svelte';
import type { RequestDraft } from '../request-draft';
import { OWN_SOURCE, type ProjectSource } from '../consent';
import { restoreInto, starterWork } from '../share/autosave';
import { OWN_SLOT } from '../share/saved-work';
import { DEFAULT_FILES } from '../project/examples';
import { exampleTable } from './load';
import type { Example, ExampleRequest } from './types';

/** Everything an example replaces, as it was. */
interface SavedProject {
  files: Files;
  active: string;
  env: Record<string, string>;
  nextVersion: string | null;
  plan: Plan;
  generation: Generation;
  overrides: LimitOverrides;
  request: RequestDraft;
  /** A project that came from elsewhere goes back as from there, so it asks before running on this computer again. */
  source: ProjectSource;
  /** Where its edits are saved (Playground.workSlot). */
  slot: string;
}

export const EXAMPLE_PARAM = 'example';
/** Projects kept to put back; more than a few would only hold memory. */
const MAX_SAVED = 5;

/** The request builder's draft for one of an example's requests. */
export function draftFor(request: ExampleRequest): RequestDraft {
  const rows = (pairs: [string, string][] = []) => pairs.map(([name, value]) => ({ name, value, enabled: true }));
  return {
    method: request.method,
    url: request.url,
    headers: rows(request.headers),
    cookies: rows(request.cookies),
    bodyType: request.bodyType ?? 'none',
    body: request.body ?? '',
  };
}

/** Do these files (and environment) differ from the example's own? */
export const editedFrom = (example: Example, files: Files, env: Record<string, string>) =>
  !sameRecord(files, example.files) || !sameRecord(env, example.env ?? {});

/** Does the person's own project differ from the starter project? */
export const editedFromStarter = (files: Files) => !sameRecord(files, DEFAULT_FILES);

export class ExampleGallery {
  /** The example open now; null once the person's project is back (or before any example). */
  current = $state.raw<Example | null>(null);
  /** Which of its requests is in the request builder. */
  requestIndex = $state(0);
  /** An `?example=` id the table does not have. */
  missing = $state<string | null>(null);
  /** The person's projects an example replaced, newest last: the one before the first example, then edited examples. */
  saved = $state.raw<SavedProject[]>([]);

  /** The open example's files came back from its saved edits ("Your edits to this example"). */
  restoredEdits = $state(false);

  readonly #playground: Playground;
  readonly #slotPrefix: string;

  /** @param options.slotPrefix where an example's edits are saved, before its id; @default 'example:' (an embed: 'embed:example:') */
  constructor(playground: Playground, { slotPrefix = 'example:' }: { slotPrefix?: string } = {}) {
    this.#playground = playground;
    this.#slotPrefix = slotPrefix;
  }

  /** Has the person changed the open example's files or environment? */
  get edited(): boolean {
    const pg = this.#playground;
    return this.current !== null && editedFrom(this.current, pg.files, pg.env);
  }

  /** Can "Back to your project" go anywhere: a replaced project, or (after a reload on an example) the saved own one. */
  get canRestore(): boolean {
    return this.saved.length > 0 || this.current !== null;
  }

  /** Opens the example named by the page's URL, if any; true when one opened. The table must be loaded (main.ts). */
  openFromUrl(url: URL = new URL(location.href)): boolean {
    const id = url.searchParams.get(EXAMPLE_PARAM);
    if (id === null) return false;
    return this.open(id, { push: false });
  }

  /** The URL's example after Back or Forward: open it, or put the person's project back when it names none. */
  async followUrl(url: URL = new URL(location.href)): Promise<void> {
    if (!url.searchParams.has(EXAMPLE_PARAM)) {
      if (this.current) this.restore({ push: false });
      return;
    }
    await exampleTable.load();
    if (url.href === location.href) this.openFromUrl(url); // not if the person went elsewhere meanwhile
  }

  /** Opens an example of the loaded table (exampleTable.load()). */
  open(id: string, { push = true }: { push?: boolean } = {}): boolean {
    const table = exampleTable.loaded;
    if (!table) throw new Error('The examples table is not loaded yet.');
    const example = table.exampleById(id);
    if (!example) {
      this.missing = id;
      return false;
    }
    const pg = this.#playground;
    // The project at hand is the person's unless it is the example open now, untouched.
    if (!this.current || this.#edited(this.current)) this.saved = [...this.saved, this.#snapshot()].slice(-MAX_SAVED);
    this.#openPristine(example);
    const edits = pg.work.read(this.#slotPrefix + id);
    if (edits) restoreInto(pg, edits);
    this.restoredEdits = edits !== null && editedFrom(example, edits.files, edits.env);
    if (push) this.#setUrl(id);
    return true;
  }

  /** "Reset to example": the open example's saved edits go and its own files, request and limits come back. */
  resetExample(): void {
    const example = this.current;
    if (!example) return;
    this.#playground.work.remove(this.#slotPrefix + example.id);
    this.#openPristine(example);
    this.restoredEdits = false;
  }

  /** Reset of the person's own project: its saved edits go and the starter project comes back. */
  resetOwn(): void {
    const pg = this.#playground;
    pg.work.remove(OWN_SLOT);
    restoreInto(pg, starterWork(), OWN_SOURCE);
    pg.workSlot = OWN_SLOT;
  }

  #openPristine(example: Example): void {
    const pg = this.#playground;
    pg.load(example.files, undefined, example.env ?? {}, example.nextVersion ?? null);
    pg.active = example.open;
    pg.plan = example.plan ?? 'hobby';
    pg.generation = example.generation ?? DEFAULT_GENERATION;
    pg.overrides = { ...example.overrides };
    pg.workSlot = this.#slotPrefix + example.id;
    this.current = example;
    this.missing = null;
    this.useRequest(0);
  }

  /** Puts one of the example's requests into the request builder. */
  useRequest(index: number): void {
    const request = this.current?.requests[index];
    if (!request) return;
    this.requestIndex = index;
    this.#playground.request = draftFor(request);
  }

  /** Puts the person's newest replaced project back as it was; none (a reload on an example): their saved own one. */
  restore({ push = true }: { push?: boolean } = {}): void {
    const saved = this.saved.at(-1);
    const pg = this.#playground;
    if (saved) {
      // The own project as saved is at least as new as the snapshot (at a start on an example, the snapshot is the
      // starter the page never showed).
      const own = saved.slot === OWN_SLOT ? pg.work.read(OWN_SLOT) : null;
      restoreInto(pg, own ?? { ...saved, savedAt: 0 }, saved.source);
      pg.workSlot = saved.slot;
      this.saved = this.saved.slice(0, -1);
    } else if (this.current) {
      restoreInto(pg, pg.work.read(OWN_SLOT) ?? starterWork(), OWN_SOURCE);
      pg.workSlot = OWN_SLOT;
    } else return;
    this.current = null;
    this.restoredEdits = false;
    if (push) this.#setUrl(null);
  }

  /** Has the person changed the example's files or environment since it opened? */
  #edited(example: Example): boolean {
    const pg = this.#playground;
    return editedFrom(example, $state.snapshot(pg.files) as Files, $state.snapshot(pg.env));
  }

  #snapshot(): SavedProject {
    const pg = this.#playground;
    return {
      files: $state.snapshot(pg.files) as Files,
      active: pg.active,
      env: $state.snapshot(pg.env),
      nextVersion: pg.nextVersion,
      plan: pg.plan,
      generation: pg.generation,
      overrides: $state.snapshot(pg.overrides),
      request: $state.snapshot(pg.request) as RequestDraft,
      source: pg.source,
      slot: pg.workSlot,
    };
  }

  #setUrl(id: string | null): void {
    const url = new URL(location.href);
    if (id === null) url.searchParams.delete(EXAMPLE_PARAM);
    else url.searchParams.set(EXAMPLE_PARAM, id);
    history.pushState(history.state, '', url);
  }
}
