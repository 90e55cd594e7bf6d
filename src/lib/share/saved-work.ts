// The person's edits, kept in localStorage per slot (their own project, each example, each share link, each embed
// page) so a reload, a crash or a closed tab gives them back. Storage that throws or is full keeps the work in memory
// for this page; a stored value that does not check out (hand-edited, an older shape) reads as nothing saved.
import { GENERATIONS, LIMIT_OVERRIDE_KEYS, PLANS, type Generation, type LimitOverrides, type Plan } from '../limits';
import { getItemQuietly, guardStorage, pageStorage, removeItemQuietly, setItemMakingRoom } from '../local-storage';
import { BODY_TYPES, type BodyType, type RequestDraft } from '../request-draft';
import type { SharedProject } from './codec';
import { isObject, isStringRecord } from './shape';

/** The project as it is saved: what a link carries, plus the limits shortened, the environment and when. */
export interface WorkState extends SharedProject {
  overrides: LimitOverrides;
  env: Record<string, string>;
  /** Date.now() of the write; the oldest slots go first. */
  savedAt: number;
}

export const SAVED_WORK_CAPS = {
  /** Slots kept, `own` included; past it the least recently saved go (never `own`). */
  slots: 20,
} as const;

/** The person's project on the full page; never dropped to make room. */
export const OWN_SLOT = 'own';

const SLOT_KEY_PREFIX = 'playground:work:';
const INDEX_KEY = 'playground:work-index';
const VERSION = 1;

interface IndexEntry {
  slot: string;
  savedAt: number;
}

export class SavedWork {
  readonly #storage: () => Storage | null;
  /** Slots whose last write storage did not take: they read back from here until the page goes. */
  readonly #memory = new Map<string, WorkState>();

  /** @param storage where the work lives; @default globalThis.localStorage (null: memory only) */
  constructor(storage: () => Storage | null = pageStorage) {
    this.#storage = guardStorage(storage);
  }

