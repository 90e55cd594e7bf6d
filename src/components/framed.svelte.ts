// A value that follows a reactive source at most once per animation frame: a run can emit thousands of chunks or
// log lines a second, and the views only need to paint what a person can see.
import { untrack } from 'svelte';

export function framed<T>(read: () => T): { readonly value: T } {
  let value = $state.raw(untrack(read));
  let frame = 0;
  $effect(() => {
    read();
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      value = untrack(read);
    });
  });
  $effect(() => () => cancelAnimationFrame(frame));
  return {
    get value() {
      return value;
    },
  };
}
