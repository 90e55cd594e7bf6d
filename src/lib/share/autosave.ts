// Every change to the project goes to its slot of saved work (src/lib/share/saved-work.ts) within AUTOSAVE_DELAY_MS,
// and at once when the page is hidden or goes away, so a reload, a crash or a closed tab loses nothing.
import type { Files } from '../../../workers/protocol';
import type { ProjectSource } from '../consent';
import { DEFAULT_GENERATION } from '../limits';
import { DEFAULT_ENTRY, DEFAULT_FILES, DEFAULT_REQUEST_URL } from '../project/examples';
import type { Playground } from '../playground.svelte';
import type { SavedWork, WorkState } from './saved-work';
import { watch } from './watch.svelte';

/** The longest an edit waits before it is written (a burst of typing is written once, not per key). */
export const AUTOSAVE_DELAY_MS = 300;

type Project = Omit<WorkState, 'savedAt'>;

/** The project as JSON; reading it inside an effect tracks every part of it. */
function projectText(pg: Playground): string {
  const project: Project = {
    files: pg.files,
    active: pg.active,
    request: pg.request,
    nextVersion: pg.nextVersion,
    plan: pg.plan,
    generation: pg.generation,
    overrides: pg.overrides,
    env: pg.env,
  };
  return JSON.stringify(project);
}

/** The page's project as saved work, a plain copy. */
export function currentWork(pg: Playground): WorkState {
  return { ...(JSON.parse(projectText(pg)) as Project), savedAt: Date.now() };
}

/**
 * Writes the project to `playground.workSlot` after each change; nothing while `playground.readonly`. Opening another
 * project (a new slot) first writes what the last one had, then starts from the new one as saved. Returns stop.
 */
export function startAutosave(pg: Playground, work: SavedWork, win: Window = window): () => void {
  let slot: string | null = null;
  /** The slot's project as last written or opened, and as last seen. */
  let saved = '';
  let latest = '';
  let timer: ReturnType<typeof setTimeout> | undefined;

  const save = () => {
    clearTimeout(timer);
    timer = undefined;
    if (slot === null || pg.readonly) return;
    // Read now: the last keystroke may not have reached the watcher yet.
    if (pg.workSlot === slot) latest = projectText(pg);
    if (latest === saved) return;
    work.write(slot, { ...(JSON.parse(latest) as Project), savedAt: Date.now() });
    saved = latest;
  };

  const stopWatch = watch(
    () => ({ slot: pg.workSlot, text: projectText(pg) }),
    (next) => {
      if (next.slot !== slot) {
        save();
        slot = next.slot;
        saved = latest = next.text;
        return;
      }
      latest = next.text;
      if (latest !== saved && timer === undefined && !pg.readonly) timer = setTimeout(save, AUTOSAVE_DELAY_MS);
    },
  );
  const onHidden = () => {
    if (win.document.visibilityState === 'hidden') save();
  };
  win.addEventListener('pagehide', save);
  win.document.addEventListener('visibilitychange', onHidden);
  return () => {
    save();
    stopWatch();
    win.removeEventListener('pagehide', save);
    win.document.removeEventListener('visibilitychange', onHidden);
  };
}

/** Makes `slot` the project's and shows its saved work, if any (a read-only page shows what it was given); true if some. */
export function openSaved(pg: Playground, slot: string): boolean {
  pg.workSlot = slot;
  const saved = pg.readonly ? null : pg.work.read(slot);
  if (saved) restoreInto(pg, saved);
  return saved !== null;
}

/**
 * Puts saved work into the playground as it was (`load` resets the open file, the request and the limits, so they are
 * set after it). `source` says where the project came from, for the consent of its Node.js runs; @default its current
 */
export function restoreInto(pg: Playground, state: WorkState, source: ProjectSource = pg.source): void {
  const files: Files = { ...state.files };
  pg.load(files, source, { ...state.env }, state.nextVersion);
  if (state.active in files) pg.active = state.active;
  pg.request = JSON.parse(JSON.stringify(state.request)) as WorkState['request'];
  pg.plan = state.plan;
  pg.generation = state.generation;
  pg.overrides = { ...state.overrides };
}

/** The project a first visit shows (Playground's initial state), for "Reset" of the person's own project. */
export function starterWork(): WorkState {
  return {
    files: { ...DEFAULT_FILES },
    active: DEFAULT_ENTRY,
    request: { method: 'GET', url: DEFAULT_REQUEST_URL, headers: [], cookies: [], bodyType: 'none', body: '' },
    nextVersion: null,
    plan: 'hobby',
    generation: DEFAULT_GENERATION,
    overrides: {},
    env: {},
    savedAt: 0,
  };
}
