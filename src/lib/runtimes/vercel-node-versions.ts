// The Node.js versions Vercel runs functions on: the one place this fact lives (runtime-spec-2026.md §2.4, vercel/vercel
// packages/build-utils/src/fs/node-version.ts @17d9eba: 24.x is the default, 22.x is active, 20.x was discontinued on
// 2026-10-01). A host whose Node differs shows it beside this; vercel-config.ts picks from it by `engines.node`.

export interface VercelNodeVersion {
  major: number;
  /** The range Vercel names it by: `24.x`. */
  range: string;
  /** The function runtime id: `nodejs24.x`. */
  runtime: string;
  /** From this day deployments on it fail to build; before it, builds warn. */
  discontinueDate?: string;
}

/** Newest first, as Vercel's NODE_VERSIONS (it picks the first that matches). */
export const VERCEL_NODE_VERSIONS: readonly VercelNodeVersion[] = [
  { major: 24, range: '24.x', runtime: 'nodejs24.x' },
  { major: 22, range: '22.x', runtime: 'nodejs22.x' },
  { major: 20, range: '20.x', runtime: 'nodejs20.x', discontinueDate: '2026-10-01' },
  { major: 18, range: '18.x', runtime: 'nodejs18.x', discontinueDate: '2025-09-01' },
  { major: 16, range: '16.x', runtime: 'nodejs16.x', discontinueDate: '2025-02-03' },
  { major: 14, range: '14.x', runtime: 'nodejs14.x', discontinueDate: '2023-08-15' },
  { major: 12, range: '12.x', runtime: 'nodejs12.x', discontinueDate: '2022-10-03' },
  { major: 10, range: '10.x', runtime: 'nodejs10.x', discontinueDate: '2021-04-20' },
  { major: 8, range: '8.10.x', runtime: 'nodejs8.10', discontinueDate: '2020-01-06' },
];

export type NodeVersionState = 'active' | 'deprecated' | 'discontinued';

/** Vercel's Version.state: discontinued from its date on, deprecated while a date is set ahead. */
export function nodeVersionState(version: VercelNodeVersion, now: Date = new Date()): NodeVersionState {
  if (!version.discontinueDate) return 'active';
  return new Date(version.discontinueDate).getTime() <= now.getTime() ? 'discontinued' : 'deprecated';
}

/** The majors a new deployment may use today, oldest first: `[22, 24]` on 2026-12-01. */
export function vercelNodeMajors(now: Date = new Date()): number[] {
  return VERCEL_NODE_VERSIONS.filter((v) => nodeVersionState(v, now) !== 'discontinued')
    .map((v) => v.major)
    .reverse();
}

export const VERCEL_NODE_MAJORS: readonly number[] = vercelNodeMajors();

/** `Vercel runs Node 22/24` */
export const VERCEL_NODE_NOTE = `Vercel runs Node ${VERCEL_NODE_MAJORS.join('/')}`;

/** `v20.19.0` → 20; null for anything else. */
export function nodeMajor(version: string): number | null {
  const match = /^v?(\d+)\./.exec(version);
  return match ? Number(match[1]) : null;
}
