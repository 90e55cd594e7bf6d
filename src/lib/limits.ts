// The single table of limits per runtime and plan (runtime-spec.md §4). Runtimes enforce them from here and the UI
// shows them from here.

export type Plan = 'hobby' | 'pro' | 'enterprise';
export const PLANS: readonly Plan[] = ['hobby', 'pro', 'enterprise'];

const KIB = 1024;
const MIB = 1024 * KIB;

/** The date of the Vercel limits page the numbers come from (Functions Limitations, 2024-10-04). */
export const LIMITS_SOURCE_DATE = '2024-10-04';

export interface EdgeLimits {
  /** gzip of the bundle; Vercel's EDGE_FUNCTION_SIZE_LIMIT is in MiB. */
  maxGzipBytes: number;
  /** Must begin responding within this time (L01, L03). */
  initialResponseMs: number;
  /** Streaming may go on this long in all (L02). */
  maxStreamMs: number;
  /** Shown, not enforced byte for byte: browsers do not cap a worker's heap. */
  memoryMb: number;
  maxRequestBodyBytes: number;
  maxEnvVarBytes: number;
}

export interface NodeLimits {
  /** maxDuration default for the plan (2024 table). */
  maxDurationMs: number;
  /** The most a function may configure. */
  maxDurationCapMs: number;
  memoryMb: number;
  /** The most memory a function on the plan may configure. */
  maxMemoryMb: number;
  /** Request and response body (FUNCTION_PAYLOAD_TOO_LARGE). */
  maxPayloadBytes: number;
  maxUncompressedBundleBytes: number;
}

export interface Limits {
  plan: Plan;
  edge: EdgeLimits;
  node: NodeLimits;
}

const edgeGzip: Record<Plan, number> = { hobby: 1 * MIB, pro: 2 * MIB, enterprise: 4 * MIB };
/** The least memory Vercel lets a Node.js function configure. */
export const NODE_MIN_MEMORY_MB = 128;
const nodeMaxMemory: Record<Plan, number> = { hobby: 1024, pro: 3009, enterprise: 3009 };
const nodeDuration: Record<Plan, [defaultMs: number, capMs: number]> = {
  hobby: [10_000, 60_000],
  pro: [15_000, 300_000],
  enterprise: [15_000, 900_000],
};

/** Shorter deadlines for demos and tests (embed API `limits`). */
export interface LimitOverrides {
  edgeInitialResponseMs?: number;
  nodeMaxDurationMs?: number;
}

export function limitsFor(plan: Plan = 'hobby', overrides: LimitOverrides = {}): Limits {
  const [maxDurationMs, maxDurationCapMs] = nodeDuration[plan];
  return {
    plan,
    edge: {
      maxGzipBytes: edgeGzip[plan],
      initialResponseMs: overrides.edgeInitialResponseMs ?? 25_000,
      maxStreamMs: 300_000,
      memoryMb: 128,
      maxRequestBodyBytes: 4 * MIB,
      maxEnvVarBytes: 5 * KIB,
    },
    node: {
      maxDurationMs: overrides.nodeMaxDurationMs ?? maxDurationMs,
      maxDurationCapMs,
      memoryMb: 1024,
      maxMemoryMb: nodeMaxMemory[plan],
      maxPayloadBytes: 4.5 * 1000 * 1000,
      maxUncompressedBundleBytes: 250 * MIB,
    },
  };
}

/** Exact sizes and limits for limit messages (one formatter for the page and the Node harness). */
export { formatBytes, formatLimit } from '../../workers/byte-size';

/** Bytes in Vercel's units for display and build messages: `1.23 MB` (MiB based, as Vercel's constants are). */
export function formatSize(bytes: number): string {
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
