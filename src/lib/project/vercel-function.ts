// One entry's Vercel function settings, in one call for the run: vercel.json and package.json read and checked
// (vercel-config.ts), the entry's `functions` glob applied to the plan's limits (maxDuration, memory) with the
// deployment's messages where they break the plan's caps, and what Vercel would pick (Node.js version, package manager).
import type { BuildMessage, Files } from '../../../workers/protocol';
import { limitsFor, type Generation, type LimitOverrides, type Limits, type Plan } from '../limits';
import { functionConfigFor, readVercelProject, unavailableRuntime, type BuildScript, type ConfigError, type FunctionConfig, type VercelProject } from './vercel-config';

export interface VercelFunctionOk {
  ok: true;
  /** The plan's limits with the entry's maxDuration and memory. */
  limits: Limits;
  /** Vercel's warnings (engines.node), as build warnings of the file that causes them. */
  warnings: BuildMessage[];
  /** What Vercel would pick, for the run's reason: `Vercel: Node.js 24.x, npm`; '' where the project chose nothing. */
  note: string;
  config: FunctionConfig | null;
  build: BuildScript | null;
  project: VercelProject;
}

export type VercelFunction = VercelFunctionOk | ({ ok: false } & ConfigError);

export interface VercelFunctionOptions {
  plan?: Plan;
  overrides?: LimitOverrides;
  generation?: Generation;
  /** The function's name in Vercel's messages: `api/cron`. */
  name: string;
  now?: Date;
}

const DURATION_LINK = 'https://vercel.com/docs/concepts/limits/overview#serverless-function-execution-timeout';

function planLimits(limits: Limits, config: FunctionConfig | null, name: string, overrides: LimitOverrides): Limits | ConfigError {
  if (!config) return limits;
  const node = { ...limits.node };
  const capS = limits.node.maxDurationCapMs / 1000;
  if (config.maxDuration !== undefined) {
    const seconds = config.maxDuration === 'max' ? capS : config.maxDuration;
    // The deployment's check of the plan (seen in deploy logs; the CLI checks only 1–1800).
    if (seconds > capS) {
      return {
        code: 'INVALID_MAX_DURATION',
        message: `Builder returned invalid maxDuration value for Serverless Function "${name}". Serverless Functions must have a maxDuration between 1 and ${capS} for plan ${limits.plan}. : ${DURATION_LINK}`,
        file: 'vercel.json',
      };
    }
    // A demo's shorter deadline (embed `limits`) still wins.
    if (overrides.nodeMaxDurationMs === undefined) node.maxDurationMs = seconds * 1000;
  }
  if (config.memory !== undefined) {
    if (config.memory > limits.node.maxMemoryMb) {
      // Vercel's Hobby wording (2022, with the table's number); the same form for the other plans. Not verified for Fluid.
      const message =
        limits.plan === 'hobby'
          ? `Serverless Functions are limited to ${limits.node.maxMemoryMb} of memory for personal accounts (Hobby plan). To increase, create a team (Pro plan).`
          : `Serverless Functions are limited to ${limits.node.maxMemoryMb} of memory for plan ${limits.plan}.`;
      return { code: 'INVALID_MEMORY', message, file: 'vercel.json' };
    }
    node.memoryMb = config.memory;
  }
  return { ...limits, node };
}

/** What Vercel would pick, said where the project chose anything (engines.node, a lockfile, a functions entry); else ''. */
function describe(project: VercelProject, match: { pattern: string; config: FunctionConfig } | null): string {
  const { node, packageManager: pm } = project;
  const engines = project.packageJson?.engines as { node?: unknown } | undefined;
  if (engines?.node === undefined && !pm.lockfile && !match && !project.build) return '';
  const lock = pm.lockfile ? ` (${pm.lockfile}${pm.lockfileVersion !== null ? ` ${pm.lockfileVersion}` : ''})` : '';
  const settings = match
    ? [
        match.config.maxDuration !== undefined ? `maxDuration ${match.config.maxDuration}` : '',
        match.config.memory !== undefined ? `memory ${match.config.memory}` : '',
        match.config.includeFiles !== undefined ? `includeFiles ${match.config.includeFiles}` : '',
      ].filter(Boolean)
    : [];
  const fn = settings.length ? `; ${settings.join(', ')} from vercel.json "${match!.pattern}"` : '';
  return `Vercel: Node.js ${node.version.range}, ${pm.detected ?? pm.cli}${lock}${fn}`;
}

/** The entry's function settings on Vercel, or the first rule they break (the run then fails with its text). */
export function vercelFunctionFor(files: Files, entry: string, options: VercelFunctionOptions): VercelFunction {
  const read = readVercelProject(files, options.now);
  if (!read.ok) return { ok: false, ...read.error };
  const project = read.value;
  const match = functionConfigFor(project.functions, entry);
  const unavailable = unavailableRuntime(entry, match);
  if (unavailable) return { ok: false, ...unavailable };
  const overrides = options.overrides ?? {};
  const limits = planLimits(limitsFor(options.plan, overrides, options.generation), match?.config ?? null, options.name, overrides);
  if ('code' in limits) return { ok: false, ...limits };
  const warnings = project.node.warnings.map((text) => ({ file: 'package.json', line: 1, column: 0, text }));
  return { ok: true, limits, warnings, note: describe(project, match), config: match?.config ?? null, build: project.build, project };
}
