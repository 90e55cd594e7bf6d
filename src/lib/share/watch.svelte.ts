// Calls back when what `read` reads changes: the runes that track it, for modules that are plain TypeScript.
import { untrack } from 'svelte';

/** Calls `onChange` with `read()` now (after the current update) and after every change to what it read; returns stop. */
export function watch<T>(read: () => T, onChange: (value: T) => void): () => void {
  return $effect.root(() => {
    $effect(() => {
      const value = read();
      untrack(() => onChange(value));
    });
  });
}
