// Opens the project a share link carries (`#project=…`) as its own project: edits go to the link's slot of saved
// work, never to the person's own, and "Back to your project" puts theirs back. A link that does not decode leaves the
// page as it was and says why.
import { LINK_SOURCE, OWN_SOURCE, type ProjectSource } from '../consent';
import { sha256Hex } from '../consent-hash';
import type { Playground } from '../playground.svelte';
import { currentWork, restoreInto, starterWork } from './autosave';
import { decodeProject, hashProject, SHARE_HASH_KEY, ShareLinkError, type SharedProject } from './codec';
import { OWN_SLOT } from './saved-work';

/** The slot a link's edits are saved under: the digest of what it carries, so the same link finds them again. */
export const linkSlot = (encoded: string) => `link:${sha256Hex(encoded)}`;

/** `href` without the `project=` part of its hash (other parts, the path and the query stay). */
export function withoutSharedProject(href: string): string {
  const url = new URL(href);
  const rest = url.hash
    .replace(/^#/, '')
    .split('&')
    .filter((part) => part !== '' && !part.startsWith(`${SHARE_HASH_KEY}=`));
  url.hash = rest.join('&');
  return url.hash === '' ? url.href.replace(/#$/, '') : url.href;
}

/** Where a tab keeps the slot of the link its Share wrote for the person's own project (sessionStorage: this tab). */
const OWN_SHARE_KEY = 'playground:own-share';

/**
 * Share wrote `encoded` into the URL for the person's own project: a reload of this tab is still their project, not a
 * stranger's link (no banner, no consent prompt, edits go on into `own`). Other tabs opening the link get the link.
 */
export function rememberOwnShare(encoded: string, win: Window = window): void {
  try {
    win.sessionStorage.setItem(OWN_SHARE_KEY, linkSlot(encoded));
  } catch {
    // no storage (blocked, opaque origin): a reload opens the link like any other
  }
}

function ownShare(win: Window): string | null {
  try {
    return win.sessionStorage.getItem(OWN_SHARE_KEY);
  } catch {
    return null;
  }
}

/** Puts a link's or a file's project on the page, as from `source`. */
function openProject(pg: Playground, project: SharedProject, source: ProjectSource): void {
  pg.load(project.files, source, {}, project.nextVersion);
  pg.active = project.active;
  pg.request = project.request;
  pg.plan = project.plan;
  pg.generation = project.generation;
  pg.overrides = {};
}

export class SharedLink {
  /** The slot of the link opened last; the banner shows while the page is on it. */
  slot = $state<string | null>(null);
  /** Why the link in the URL did not open (ShareLinkError's words); the project on the page stays as it was. */
  error = $state<string | null>(null);
  /** The link's saved edits came back instead of the link's own files. */
  restoredEdits = $state(false);

  readonly #pg: Playground;
  readonly #win: Window;
  /** Only the newest of overlapping opens (hash changes while one decodes) takes effect. */
  #attempt = 0;

  constructor(pg: Playground, win: Window = window) {
    this.#pg = pg;
    this.#win = win;
  }

  /** Is the page showing the project of a link ("Opened from a shared link")? */
  get showing(): boolean {
    return this.slot !== null && this.#pg.workSlot === this.slot;
  }

  /** Opens the link in the URL's hash, if it has one; resolves once it is open (or refused). */
  async openFromUrl(): Promise<void> {
    const attempt = ++this.#attempt;
    const encoded = hashProject(this.#win.location.hash);
    if (encoded === null) {
      // The hash went (Back, or edited by hand) while a link was open: the person's project comes back.
      if (this.showing) this.back();
      return;
    }
    const slot = linkSlot(encoded);
    if (this.#pg.workSlot === slot) return; // already open (Share wrote this very link)
    if (this.#pg.workSlot === OWN_SLOT && ownShare(this.#win) === slot) return; // this tab shared its own project
    try {
      const project = await decodeProject(encoded);
      if (attempt !== this.#attempt) return;
      const pg = this.#pg;
      const edits = pg.work.read(slot);
      if (edits) {
        restoreInto(pg, edits, LINK_SOURCE);
      } else {
        // load() asks before a Node.js handler from elsewhere runs on this computer (LINK_SOURCE).
        openProject(pg, project, LINK_SOURCE);
      }
      pg.workSlot = slot;
      this.slot = slot;
      this.restoredEdits = edits !== null;
      this.error = null;
    } catch (e) {
      if (attempt !== this.#attempt) return;
      this.error = e instanceof ShareLinkError ? e.message : `This link could not be opened: ${(e as Error).message}`;
    }
  }

  /** "Back to your project": the person's saved project (or the starter one), and the link leaves the URL. */
  back(): void {
    const pg = this.#pg;
    restoreInto(pg, pg.work.read(OWN_SLOT) ?? starterWork(), OWN_SOURCE);
    pg.workSlot = OWN_SLOT;
    this.slot = null;
    this.restoredEdits = false;
    this.error = null;
    this.#win.history.replaceState(this.#win.history.state, '', withoutSharedProject(this.#win.location.href));
  }

  /**
   * "Import project": a project file the person chose becomes their own project (like code they paste, it is theirs),
   * written to their slot at once so a reload keeps it.
   */
  openOwn(project: SharedProject): void {
    const pg = this.#pg;
    openProject(pg, project, OWN_SOURCE);
    pg.workSlot = OWN_SLOT;
    pg.work.write(OWN_SLOT, currentWork(pg));
    this.slot = null;
    this.restoredEdits = false;
    this.error = null;
    if (hashProject(this.#win.location.hash) !== null)
      this.#win.history.replaceState(this.#win.history.state, '', withoutSharedProject(this.#win.location.href));
  }

  dismissError(): void {
    this.error = null;
  }

  /** Follows links pasted into the address bar of the open page; returns a function that stops. */
  follow(): () => void {
    const onHashChange = () => void this.openFromUrl();
    this.#win.addEventListener('hashchange', onHashChange);
    return () => this.#win.removeEventListener('hashchange', onHashChange);
  }
}

/**
 * At start: opens the link in the URL, if any, once decoded (the page shows the saved work meanwhile, and keeps it when
 * the link is broken). `pending`: the URL has a link, so `?example=` should not open under it. Call `follow()` on mount.
 */
export function startSharedLink(pg: Playground, win: Window = window): { link: SharedLink; pending: boolean } {
  const link = new SharedLink(pg, win);
  const pending = hashProject(win.location.hash) !== null;
  if (pending) void link.openFromUrl();
  return { link, pending };
}
