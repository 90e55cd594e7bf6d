// The EdgeBundle id: a content hash of what makes a bundle distinct, so a run of the same bundle reuses its warm worker.
import type { EdgeBundle } from '../../../workers/protocol';

type BundleParts = Pick<EdgeBundle, 'code' | 'kind' | 'path' | 'env'>;

/** SHA-1 of code, kind, path and env (sorted), as hex. Not for security: a cache key. */
export async function bundleId({ code, kind, path, env }: BundleParts): Promise<string> {
  const sortedEnv = Object.keys(env)
    .sort()
    .map((k) => [k, env[k]]);
  const text = JSON.stringify([kind, path, sortedEnv, code]);
  const digest = await crypto.subtle.digest('SHA-1', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
