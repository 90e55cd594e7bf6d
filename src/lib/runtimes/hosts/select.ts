// Which NodeHost runs Node for this page: a WebContainer when the page is cross-origin isolated and its boot succeeds,
// otherwise the local bridge when it answers; `?nodeHost=webcontainer|local` forces one. The chosen host says why.
import { foreignFramer } from '../../framer';
import { LocalNodeHost, type LocalNodeHostOptions } from './local';
import type { HostStatus, NodeHost, NodeHostKind } from './node-host';
import type { WebContainerHostOptions } from './webcontainer';
import { webContainerSupport } from './webcontainer-support';

export type NodeHostChoice = 'auto' | NodeHostKind;

/** How long a WebContainer may take to boot when the local bridge answers (online it boots in a few seconds). */
const LOCAL_FALLBACK_BOOT_MS = 8_000;

export interface SelectNodeHostOptions {
  /** @default from the page's `?nodeHost=` */
  choice?: NodeHostChoice;
  /** Progress of each host tried, in order. */
  onStatus?: (status: HostStatus, kind: NodeHostKind) => void;
  local?: Omit<LocalNodeHostOptions, 'why'>;
  webcontainer?: WebContainerHostOptions;
}

/** `?nodeHost=webcontainer|local` → that host; anything else → `auto`. */
export function nodeHostChoice(search: string = globalThis.location?.search ?? ''): NodeHostChoice {
  const value = new URLSearchParams(search).get('nodeHost');
  return value === 'webcontainer' || value === 'local' ? value : 'auto';
}

/** The first clause of a host's explanation, short enough for a badge: "…, and this page is not". */
function firstClause(text: string): string {
  const cut = text.search(/[:.](\s|$)/);
  return cut > 0 ? text.slice(0, cut) : text;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

async function booted(host: NodeHost, options: SelectNodeHostOptions): Promise<NodeHost> {
  const stop = host.onStatus((status) => options.onStatus?.(status, host.kind));
  try {
    await host.boot();
    return host;
  } finally {
    stop();
  }
}

/**
 * One per page, made by the first choice that tries it: the API boots one WebContainer per page, and a boot that
 * finishes after our timeout is adopted by the next try only through the same host (a new one would boot again).
 */
let pageWebContainer: import('./webcontainer').WebContainerHost | null = null;

async function webContainer(options: SelectNodeHostOptions, forced: boolean): Promise<NodeHost> {
  // Loaded only here: a page that never runs Node never downloads the WebContainer code.
  const { WebContainerHost } = await import('./webcontainer');
  pageWebContainer ??= new WebContainerHost({ ...options.webcontainer, userRequestedBoot: forced || options.webcontainer?.userRequestedBoot });
  if (forced) pageWebContainer.allowBoot();
  return booted(pageWebContainer, options);
}

/** Resolves with a booted host, or rejects with what was tried and why each failed. */
export async function selectNodeHost(options: SelectNodeHostOptions = {}): Promise<NodeHost> {
  const choice = options.choice ?? nodeHostChoice();
  const local = (why: string) => booted(new LocalNodeHost({ ...options.local, why }), options);
  if (choice === 'webcontainer') return webContainer(options, true);
  if (choice === 'local') return local('chosen with ?nodeHost=local');

  let why: string;
  const support = webContainerSupport();
  if (!support.ok) why = `no WebContainer: ${firstClause(support.reason)}`;
  else {
    // Offline a WebContainer boot never settles: when a local bridge is there to fall back on, wait less for it.
    const localHost = new LocalNodeHost({ ...options.local, why: '' });
    const bridgeUp = await localHost.boot().then(() => true, () => false);
    const bootTimeoutMs = bridgeUp ? LOCAL_FALLBACK_BOOT_MS : options.webcontainer?.bootTimeoutMs;
    try {
      return await webContainer({ ...options, webcontainer: { ...options.webcontainer, bootTimeoutMs } }, false);
    } catch (error) {
      why = `WebContainer failed: ${firstClause(message(error))}`;
    }
  }
  try {
    return await local(why);
  } catch (error) {
    // Framed by another origin with no WebContainer possible, the local host's one sentence is all a reader can use.
    if (!support.ok && foreignFramer()) throw error;
    throw new Error(`No Node.js host for this page: ${why}; ${message(error)}`);
  }
}
