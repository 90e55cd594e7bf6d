// The editor's full Node.js types, fetched the first time a Node.js file is open: edge-only pages never load them.
import type { ExtraLib } from './types';

let loading: Promise<readonly ExtraLib[]> | null = null;

/** The trimmed @types/node as extra libs (its own chunk); a failed load can be retried. */
export function loadNodeTypes(): Promise<readonly ExtraLib[]> {
  loading ??= import('virtual:editor-node-types').then(
    (m) => m.default,
    (e: unknown) => {
      loading = null;
      throw e;
    },
  );
  return loading;
}
