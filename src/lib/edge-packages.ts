// npm packages in edge builds: Next bundles them into the edge function, so a build that imports packages it was not
// given asks the Node.js runtime to install them (the same install, project folder and consent gate as a Node.js
// run), then builds again with their installed files; the bundle's gzip size then counts them.
import type { CompileResult, Files, NextTraits, RunEvent, RuntimeName, Timings } from '../../workers/protocol';
import { NPM_PACKAGES_UNAVAILABLE } from '../../workers/compiler/edge-modules';

/** Where the installed files come from: the Node.js runtime (NodeRuntime.packageFiles). */
export interface EdgePackageSource {
  packageFiles(names: string[], log: (line: string) => void): Promise<{ files: Files; installMs?: number; fetchMs: number }>;
  /** The files this project's last edge build got, while still installed as the project asks: the first build uses them. */
  knownPackages?(): { names: string[]; files: Files } | undefined;
}

export type Compile = (files: Files, entry: string, runtime: RuntimeName, next?: NextTraits, packages?: Files) => Promise<CompileResult>;

export interface PackagedBuild {
  compiled: CompileResult;
  /** npm's lines, for the console after the run's start (the run's events begin there). */
  events: RunEvent[];
  /** Why the packages could not be had; the run fails with it. */
  failure: { code: string; message: string } | null;
  timings: Partial<Timings>;
}

/** A package's own imports may name packages the first build could not see: a few rounds at most. */
const MAX_ROUNDS = 3;

/** What each failure means for the person, by the Node runtime's error code. */
function failureMessage(names: string[], code: string, why: string): string {
  const which = names.map((n) => `"${n}"`).join(', ');
  if (code === 'NODE_HOST_UNAVAILABLE' || code === 'NODE_RUNTIME_UNAVAILABLE') {
    return (
      `${NPM_PACKAGES_UNAVAILABLE} without a Node.js host, and there is none here (${why}). Next.js bundles npm packages ` +
      `(${which}) into the edge function; the playground installs them with the local Node bridge (\`npm run dev\`, \`npm start\`) or a WebContainer.`
    );
  }
  if (code === 'NODE_HOST_CONSENT_REQUIRED') return `${which} must be installed with npm on this computer to build this edge handler. ${why}`;
  return `${which} could not be installed for this edge handler: ${why}`;
}

/**
 * Builds `entry`; an edge build that imports packages gets them installed and is built again with their files.
 * Without a source (no Node.js runtime in this playground) the compiler's own errors stand.
 */
export async function compileWithPackages(compile: Compile, source: EdgePackageSource | undefined, files: Files, entry: string, runtime: RuntimeName, next?: NextTraits): Promise<PackagedBuild> {
  const known = runtime === 'edge' ? source?.knownPackages?.() : undefined;
  let compiled = await compile(files, entry, runtime, next, known?.files);
  const events: RunEvent[] = [];
  const timings: Partial<Timings> = {};
  if (runtime !== 'edge' || !source) return { compiled, events, failure: null, timings };
  // What the known files hold stays wanted: the next fetch hands them together with what was missing.
  const wanted = new Set(known?.names ?? []);
  let compileMs = compiled.compileMs;
  for (let round = 0; compiled.missingPackages?.length && round < MAX_ROUNDS; round++) {
    const before = wanted.size;
    for (const name of compiled.missingPackages) wanted.add(name);
    if (wanted.size === before) break; // installed but still not found: the compiler's errors say which
    const names = [...wanted].sort();
    let got: Awaited<ReturnType<EdgePackageSource['packageFiles']>>;
    try {
      got = await source.packageFiles(names, (text) => events.push({ type: 'log', level: 'info', text, t: 0 }));
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      const failure = {
        code: typeof code === 'string' ? code : 'EDGE_PACKAGES_FAILED',
        message: failureMessage(names, typeof code === 'string' ? code : '', error instanceof Error ? error.message : String(error)),
      };
      const errors = compiled.errors.map((e) => (e.text.includes(NPM_PACKAGES_UNAVAILABLE) ? { ...e, text: `${e.text.slice(0, e.text.indexOf(': ') + 2)}${failure.message}` } : e));
      return { compiled: { ...compiled, errors, compileMs }, events, failure, timings };
    }
    if (got.installMs !== undefined) timings.installMs = (timings.installMs ?? 0) + got.installMs;
    compiled = await compile(files, entry, runtime, next, got.files);
    compileMs += compiled.compileMs;
  }
  return { compiled: { ...compiled, compileMs }, events, failure: null, timings };
}
