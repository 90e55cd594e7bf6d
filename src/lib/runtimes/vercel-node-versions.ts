// The Node.js versions Vercel runs functions on: the one place this fact lives (runtime-spec-2026.md §2.4: 24.x is the
// default, 22.x is active, 20.x was discontinued on 2026-10-01). A host whose Node differs shows it beside this.

export const VERCEL_NODE_MAJORS = [22, 24] as const;

/** `Vercel runs Node 22/24` */
export const VERCEL_NODE_NOTE = `Vercel runs Node ${VERCEL_NODE_MAJORS.join('/')}`;

/** `v20.19.0` → 20; null for anything else. */
export function nodeMajor(version: string): number | null {
  const match = /^v?(\d+)\./.exec(version);
  return match ? Number(match[1]) : null;
}
