// The EdgeBundle id: a content hash of what makes a bundle distinct, so a run of the same bundle reuses its warm worker.
import type { EdgeBundle } from '../../../workers/protocol';

type BundleParts = Pick<EdgeBundle, 'code' | 'kind' | 'path' | 'env' | 'next'>;

/**
 * The last bundle hashed: warm runs repeat the same bundle, and hashing its code each time costs a thread hop.
 * `value` is its id once the digest is done, for a warm run that need not wait a microtask for it.
 */
let last: { code: string; key: string; id: Promise<string>; value: string | null } | null = null;

function keyOf({ kind, path, env, next }: BundleParts): string {
  const sortedEnv = Object.keys(env)
    .sort()
    .map((k) => [k, env[k]]);
  return JSON.stringify([kind, path, sortedEnv, next ?? null]);
}

/** SHA-1 of code, kind, path, env (sorted) and Next traits, as hex. Not for security: a cache key. */
export function bundleId(parts: BundleParts): Promise<string> {
  const key = keyOf(parts);
  if (last && last.code === parts.code && last.key === key) return last.id;
  const entry: NonNullable<typeof last> = { code: parts.code, key, id: Promise.resolve(''), value: null };
  entry.id = crypto.subtle
    .digest('SHA-1', new TextEncoder().encode(key + '\n' + parts.code))
    .then((digest) => (entry.value = Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('')));
  last = entry;
  return entry.id;
}

/** This bundle's id when it is the last one hashed and its digest is done; else null (then ask `bundleId`). */
export function knownBundleId(parts: BundleParts): string | null {
  return last && last.value !== null && last.code === parts.code && last.key === keyOf(parts) ? last.value : null;
}
