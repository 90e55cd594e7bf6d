// A build's lane: its runtime and the Next.js around it. Within a lane the latest request wins; builds in different
// lanes (the two profiles of a versions compare, a middleware beside its route) neither cancel nor evict each other.
import type { NextTraits, RuntimeName } from '../protocol';

export const buildLane = (runtime: RuntimeName, next: NextTraits | undefined): string => JSON.stringify([runtime, next ?? null]);

/** How many lanes keep a build context and a last result: a few profiles and kinds; the oldest unused goes first. */
export const MAX_LANES = 6;
