// localStorage that may be absent, blocked (opaque origin, third-party storage off) or full: callers get null or a
// refused write instead of an exception, so what they keep falls back to memory and the page goes on.

/** `storage` wrapped so that a throwing getter (blocked storage) reads as no storage. */
export function guardStorage(storage: () => Storage | null): () => Storage | null {
  return () => {
    try {
      return storage();
    } catch {
      return null;
    }
  };
}

/** The page's localStorage, or null where there is none or it is blocked. */
export const pageStorage = (): Storage | null => globalThis.localStorage ?? null;

/**
 * Writes one item; when storage refuses it (a quota error), `makeRoom` frees something and it tries again, until it
 * fits or `makeRoom` has nothing left to free (false). `value` is read on each try: freeing room may change it.
 */
export function setItemMakingRoom(storage: Storage, key: string, value: () => string, makeRoom: () => boolean): boolean {
  for (;;) {
    try {
      storage.setItem(key, value());
      return true;
    } catch {
      if (!makeRoom()) return false;
    }
  }
}

export function getItemQuietly(storage: Storage | null, key: string): string | null {
  try {
    return storage?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

export function removeItemQuietly(storage: Storage | null, key: string): void {
  try {
    storage?.removeItem(key);
  } catch {
    // gone already, or storage went away
  }
}
