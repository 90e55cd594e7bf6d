// What a run asks of the project that depends only on its inputs (the page's files snapshot, profile, plan): warm
// runs ask the same questions of the same objects, so each answer is kept for the arguments it was last given.
// Arguments are compared by identity; the snapshots the page passes are new objects after every change
// (playground.svelte.ts), and nobody mutates them.

/** `compute` with its last answer kept for the same arguments (by identity). */
export function lastCall<A extends unknown[], R>(compute: (...args: A) => R): (...args: A) => R {
  let last: { args: A; result: R } | null = null;
  return (...args: A): R => {
    if (last && last.args.length === args.length && last.args.every((a, i) => a === args[i])) return last.result;
    const result = compute(...args);
    last = { args, result };
    return result;
  };
}

/** The same, for an answer that also depends on the date (Node.js versions retire on set days): kept for `maxAgeMs`. */
export function lastCallFor<A extends unknown[], R>(maxAgeMs: number, compute: (...args: A) => R, now: () => number = Date.now): (...args: A) => R {
  let last: { args: A; result: R; at: number } | null = null;
  return (...args: A): R => {
    const at = now();
    if (last && at - last.at < maxAgeMs && last.args.length === args.length && last.args.every((a, i) => a === args[i])) return last.result;
    const result = compute(...args);
    last = { args, result, at };
    return result;
  };
}
