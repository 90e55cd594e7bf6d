// Whether this page can boot a WebContainer now, and why not in words a person can act on. Pure: the browser facts
// come in as an argument (read from the page by default) so the rules are tested without a browser.

export interface SupportEnvironment {
  /** `globalThis.crossOriginIsolated`: SharedArrayBuffer, which a WebContainer needs, exists only then. */
  crossOriginIsolated: boolean;
  hasSharedArrayBuffer: boolean;
  /** A page (WebContainer.boot adds an iframe), not a worker or Node. */
  hasDocument: boolean;
  userAgent: string;
  platform: string;
  maxTouchPoints: number;
  /** The person asked for Node.js (a click): required on iOS, where booting on load risks the tab's memory. */
  userRequestedBoot: boolean;
}

export type WebContainerSupport = { ok: true; note?: string } | { ok: false; reason: string };

export function pageEnvironment(): SupportEnvironment {
  const nav = (globalThis as { navigator?: Partial<Navigator> }).navigator;
  return {
    crossOriginIsolated: (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true,
    hasSharedArrayBuffer: typeof SharedArrayBuffer === 'function',
    hasDocument: typeof document === 'object' && document !== null,
    userAgent: nav?.userAgent ?? '',
    platform: nav?.platform ?? '',
    maxTouchPoints: nav?.maxTouchPoints ?? 0,
    userRequestedBoot: false,
  };
}

/** iPhone/iPod/iPad, and an iPad that reports itself as a Mac (iPadOS 13+ asks for the desktop site by default). */
export function isIos(env: Pick<SupportEnvironment, 'userAgent' | 'platform' | 'maxTouchPoints'>): boolean {
  if (/\b(iPhone|iPad|iPod)\b/.test(env.userAgent)) return true;
  return env.platform === 'MacIntel' && env.maxTouchPoints > 1;
}

export function webContainerSupport(overrides: Partial<SupportEnvironment> = {}): WebContainerSupport {
  const env = { ...pageEnvironment(), ...overrides };
  if (!env.hasDocument) return { ok: false, reason: 'A WebContainer boots only in a page (it adds an iframe from stackblitz.com).' };
  if (!env.crossOriginIsolated || !env.hasSharedArrayBuffer) {
    return {
      ok: false,
      reason:
        'A WebContainer needs a cross-origin isolated page (SharedArrayBuffer), and this page is not: it must be served ' +
        'with Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp.',
    };
  }
  if (isIos(env) && !env.userRequestedBoot) {
    return {
      ok: false,
      reason:
        'On iOS the WebContainer starts only when you ask: a page there gets little memory and booting Node.js can ' +
        'crash the tab. Start Node.js yourself to run this handler.',
    };
  }
  // StackBlitz: full support in Chromium browsers (HeadlessChrome too); Firefox, Safari and iOS are beta.
  const chromium = /(Chrome|Chromium|Edg)\//.test(env.userAgent) && !isIos(env);
  if (!chromium) return { ok: true, note: 'WebContainers are in beta in this browser; Chromium browsers have full support.' };
  return { ok: true };
}
