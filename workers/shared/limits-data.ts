// Vercel's limits by platform generation, each value with the date of its source and whether a current source confirms
// it (runtime-spec.md §4, runtime-spec-2026.md §2). The one table: src/lib/limits.ts builds a plan's limits from it and
// re-exports it; workers import from here the few numbers they enforce themselves (workers never import src/).

export type Plan = 'hobby' | 'pro' | 'enterprise';
export const PLANS: readonly Plan[] = ['hobby', 'pro', 'enterprise'];

/** Fluid compute is on by default for projects created since 2025-04-23; older projects may still run without it. */
export type Generation = 'fluid' | 'legacy';
export const GENERATIONS: readonly Generation[] = ['fluid', 'legacy'];
export const DEFAULT_GENERATION: Generation = 'fluid';
export const GENERATION_NAMES: Record<Generation, string> = { fluid: 'Fluid (2025+, default)', legacy: 'legacy (2024)' };

const KIB = 1024;
const MIB = KIB * KIB;
const MB = 1000 * 1000;

type PerPlan = Readonly<Record<Plan, number | null>>;

/** One limit as its source states it. */
export interface Sourced {
  /** One number for every plan, or a number per plan; null where the generation has no such limit. */
  value: number | null | PerPlan;
  /** When the source said so: YYYY-MM-DD, or YYYY-MM / YYYY where only that much is known; `undated` if the page has none. */
  source: string;
  /** False where no current source confirms the value (runtime-spec-2026.md [UNVERIFIED], or an older value kept). */
  verified: boolean;
  note?: string;
}

export interface GenerationTable {
  edge: Record<'maxGzipBytes' | 'initialResponseMs' | 'maxStreamMs' | 'memoryMb' | 'middlewareCpuMs' | 'maxRequestBodyBytes' | 'maxEnvVarBytes', Sourced>;
  node: Record<'maxDurationMs' | 'maxDurationCapMs' | 'maxDurationBetaCapMs' | 'memoryMb' | 'maxMemoryMb' | 'maxRequestBodyBytes' | 'maxResponseBodyBytes' | 'maxUncompressedBundleBytes' | 'maxLargeFunctionBytes', Sourced>;
  /** Refused by Vercel's network before any function runs, on both runtimes. */
  gateway: Record<'maxHeaderBytes' | 'maxHeadersBytes', Sourced>;
}

const plans = (hobby: number | null, pro: number | null, enterprise: number | null): PerPlan => ({ hobby, pro, enterprise });
const LIMITS_PAGE_2024 = '2024-10-04'; // Functions Limitations, updated 2024-04-19 / 07-16 / 10-04
const FLUID_DEFAULTS_2025 = '2025'; // changelog "Higher defaults and limits for Vercel Functions running Fluid compute" (day not captured)

const edgeGzip = { value: plans(1 * MIB, 2 * MIB, 4 * MIB), source: LIMITS_PAGE_2024, verified: true };
const gateway: GenerationTable['gateway'] = {
  maxHeaderBytes: { value: 16 * KIB, source: '2025-10-06', verified: true, note: 'REQUEST_HEADER_TOO_LARGE errors page' },
  maxHeadersBytes: { value: 32 * KIB, source: '2025-10-06', verified: true, note: 'all request headers together' },
};

