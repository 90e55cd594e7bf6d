// A build's lane: its runtime and the Next.js around it. Within a lane the latest request wins; builds in different
// lanes (the two profiles of a versions compare, a middleware beside its route) neither cancel nor evict each other.
import type { NextTraits, RuntimeName } from '../protocol';

export const buildLane = (runtime: RuntimeName, next: NextTraits | undefined): string => JSON.stringify([runtime, next ?? null]);

/**
 * How many builds (a lane and an entry each) keep a build context and a last result: a few profiles, kinds and files
 * run in turn (a compare, a middleware beside its route, two routes of one example); the oldest unused goes first.
 */
export const MAX_BUILDS = 8;
