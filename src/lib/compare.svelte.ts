// Compare mode: the same request answered twice, on the edge and the Node.js runtime, or under two Next.js profiles.
// Each side is its own run (its own RunRecord and event stream); compare stays on for later runs until turned off.
import type { RuntimeName } from '../../workers/protocol';
import { DEFAULT_PROFILE, profileFor, type Profile } from './project/profiles';
import type { RunOptions } from './run';
import { RunRecord } from './run-record.svelte';

export type CompareMode = 'runtimes' | 'versions';

export interface CompareSide {
  /** The region's name: `Edge runtime result`, `Next.js 14.2 result`. */
  name: string;
  /** What this side forces: a runtime, or a profile (the runtime then resolves under it). */
  runtime?: RuntimeName;
  profile?: Profile;
  record: RunRecord;
}

/** The version a profile row stands for (its reference build), as the version picker and the URL spell it. */
export const versionOf = (profile: Profile) => profile.reference?.replace(/\.x$/, '') ?? profile.from.join('.');

/** A version string's profile; an unknown one falls back to what people install today. */
export function profileOf(version: string): Profile {
  const found = profileFor(version);
  return found.ok ? found.profile : DEFAULT_PROFILE;
}

/** The versions compare's default: 14 (layouts' runtime inherited by route handlers) against 15.0 (not inherited). */
export const DEFAULT_COMPARE_VERSIONS: [string, string] = ['14.2.35', '15.1.12'];

const RUNTIME_NAMES: Record<RuntimeName, string> = { edge: 'Edge runtime', nodejs: 'Node.js runtime', python: 'Python runtime', ruby: 'Ruby runtime', go: 'Go runtime' };

export type SideRunner = (options: Pick<RunOptions, 'path' | 'request' | 'runtime' | 'profile'>, record: RunRecord, signal: AbortSignal) => Promise<RunRecord>;

export class Compare {
  /** null: off. */
  mode = $state<CompareMode | null>(null);
  /** The two Next.js versions of the versions compare, left and right. */
  versions = $state<[string, string]>([...DEFAULT_COMPARE_VERSIONS]);
  /** The last compare run's two sides; null before the first. */
  sides = $state.raw<[CompareSide, CompareSide] | null>(null);

  /** The sides a run in the current mode has, each with a fresh record. */
  plan(): [CompareSide, CompareSide] {
    if (this.mode === 'versions') {
      const [a, b] = this.versions.map(profileOf);
      return [
        { name: `${a.label} result`, profile: a, record: new RunRecord() },
        { name: `${b.label} result`, profile: b, record: new RunRecord() },
      ];
    }
    return (['edge', 'nodejs'] as const).map((runtime) => ({ name: `${RUNTIME_NAMES[runtime]} result`, runtime, record: new RunRecord() })) as [CompareSide, CompareSide];
  }

  /**
   * Runs the request on both sides. Runtimes run side by side (each runtime has its own compiler queue); two
   * profiles may build for the same runtime, where the compiler's latest request wins, so they run one after the other.
   */
  async run(options: Pick<RunOptions, 'path' | 'request'>, runSide: SideRunner, signal: AbortSignal): Promise<[CompareSide, CompareSide]> {
    const sides = this.plan();
    this.sides = sides;
    const one = (side: CompareSide) => runSide({ ...options, ...(side.runtime ? { runtime: side.runtime } : {}), ...(side.profile ? { profile: side.profile } : {}) }, side.record, signal);
    if (this.mode === 'versions') {
      for (const side of sides) await one(side);
    } else {
      await Promise.all(sides.map(one));
    }
    return sides;
  }
}
