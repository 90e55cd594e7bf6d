// The sandbox's recent bundles by id, least recently used first out: the page sends a warm run's bundle by reference.
import { SANDBOX_BUNDLE_CACHE, type EdgeBundle, type EdgeBundleRef } from '../protocol';

export class BundleCache {
  readonly #bundles = new Map<string, EdgeBundle>();
  readonly #size: number;

  constructor(size = SANDBOX_BUNDLE_CACHE) {
    this.#size = size;
  }

  /** The full bundle for what an invoke carried (kept as most recent), or null for a ref this cache no longer has. */
  resolve(sent: EdgeBundle | EdgeBundleRef): EdgeBundle | null {
    const bundle = 'code' in sent ? sent : (this.#bundles.get(sent.id) ?? null);
    if (!bundle) return null;
    this.#bundles.delete(bundle.id);
    this.#bundles.set(bundle.id, bundle);
    if (this.#bundles.size > this.#size) this.#bundles.delete(this.#bundles.keys().next().value!);
    return bundle;
  }
}
