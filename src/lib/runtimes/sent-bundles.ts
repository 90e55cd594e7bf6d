// Which bundles the sandbox behind one port still has: a warm run sends a ref instead of the bundle's code.
import { SANDBOX_BUNDLE_CACHE, type EdgeBundle, type EdgeBundleRef } from '../../../workers/protocol';

/**
 * The ids of the bundles sent lately, least recently used first. The sandbox's cache follows the same invokes in the
 * same order and is twice as large, so (LRU caches keep what a smaller one keeps) every ref finds its bundle there.
 */
export class SentBundles {
  readonly #ids = new Set<string>();
  readonly #size: number;

  constructor(size = SANDBOX_BUNDLE_CACHE / 2) {
    this.#size = size;
  }

  /** What the next invoke carries for `bundle`. Call it once per invoke that is sent, in the order they are sent. */
  carry(bundle: EdgeBundle): EdgeBundle | EdgeBundleRef {
    const known = this.#ids.delete(bundle.id);
    this.#ids.add(bundle.id);
    if (this.#ids.size > this.#size) this.#ids.delete(this.#ids.values().next().value!);
    return known ? { id: bundle.id } : bundle;
  }
}
