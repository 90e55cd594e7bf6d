// What the Node.js runtime is doing, for the UI; a module of its own so the lazy wrapper can use it without loading
// the runtime.
import type { HostPhase, NodeHostKind } from './hosts/node-host';

export type NodeRuntimePhase = 'idle' | HostPhase | 'starting';

/** Before the first Node.js run. */
export const IDLE_NODE_STATUS: NodeRuntimeStatus = { phase: 'idle', message: 'Node.js starts on the first Node.js run', host: null, reason: null };

export interface NodeRuntimeStatus {
  phase: NodeRuntimePhase;
  message: string;
  /** The host in use, once chosen. */
  host: NodeHostKind | null;
  /** The host's own description: `local node v20.20.2 (WebContainer needs cross-origin isolation)`. */
  reason: string | null;
}
