// Loads the code editor on demand. Monaco is megabytes: the page paints the code as text first and swaps the
// editor in when this resolves, so nothing here may be imported statically by the first chunk.

export type EditorKit = typeof import('./monaco-session');

let loading: Promise<EditorKit> | null = null;

/** Monaco and the session around it; a failed load can be retried. */
export function loadEditor(): Promise<EditorKit> {
  loading ??= import('./monaco-session').catch((e: unknown) => {
    loading = null;
    throw e;
  });
  return loading;
}
