// Opens examples in the playground (one click, or `?example=<id>` in the URL) and keeps the person's own project
// to put back: an example never replaces someone's work without a way back.
import type { Files } from '../../../workers/protocol';
import { DEFAULT_GENERATION, type Generation, type LimitOverrides, type Plan } from '../limits';
import type { Playground } from '../playground.svelte';
import type { RequestDraft } from '../request-draft';
import type { ProjectSource } from '../consent';
import { exampleById, type Example, type ExampleRequest } from './index';

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

const sameFiles = (a: Files, b: Files) => {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
};

export class ExampleGallery {
  /** The example open now; null once the person's project is back (or before any example). */
  current = $state.raw<Example | null>(null);
  /** Which of its requests is in the request builder. */
  requestIndex = $state(0);
  /** An `?example=` id the table does not have. */
  missing = $state<string | null>(null);
  /** The person's projects an example replaced, newest last: the one before the first example, then edited examples. */
  saved = $state.raw<SavedProject[]>([]);

  readonly #playground: Playground;

  constructor(playground: Playground) {
    this.#playground = playground;
  }

  /** Opens the example named by the page's URL, if any; true when one opened. */
  openFromUrl(url: URL = new URL(location.href)): boolean {
    const id = url.searchParams.get(EXAMPLE_PARAM);
    if (id === null) return false;
    return this.open(id, { push: false });
  }

  /** The URL's example after Back or Forward: open it, or put the person's project back when it names none. */
  followUrl(url: URL = new URL(location.href)): void {
    if (url.searchParams.has(EXAMPLE_PARAM)) this.openFromUrl(url);
    else if (this.current) this.restore({ push: false });
  }

  open(id: string, { push = true }: { push?: boolean } = {}): boolean {
    const example = exampleById(id);
    if (!example) {
      this.missing = id;
      return false;
    }
    const pg = this.#playground;
    // The project at hand is the person's unless it is the example open now, untouched.
    if (!this.current || this.#edited(this.current)) this.saved = [...this.saved, this.#snapshot()].slice(-MAX_SAVED);
    pg.load(example.files, undefined, example.env ?? {}, example.nextVersion ?? null);
    pg.active = example.open;
    pg.plan = example.plan ?? 'hobby';
    pg.generation = example.generation ?? DEFAULT_GENERATION;
    pg.overrides = { ...example.overrides };
    this.current = example;
    this.missing = null;
    this.useRequest(0);
    if (push) this.#setUrl(id);
    return true;
  }

  /** Puts one of the example's requests into the request builder. */
  useRequest(index: number): void {
    const request = this.current?.requests[index];
    if (!request) return;
    this.requestIndex = index;
    this.#playground.request = draftFor(request);
  }

  /** Puts the person's newest replaced project back as it was. */
  restore({ push = true }: { push?: boolean } = {}): void {
    const saved = this.saved.at(-1);
    if (!saved) return;
    const pg = this.#playground;
    pg.load(saved.files, saved.source, saved.env, saved.nextVersion);
    pg.active = saved.active;
    pg.plan = saved.plan;
    pg.generation = saved.generation;
    pg.overrides = saved.overrides;
    pg.request = saved.request;
    this.saved = this.saved.slice(0, -1);
    this.current = null;
    if (push) this.#setUrl(null);
  }

  /** Has the person changed the example's files or environment since it opened? */
  #edited(example: Example): boolean {
    const pg = this.#playground;
    return !sameFiles($state.snapshot(pg.files) as Files, example.files) || !sameFiles($state.snapshot(pg.env), example.env ?? {});
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
    };
  }

  #setUrl(id: string | null): void {
    const url = new URL(location.href);
    if (id === null) url.searchParams.delete(EXAMPLE_PARAM);
    else url.searchParams.set(EXAMPLE_PARAM, id);
    history.pushState(history.state, '', url);
  }
}
