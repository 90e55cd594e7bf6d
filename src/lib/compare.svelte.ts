// Compare mode: the same request answered twice, on the edge and the Node.js runtime, or under two Next.js profiles;
// a Python, Ruby or Go function (one runtime only) against another function of the project (compare-functions.ts).
// Each side is its own run (its own RunRecord and event stream); compare stays on for later runs until turned off.
import type { Files, RuntimeName } from '../../workers/protocol';
import { compareTarget, functionRuntime, languageFunction } from './compare-functions';
import { DEFAULT_PROFILE, profileFor, type Profile } from './project/profiles';
import { resolveMiddleware } from './project/middleware';
import { resolveRuntime } from './project/resolve-runtime';
import { routePath } from './project/routes';
import { runTimings } from '../../workers/shared/timings';
import type { RunOptions } from './run';
import { RunRecord } from './run-record.svelte';

export type CompareMode = 'runtimes' | 'versions';

export interface CompareSide {
  /** The region's name: `Edge runtime result`, `Next.js 14.2 result`. */
  name: string;
  /** What this side forces: a runtime, or a profile (the runtime then resolves under it). */
  runtime?: RuntimeName;
  profile?: Profile;
  /** The file this side runs (a language function and what it is compared with); absent: the request's entry. */
  path?: string;
  /** Why this side cannot run (the project has no other function): its record ends with this error. */
  missing?: { code: string; message: string };
  record: RunRecord;
}

/** The project a run reads: whether its entry is a language function, and what that is compared with. */
export interface CompareProject {
  files: Files;
  profile: Profile;
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
  /** The function a Python, Ruby or Go function is compared with, as the person picked it; null: the default. */
  against = $state<string | null>(null);

  /**
   * The mode a run of `entry` uses: the versions compare does not apply to a Python, Ruby or Go function (the Next.js
   * version does not change it), so such a run is a plain one.
   */
  modeFor(project: CompareProject, entry: string): CompareMode | null {
    return this.mode === 'versions' && languageFunction(project.files, entry) ? null : this.mode;
  }

  /** The sides a run in the current mode has, each with a fresh record. */
  plan(entry?: string, project?: CompareProject): [CompareSide, CompareSide] {
    const language = entry !== undefined && project ? languageFunction(project.files, entry) : null;
    if (this.mode === 'runtimes' && language && entry !== undefined && project) {
      const target = compareTarget(project.files, entry, this.against);
      const on = (path: string) => {
        const runtime = functionRuntime(project.files, path, project.profile);
        return runtime ? ` on the ${RUNTIME_NAMES[runtime]}` : '';
      };
      const own: CompareSide = { name: `${entry} on the ${RUNTIME_NAMES[language]} result`, path: entry, record: new RunRecord() };
      if (target === null) {
        const message = `The project has no other function to compare ${entry} with: add one (such as ${entry.replace(/\.\w+$/, '.js')} for Node.js) and run again.`;
        return [own, { name: 'No other function result', missing: { code: 'NO_COMPARE_TARGET', message }, record: new RunRecord() }];
      }
      return [own, { name: `${target}${on(target)} result`, path: target, record: new RunRecord() }];
    }
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
   * Runs the request on both sides, side by side: the compiler builds each runtime and each profile in a lane of its
   * own, so neither build cancels the other. Two profiles' runs that reach the Node.js runtime go one after the other:
   * its process holds one bundle per route, and a second bundle for the same route replaces the process.
   */
  async run(options: Pick<RunOptions, 'path' | 'request'>, runSide: SideRunner, signal: AbortSignal, project?: CompareProject): Promise<[CompareSide, CompareSide]> {
    const sides = this.plan(options.path, project);
    this.sides = sides;
    const one = async (side: CompareSide) => {
      if (side.missing) {
        side.record.apply({ type: 'error', ...side.missing, t: 0 });
        side.record.apply({ type: 'end', timings: runTimings() });
        return side.record;
      }
      return runSide({ ...options, ...(side.path ? { path: side.path } : {}), ...(side.runtime ? { runtime: side.runtime } : {}), ...(side.profile ? { profile: side.profile } : {}) }, side.record, signal);
    };
    if (this.mode === 'versions' && sides.some((side) => reachesNode(side, options.path, project))) {
      for (const side of sides) await one(side);
    } else {
      await Promise.all(sides.map(one));
    }
    return sides;
  }
}

/** Could this side's run use the Node.js runtime: its route or a middleware there? Unknown (no entry or project): yes. */
function reachesNode(side: CompareSide, entry: string | undefined, project: CompareProject | undefined): boolean {
  if (side.missing) return false;
  if (entry === undefined || !project || !side.profile) return true;
  const middleware = resolveMiddleware(project.files, side.profile);
  if (middleware.ok && middleware.middleware?.runtime === 'nodejs') return true;
  const resolution = resolveRuntime(project.files, side.path ?? entry, routePath(side.path ?? entry), side.profile);
  return resolution.ok && resolution.runtime === 'nodejs';
}
