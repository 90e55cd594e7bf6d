// When an embed starts its playground (esbuild, the edge sandbox, Monaco): once scrolled into view, or with
// clickToLoad once the reader clicks; until then the host's messages wait here.
import type { LoadMessage, PlaygroundMessage } from './embed-protocol';
import { EMBED_VERSION, isHostMessage } from './embed-protocol';

export interface EmbedGateOptions {
  /** Start on the reader's click (`startNow`) only, not on coming into view. */
  clickToLoad: boolean;
  /** Mounts the playground and its embed API (listening, without announcing itself again). */
  start(): Promise<void>;
  /** A load the host sent before the start, for the placeholder to show what is coming. */
  onHeldLoad?(message: LoadMessage): void;
}

export interface EmbedGate {
  /** The reader asked for the playground (the "Load playground" button). */
  startNow(): Promise<void>;
  /** Stops waiting without starting (the page goes away). */
  stop(): void;
}

/**
 * The rule for host messages before the start, kept simple:
 * - `playground:ready` is answered at once, from here (the playground does not announce itself again);
 * - a `playground:load` is kept, and applied once the playground starts;
 * - any other host message (`playground:run` above all: a host that runs wants the playground) starts it now;
 * - every kept message is then handled by the playground in the order it arrived, answered as usual.
 */
export function gateEmbed(options: EmbedGateOptions, win: Window = window): EmbedGate {
  const target = win.parent;
  const opener = target === win ? (win.opener as Window | null) : null;
  const held: MessageEvent[] = [];
  let started: Promise<void> | null = null;
  let observer: IntersectionObserver | null = null;

  const onMessage = (event: MessageEvent) => {
    const fromHost = event.source === target || (opener !== null && event.source === opener);
    if (!fromHost || !isHostMessage(event.data)) return;
    held.push(event);
    if (event.data.type === 'playground:load') options.onHeldLoad?.(event.data as unknown as LoadMessage);
    else void startNow();
  };

  const stop = () => {
    win.removeEventListener('message', onMessage);
    observer?.disconnect();
  };

  const startNow = (): Promise<void> =>
    (started ??= options.start().then(() => {
      // In one task: nothing can arrive between the hand-over and the replay, so the order is kept.
      stop();
      for (const event of held.splice(0))
        win.dispatchEvent(new MessageEvent('message', { data: event.data, origin: event.origin, source: event.source, ports: [...event.ports] }));
    }, (e: unknown) => console.error('The playground failed to start', e)));

  win.addEventListener('message', onMessage);
  const ready: PlaygroundMessage = { type: 'playground:ready', version: EMBED_VERSION };
  target.postMessage(ready, '*');
  opener?.postMessage(ready, '*');

  if (!options.clickToLoad) {
    // The implicit root is the top-level viewport, also from a frame on another origin: only embeds in view start.
    observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) void startNow();
    });
    observer.observe(win.document.documentElement);
  }
  return { startNow, stop };
}
