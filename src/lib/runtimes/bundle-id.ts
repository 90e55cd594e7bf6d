// The EdgeBundle id: a content hash of what makes a bundle distinct, so a run of the same bundle reuses its warm worker.
import type { EdgeBundle } from '../../../workers/protocol';

type BundleParts = Pick<EdgeBundle, 'code' | 'kind' | 'path' | 'env' | 'next'>;

/** The last bundle hashed: warm runs repeat the same bundle, and hashing its code each time costs a thread hop. */
let last: { code: string; key: string; id: Promise<string> } | null = null;

/** SHA-1 of code, kind, path, env (sorted) and Next traits, as hex. Not for security: a cache key. */
export function bundleId({ code, kind, path, env, next }: BundleParts): Promise<string> {
  const sortedEnv = Object.keys(env)
    .sort()
    .map((k) => [k, env[k]]);
  const key = JSON.stringify([kind, path, sortedEnv, next ?? null]);
  if (last && last.code === code && last.key === key) return last.id;
  const id = crypto.subtle
    .digest('SHA-1', new TextEncoder().encode(key + '\n' + code))
    .then((digest) => Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join(''));
  last = { code, key, id };
  return id;
}