  read(slot: string): WorkState | null {
    const kept = this.#memory.get(slot);
    if (kept) return JSON.parse(JSON.stringify(kept)) as WorkState;
    const text = getItemQuietly(this.#storage(), SLOT_KEY_PREFIX + slot);
    if (text === null) return null;
    try {
      const saved = JSON.parse(text) as { v?: unknown; work?: unknown };
      return saved.v === VERSION && isWorkState(saved.work) ? saved.work : null;
    } catch {
      return null;
    }
  }

  write(slot: string, state: WorkState): void {
    const text = JSON.stringify({ v: VERSION, work: state }); // also a plain copy of Svelte state, which cannot be cloned
    const storage = this.#storage();
    const previous = this.#readIndex(storage);
    // The slot being written stays, and `own`; the others by how recently they were saved, within the cap.
    let index = bound([{ slot, savedAt: state.savedAt }, ...previous.filter((e) => e.slot !== slot)]);
    for (const e of previous) if (!index.some((kept) => kept.slot === e.slot)) this.#forget(storage, e.slot);
    const makeRoom = () => {
      const oldest = index.findLast((e) => e.slot !== slot && e.slot !== OWN_SLOT);
      if (!oldest) return false;
      index = index.filter((e) => e !== oldest);
      this.#forget(storage, oldest.slot);
      return true;
    };
    if (storage !== null && setItemMakingRoom(storage, SLOT_KEY_PREFIX + slot, () => text, makeRoom)) this.#memory.delete(slot);
    else this.#memory.set(slot, (JSON.parse(text) as { work: WorkState }).work);
    if (storage) setItemMakingRoom(storage, INDEX_KEY, () => JSON.stringify(index), makeRoom);
    // What lives only in memory is bounded the same way.
    const inMemory = bound([...this.#memory].map(([s, w]) => ({ slot: s, savedAt: w.savedAt })).sort((a, b) => b.savedAt - a.savedAt));
    for (const s of [...this.#memory.keys()]) if (!inMemory.some((e) => e.slot === s)) this.#memory.delete(s);
  }

  remove(slot: string): void {
    const storage = this.#storage();
    this.#forget(storage, slot);
    if (!storage) return;
    const index = this.#readIndex(storage).filter((e) => e.slot !== slot);
    setItemMakingRoom(storage, INDEX_KEY, () => JSON.stringify(index), () => false);
  }

  #forget(storage: Storage | null, slot: string): void {
    this.#memory.delete(slot);
    removeItemQuietly(storage, SLOT_KEY_PREFIX + slot);
  }

  /** The stored slots, newest first; slots whose index entry went missing (a tab closed between writes) are adopted. */
  #readIndex(storage: Storage | null): IndexEntry[] {
    if (!storage) return [];
    let list: IndexEntry[] = [];
    try {
      const parsed = JSON.parse(getItemQuietly(storage, INDEX_KEY) ?? '[]') as unknown;
      if (Array.isArray(parsed)) list = parsed.filter(isIndexEntry);
    } catch {
      // an unreadable index is rebuilt from the slots below
    }
    try {
      const known = new Set(list.map((e) => e.slot));
      for (let i = 0; i < storage.length; i++) {
        const key = storage.key(i);
        if (!key?.startsWith(SLOT_KEY_PREFIX) || known.has(key.slice(SLOT_KEY_PREFIX.length))) continue;
        const slot = key.slice(SLOT_KEY_PREFIX.length);
        const work = this.#storedSlot(storage, slot);
        list.push({ slot, savedAt: work?.savedAt ?? 0 });
      }
    } catch {
      // storage went away meanwhile
    }
    return list.sort((a, b) => b.savedAt - a.savedAt);
  }

  #storedSlot(storage: Storage, slot: string): WorkState | null {
    try {
      const saved = JSON.parse(storage.getItem(SLOT_KEY_PREFIX + slot) ?? 'null') as { v?: unknown; work?: unknown } | null;
      return saved?.v === VERSION && isWorkState(saved.work) ? saved.work : null;
    } catch {
      return null;
    }
  }
}

/** The first entries within SAVED_WORK_CAPS.slots, `own` always among them. */
function bound(entries: IndexEntry[]): IndexEntry[] {
  const own = entries.some((e) => e.slot === OWN_SLOT);
  let others = SAVED_WORK_CAPS.slots - (own ? 1 : 0);
  return entries.filter((e) => e.slot === OWN_SLOT || others-- > 0);
}

const isIndexEntry = (v: unknown): v is IndexEntry => isObject(v) && typeof v.slot === 'string' && typeof v.savedAt === 'number';
const isRows = (v: unknown) =>
  Array.isArray(v) && v.every((r) => isObject(r) && typeof r.name === 'string' && typeof r.value === 'string' && typeof r.enabled === 'boolean');

function isRequestDraft(v: unknown): v is RequestDraft {
  return (
    isObject(v) &&
    typeof v.method === 'string' &&
    typeof v.url === 'string' &&
    isRows(v.headers) &&
    isRows(v.cookies) &&
    BODY_TYPES.includes(v.bodyType as BodyType) &&
    typeof v.body === 'string'
  );
}

const isOverrides = (v: unknown): v is LimitOverrides =>
  isObject(v) &&
  Object.entries(v).every(([k, ms]) => LIMIT_OVERRIDE_KEYS.includes(k) && typeof ms === 'number' && Number.isFinite(ms) && ms > 0);

/** Does `v` have every field of a WorkState, each of the right kind? (A project needs at least one file.) */
export function isWorkState(v: unknown): v is WorkState {
  return (
    isObject(v) &&
    isStringRecord(v.files) &&
    Object.keys(v.files).length > 0 &&
    typeof v.active === 'string' &&
    isRequestDraft(v.request) &&
    (v.nextVersion === null || typeof v.nextVersion === 'string') &&
    PLANS.includes(v.plan as Plan) &&
    GENERATIONS.includes(v.generation as Generation) &&
    isOverrides(v.overrides) &&
    isStringRecord(v.env) &&
    typeof v.savedAt === 'number' &&
    Number.isFinite(v.savedAt)
  );
}
