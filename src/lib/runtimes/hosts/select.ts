// Which NodeHost runs Node for this page. Auto: both are tried at once, and the first one ready runs: the local bridge
// answers in milliseconds, a WebContainer boots in seconds online and never offline. When the local host ran first and
// the WebContainer boots later, runs move to it (onMove); a page that is not cross-origin isolated never tries it.
// `?nodeHost=webcontainer|local` pins one: that host only, waited for. The chosen host says which and why.
import { foreignFramer } from '../../framer';
import { LocalNodeHost, type LocalNodeHostOptions } from './local';
import type { HostStatus, NodeHost, NodeHostKind } from './node-host';
import type { WebContainerHostOptions } from './webcontainer';
import { webContainerSupport } from './webcontainer-support';

export type NodeHostChoice = 'auto' | NodeHostKind;

export interface SelectNodeHostOptions {
  /** @default from the page's `?nodeHost=` */
  choice?: NodeHostChoice;
  /** Progress of each host tried, in order. */
  onStatus?: (status: HostStatus, kind: NodeHostKind) => void;
  local?: Omit<LocalNodeHostOptions, 'why'>;
  webcontainer?: WebContainerHostOptions;
  /** Auto only: the WebContainer booted after the local host was chosen, and runs may move to it now. */
  onMove?: (host: NodeHost) => void;
}

/** The local host's explanation while the WebContainer boots beside it. */
export const WEBCONTAINER_STILL_BOOTING = 'WebContainer still booting: runs move to it once it is ready';

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

async function webContainer(options: SelectNodeHostOptions, forced: boolean): Promise<import('./webcontainer').WebContainerHost> {
  // Loaded only here: a page that never runs Node never downloads the WebContainer code.
  const { WebContainerHost } = await import('./webcontainer');
  pageWebContainer ??= new WebContainerHost({ ...options.webcontainer, userRequestedBoot: forced || options.webcontainer?.userRequestedBoot });
  if (forced) pageWebContainer.allowBoot();
  return pageWebContainer;
}

/** Resolves with a booted host, or rejects with what was tried and why each failed. */
export async function selectNodeHost(options: SelectNodeHostOptions = {}): Promise<NodeHost> {
  const choice = options.choice ?? nodeHostChoice();
  const local = (why: string) => booted(new LocalNodeHost({ ...options.local, why }), options);
  if (choice === 'webcontainer') return booted(await webContainer(options, true), options);
  if (choice === 'local') return local('chosen with ?nodeHost=local');

  const support = webContainerSupport(options.webcontainer?.environment);
  if (!support.ok) {
    const why = `no WebContainer: ${firstClause(support.reason)}`;
    try {
      return await local(why);
    } catch (error) {
      // Framed by another origin with no WebContainer possible, the local host's one sentence is all a reader can use.
      if (foreignFramer()) throw error;
      throw new Error(`No Node.js host for this page: ${why}; ${message(error)}`);
    }
  }
  return raceHosts(options);
}

/** Auto with a WebContainer possible: both boot at once; the first ready runs, and a later WebContainer takes over. */
async function raceHosts(options: SelectNodeHostOptions): Promise<NodeHost> {
  const localHost = new LocalNodeHost({ ...options.local, why: WEBCONTAINER_STILL_BOOTING });
  const container = await webContainer(options, false);
  let chosen: NodeHost | null = null;
  // Progress is shown for both until one is chosen; after that only the chosen host speaks (its own onStatus).
  const forward = (host: NodeHost) => host.onStatus((status) => chosen === null && options.onStatus?.(status, host.kind));
  const stops = [forward(localHost), forward(container)];
  const containerBoot = container.boot().then(() => container as NodeHost);
  const localBoot = localHost.boot().then(() => localHost as NodeHost);
  containerBoot.catch(() => {});
  localBoot.catch(() => {});
  try {
    chosen = await Promise.race([
      // Whichever is ready first; when one fails, the other is waited for.
      containerBoot.catch(() => localBoot),
      localBoot.catch(() => containerBoot),
    ]);
  } catch {
    const [wc, lo] = await Promise.allSettled([containerBoot, localBoot]);
    throw new Error(`No Node.js host for this page: WebContainer failed: ${firstClause(reasonOf(wc))}; ${reasonOf(lo)}`);
  } finally {
    for (const stop of stops) stop();
  }
  if (chosen === localHost) {
    containerBoot.then(
      (host) => options.onMove?.(host),
      (error) => localHost.explain(`WebContainer failed: ${firstClause(message(error))}`),
    );
  }
  return chosen;
}

function reasonOf(result: PromiseSettledResult<unknown>): string {
  return result.status === 'rejected' ? message(result.reason) : '';
}
