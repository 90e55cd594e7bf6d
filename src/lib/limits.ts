// The single table of limits per runtime, plan and platform generation (runtime-spec.md §4, runtime-spec-2026.md §2).
// The numbers and their sources live in workers/shared/limits-data.ts, where workers can import them too; runtimes
// enforce them from here and the UI shows them, with each value's source date, from here.
import {
  DEFAULT_GENERATION,
  LIMIT_TABLE,
  valueFor,
  type Generation,
  type GenerationTable,
  type Plan,
  type Sourced,
} from '../../workers/shared/limits-data';
import type { RuntimeName } from '../../workers/protocol';

export { CONSOLE_CAPS, DEFAULT_GENERATION, GENERATION_NAMES, GENERATIONS, LIMIT_TABLE, PLANS } from '../../workers/shared/limits-data';
export type { Generation, GenerationTable, Plan, Sourced } from '../../workers/shared/limits-data';

const KIB = 1024;
const MIB = 1024 * KIB;

export interface EdgeLimits {
  /** gzip of the bundle; Vercel's EDGE_FUNCTION_SIZE_LIMIT is in MiB (L08). */
  maxGzipBytes: number;
  /** Must begin responding within this time (L01, L03). */
  initialResponseMs: number;
  /** Streaming may go on this long in all (L02). */
  maxStreamMs: number;
  /** Shown, not enforced byte for byte: browsers do not cap a worker's heap (L05). */
  memoryMb: number;
  /** Edge middleware's average CPU time under the fair-use guidelines (L12); null: no published cap. Shown only. */
  middlewareCpuMs: number | null;
  maxRequestBodyBytes: number;
  maxEnvVarBytes: number;
}

export interface NodeLimits {
  /** maxDuration default for the plan (L03). */
  maxDurationMs: number;
  /** The most a function may configure. */
  maxDurationCapMs: number;
  /** The most in beta (Fluid, Pro and Enterprise); null where there is none. Shown only. */
  maxDurationBetaCapMs: number | null;
  memoryMb: number;
  /** The most memory a function on the plan may configure (L05). */
  maxMemoryMb: number;
  /** Request body (L06, FUNCTION_PAYLOAD_TOO_LARGE at the gateway). */
  maxRequestBodyBytes: number;
  /** Non-streamed response body (L07). */
  maxResponseBodyBytes: number;
  /**
   * What the Node harness is given: it applies one limit to request and non-streamed response bodies alike, so it
   * gets the response limit and the gateway checks the request limit before the run.
   */
  maxPayloadBytes: number;
  /** L09. */
  maxUncompressedBundleBytes: number;
  /** Opt-in large functions (Fluid); null where there are none. Shown only. */
  maxLargeFunctionBytes: number | null;
}

export interface GatewayLimits {
  /** Each request header's value (L11). */
  maxHeaderBytes: number;
  /** All request headers together (L11). */
  maxHeadersBytes: number;
}

export interface Limits {
  plan: Plan;
  generation: Generation;
  edge: EdgeLimits;
  node: NodeLimits;
  gateway: GatewayLimits;
  /** Where each value comes from: this generation's rows of the table (source date, verified). */
  sources: GenerationTable;
}

/**
 * Which limits of the table each runtime lives under. Vercel's Python, Ruby and Go functions are Vercel Functions like
 * Node.js ones (runtime-spec-2026 §2.2, §2.5): the plan's maxDuration, memory and payload limits.
 */
export const LIMIT_GROUP: Readonly<Record<RuntimeName, 'edge' | 'node'>> = { edge: 'edge', nodejs: 'node', python: 'node', ruby: 'node', go: 'node' };

/** The Vercel Function limits (maxDuration, payload) a non-edge runtime runs under. */
export function functionLimits(limits: Limits, _runtime: Exclude<RuntimeName, 'edge'>): NodeLimits {
  return limits.node; // LIMIT_GROUP: every runtime but the edge is a Vercel Function
}

/** The least memory Vercel lets a Node.js function configure. */
export const NODE_MIN_MEMORY_MB = 128;

/**
 * The playground's own cap on installed package files a Node host hands to an edge build (not Vercel's: its limit is
 * the bundle's gzip size, checked after the build). Keeps one request and the compiler's memory bounded.
 */
export const PACKAGE_FILE_CAPS = { files: 5000, bytes: 32 * 1024 * 1024 } as const;

/** Shorter deadlines for demos and tests (embed API `limits`). */
export interface LimitOverrides {
  edgeInitialResponseMs?: number;
  /** Shortens the edge's 300 s stream limit for demos (the examples gallery). */
  edgeMaxStreamMs?: number;
  nodeMaxDurationMs?: number;
}

