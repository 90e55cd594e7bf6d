// A module in a chunk of its own: loaded once, on demand, then read synchronously by the code that runs after it.
export interface LazyModule<M> {
  /** Loads the chunk (once; later calls share the load). */
  load(): Promise<M>;
  /** The module once `load` has resolved; null before (or after a failed load). */
  readonly loaded: M | null;
}

export function lazyModule<M>(importer: () => Promise<M>): LazyModule<M> {
  let module: M | null = null;
  let loading: Promise<M> | null = null;
  return {
    load: () => (loading ??= importer().then((m) => (module = m))),
    get loaded() {
      return module;
    },
  };
}
