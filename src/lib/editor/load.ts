// Loads the code editor on demand. Monaco is megabytes: the page paints the code as text first and swaps the
// editor in when this resolves, so nothing here may be imported statically by the first chunk.

export type EditorKit = typeof import('./monaco-session');

let loading: Promise<EditorKit> | null = null;

/** Lets input, rendering and messages (a run's events) in before the next slice of work. */
export function yieldToPage(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (scheduler?.yield) return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Monaco and the session around it; a failed load can be retried. A build evaluates Monaco one stage per task
 * (src/server/monaco-stages.ts) rather than in one long task that would hold the page.
 */
export function loadEditor(): Promise<EditorKit> {
  loading ??= (async () => {
    // The list of stages is a chunk of its own: it names every chunk and style sheet of Monaco.
    const { default: stages } = await import('virtual:monaco-stages');
    for (const stage of stages) {
      await stage();
      await yieldToPage();
    }
    return import('./monaco-session');
  })().catch((e: unknown) => {
    loading = null;
    throw e;
  });
  return loading;
}
