// Who frames this page: the embed API and the Node hosts treat a page on another origin differently.

/**
 * The origin of a page that frames this one from another origin, or null. Such a page drives the playground through
 * the embed API, and the local host runs code on this machine: a page on another origin must never drive it.
 */
export function foreignFramer(): string | null {
  const win = globalThis.window;
  if (!win || win.top === win) return null;
  const own = win.location.origin;
  const ancestors = win.location.ancestorOrigins;
  if (ancestors) {
    for (let i = 0; i < ancestors.length; i++) if (ancestors.item(i) !== own) return ancestors.item(i);
    return null;
  }
  try {
    return win.top!.location.origin === own ? null : 'another origin';
  } catch {
    return 'another origin'; // reading a cross-origin frame's location throws
  }
}