export const LIMIT_TABLE: Readonly<Record<Generation, GenerationTable>> = {
  fluid: {
    edge: {
      maxGzipBytes: { ...edgeGzip, note: 'no newer limits page; @vercel/next still checks 4 MiB (2026-08 source)' },
      initialResponseMs: { value: 25_000, source: '2025', verified: true, note: 'duration docs: begin responding within 25 s' },
      maxStreamMs: { value: 300_000, source: '2026-03-10', verified: true, note: 'Vercel edge-runtime guidance' },
      memoryMb: { value: 128, source: LIMITS_PAGE_2024, verified: false, note: 'the 2024 value; no newer source' },
      middlewareCpuMs: { value: 50, source: 'undated', verified: true, note: 'L12: edge middleware, on average (fair-use guidelines)' },
      maxRequestBodyBytes: { value: 4 * MIB, source: '2022', verified: false, note: 'the 2022 edge limits page; no newer source' },
      maxEnvVarBytes: { value: 5 * KIB, source: '2023', verified: false, note: 'the 2022–2023 edge limits page; no newer source' },
    },
    node: {
      maxDurationMs: { value: plans(300_000, 300_000, 300_000), source: FLUID_DEFAULTS_2025, verified: true },
      maxDurationCapMs: { value: plans(300_000, 800_000, 800_000), source: FLUID_DEFAULTS_2025, verified: true },
      maxDurationBetaCapMs: { value: plans(null, 1_800_000, 1_800_000), source: '2026-06-15', verified: true, note: 'beta, Node.js and Python; day approximate' },
      memoryMb: { value: 2048, source: FLUID_DEFAULTS_2025, verified: true, note: 'Standard: 1 vCPU / 2 GB' },
      maxMemoryMb: { value: plans(2048, 4096, 4096), source: FLUID_DEFAULTS_2025, verified: true, note: 'Performance: 2 vCPU / 4 GB' },
      maxRequestBodyBytes: { value: 100 * MB, source: '2026-06-29', verified: false, note: 'changelog seen only as quoted by Vercel material' },
      maxResponseBodyBytes: { value: 4.5 * MB, source: '2024-06-25', verified: false, note: 'the 2024 value; no newer source; streamed responses have none' },
      maxUncompressedBundleBytes: { value: 250 * MIB, source: '2026-08', verified: true, note: 'vercel/vercel build-utils' },
      maxLargeFunctionBytes: { value: 5 * 1024 * MIB, source: '2026-06-24', verified: true, note: 'opt-in (NEXT_EXPERIMENTAL_LARGE_FUNCTIONS); not offered here' },
    },
    gateway,
  },
  legacy: {
    edge: {
      maxGzipBytes: edgeGzip,
      initialResponseMs: { value: 25_000, source: LIMITS_PAGE_2024, verified: true },
      maxStreamMs: { value: 300_000, source: LIMITS_PAGE_2024, verified: true },
      memoryMb: { value: 128, source: LIMITS_PAGE_2024, verified: true },
      middlewareCpuMs: { value: null, source: LIMITS_PAGE_2024, verified: true, note: 'no published CPU cap' },
      maxRequestBodyBytes: { value: 4 * MIB, source: '2022', verified: false, note: 'the 2022 edge limits page (partial capture)' },
      maxEnvVarBytes: { value: 5 * KIB, source: '2023', verified: true },
    },
    node: {
      maxDurationMs: { value: plans(10_000, 15_000, 15_000), source: LIMITS_PAGE_2024, verified: true },
      maxDurationCapMs: { value: plans(60_000, 300_000, 900_000), source: LIMITS_PAGE_2024, verified: true },
      maxDurationBetaCapMs: { value: null, source: LIMITS_PAGE_2024, verified: true },
      memoryMb: { value: 1024, source: LIMITS_PAGE_2024, verified: true },
      maxMemoryMb: { value: plans(1024, 3009, 3009), source: LIMITS_PAGE_2024, verified: true },
      maxRequestBodyBytes: { value: 4.5 * MB, source: '2024-06-25', verified: true },
      maxResponseBodyBytes: { value: 4.5 * MB, source: '2024-06-25', verified: true, note: 'streamed responses have none' },
      maxUncompressedBundleBytes: { value: 250 * MIB, source: LIMITS_PAGE_2024, verified: true },
      maxLargeFunctionBytes: { value: null, source: LIMITS_PAGE_2024, verified: true },
    },
    gateway,
  },
};

/** A sourced value for one plan. */
export function valueFor(limit: Sourced, plan: Plan): number | null {
  return limit.value === null || typeof limit.value === 'number' ? limit.value : limit.value[plan];
}

/**
 * The Node harness's body limit when a host passes none: it applies one limit to request and non-streamed response
 * bodies, the response limit of the default generation (the same 4.5 MB in both).
 */
export const HARNESS_DEFAULT_PAYLOAD_BYTES = valueFor(LIMIT_TABLE[DEFAULT_GENERATION].node.maxResponseBodyBytes, 'hobby')!;

/** The playground's own caps on a run's console (style.md: capped in count, length and depth, with a count dropped). */
export const CONSOLE_CAPS = {
  linesPerRun: 500,
  lineChars: 2_000,
  /** Lines logged while no run is in progress wait for the next run, this many at most. */
  pendingLines: 100,
  /** The edge console's own inspect (Node's util.inspect defaults: depth 2, 100 items). */
  inspectDepth: 2,
  inspectItems: 100,
  inspectStringChars: 10_000,
} as const;