/** The deadlines LimitOverrides may shorten, by name (embed `limits`, saved work). */
export const LIMIT_OVERRIDE_KEYS: string[] = ['edgeInitialResponseMs', 'edgeMaxStreamMs', 'nodeMaxDurationMs'] satisfies (keyof LimitOverrides)[];

/** The limits of a plan on a platform generation (Fluid unless asked otherwise). */
export function limitsFor(plan: Plan = 'hobby', overrides: LimitOverrides = {}, generation: Generation = DEFAULT_GENERATION): Limits {
  const table = LIMIT_TABLE[generation];
  const of = (limit: Sourced) => valueFor(limit, plan);
  const must = (limit: Sourced) => {
    const value = of(limit);
    if (value === null) throw new Error(`no ${generation} limit for ${plan}`);
    return value;
  };
  const { edge, node, gateway } = table;
  const maxResponseBodyBytes = must(node.maxResponseBodyBytes);
  return {
    plan,
    generation,
    edge: {
      maxGzipBytes: must(edge.maxGzipBytes),
      initialResponseMs: overrides.edgeInitialResponseMs ?? must(edge.initialResponseMs),
      maxStreamMs: overrides.edgeMaxStreamMs ?? must(edge.maxStreamMs),
      memoryMb: must(edge.memoryMb),
      middlewareCpuMs: of(edge.middlewareCpuMs),
      maxRequestBodyBytes: must(edge.maxRequestBodyBytes),
      maxEnvVarBytes: must(edge.maxEnvVarBytes),
    },
    node: {
      maxDurationMs: overrides.nodeMaxDurationMs ?? must(node.maxDurationMs),
      maxDurationCapMs: must(node.maxDurationCapMs),
      maxDurationBetaCapMs: of(node.maxDurationBetaCapMs),
      memoryMb: must(node.memoryMb),
      maxMemoryMb: must(node.maxMemoryMb),
      maxRequestBodyBytes: must(node.maxRequestBodyBytes),
      maxResponseBodyBytes,
      maxPayloadBytes: maxResponseBodyBytes,
      maxUncompressedBundleBytes: must(node.maxUncompressedBundleBytes),
      maxLargeFunctionBytes: of(node.maxLargeFunctionBytes),
    },
    gateway: { maxHeaderBytes: must(gateway.maxHeaderBytes), maxHeadersBytes: must(gateway.maxHeadersBytes) },
    sources: table,
  };
}

/** Exact sizes and limits for limit messages (one formatter for the page and the Node harness). */
export { formatBytes, formatLimit } from '../../workers/byte-size';

/** Bytes in Vercel's units for display and build messages: `1.23 MB` (MiB based, as Vercel's constants are). */
export function formatSize(bytes: number): string {
  if (bytes >= 1024 * MIB) return `${trim(bytes / (1024 * MIB))} GB`;
  if (bytes >= MIB) return `${trim(bytes / MIB)} MB`;
  if (bytes >= KIB) return `${trim(bytes / KIB)} KB`;
  return `${bytes} B`;
}

function trim(n: number): string {
  return String(Number(n.toFixed(2)));
}

/** The edge size check (runtime-spec.md §4.1): null when the bundle fits. */
export function edgeSizeError(gzipBytes: number, limits: Limits): { code: string; message: string } | null {
  if (gzipBytes <= limits.edge.maxGzipBytes) return null;
  return {
    code: 'EDGE_FUNCTION_SIZE_EXCEEDED',
    message: `Exceeds maximum edge function size: ${formatSize(gzipBytes)} / ${formatSize(limits.edge.maxGzipBytes)}`,
  };
}

/** Sizes as Vercel's build messages print them (the `bytes` package, lower-cased): `293.94mb`, `250mb`. */
function vercelBytes(bytes: number): string {
  const units = ['b', 'kb', 'mb', 'gb'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${trim(value)}${units[unit]}`;
}

/** The Node.js bundle check at build (runtime-spec.md §4.2, L09): null when the bundle fits. */
export function nodeSizeError(bytes: number, limits: Limits, functionName: string): { code: string; message: string } | null {
  if (bytes < limits.node.maxUncompressedBundleBytes) return null;
  return {
    code: 'NOW_SANDBOX_WORKER_MAX_UNCOMPRESSED_LAMBDA_SIZE',
    message: `The Vercel Function "${functionName}" is ${vercelBytes(bytes)} uncompressed which exceeds the maximum uncompressed size limit of ${vercelBytes(limits.node.maxUncompressedBundleBytes)}.`,
  };
}
