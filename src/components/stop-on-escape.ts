// Escape inside a pane (the request bar, the response) stops the run in flight that the page shows.
import type { Playground } from '../lib/playground.svelte';

export function stopOnEscape(node: HTMLElement, options: { playground: Playground; stopped?: () => void }) {
  const onkeydown = (e: KeyboardEvent) => {
    const shown = options.playground.current;
    if (e.key !== 'Escape' || !shown || shown.done) return;
    e.preventDefault();
    options.playground.stop();
    options.stopped?.();
  };
  node.addEventListener('keydown', onkeydown);
  return {
    update: (next: typeof options) => (options = next),
    destroy: () => node.removeEventListener('keydown', onkeydown),
  };
}
