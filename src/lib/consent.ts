// Which projects may run their Node.js handlers on the local host, that is on the person's own computer: the
// person's own always; one that came from a shared link or from a page on another origin only once the person allowed
// it, remembered by a hash of where it came from and what it loaded.
import type { Files } from '../../workers/protocol';
import { sha256Hex } from './consent-hash';

/** Where a project came from: the person (their edits, this origin's pages), a shared link, or another origin. */
export type ProjectSource = { kind: 'own' } | { kind: 'link' } | { kind: 'origin'; origin: string };

export const OWN_SOURCE: ProjectSource = { kind: 'own' };
export const LINK_SOURCE: ProjectSource = { kind: 'link' };

/** What a Node.js handler on the local host can reach, in one line (README "Node hosts" says it at length). */
export const LOCAL_HOST_REACH =
  'it can reach the public internet and the files of its own project folder, and nothing else of this computer: not your other files, its processes or its local network.';

/**
 * The source of a project a window posted: its own origin's pages (itself when not framed) are the person's; any other
 * origin is foreign. An opaque origin (`null`) is never the person's, even on an opaque page.
 */
export function messageSource(origin: string, ownOrigin: string): ProjectSource {
  return origin === ownOrigin && origin !== 'null' ? OWN_SOURCE : { kind: 'origin', origin };
}

export function describeSource(source: ProjectSource): string {
  if (source.kind === 'own') return 'you';
  if (source.kind === 'link') return 'a shared link';
  return source.origin === 'null' ? 'a page without an origin (a sandboxed frame or a local file)' : source.origin;
}

/** The NODE_HOST_CONSENT_REQUIRED message a refused run ends with. */
export function consentMessage(source: ProjectSource): string {
  return `This project came from ${describeSource(source)}, and its Node.js handler would run on your computer (local node). It runs there only once you choose "Run on this computer" in the playground; run it again after that.`;
}

const sorted = (record: Record<string, string>) =>
  Object.keys(record)
    .sort()
    .map((k) => [k, record[k]]);

/** The key consent is remembered under: the source and everything the project loaded (files and environment). */
export function consentKey(source: ProjectSource, files: Files, env: Record<string, string> = {}): string {
  if (source.kind === 'own') throw new Error('the person’s own projects need no consent');
  const from = source.kind === 'link' ? 'link' : `origin:${source.origin}`;
  return sha256Hex(JSON.stringify(['node-local-consent/1', from, sorted(files), sorted(env)]));
}

/** Keys of the projects the person allowed, kept across visits. */
export interface ConsentMemory {
  has(key: string): boolean;
  add(key: string): void;
}

const STORAGE_KEY = 'playground:node-consent';
/** The oldest consents are forgotten beyond this many (each is 64 hex characters). */
export const CONSENTS_KEPT = 200;

/** Consents in `localStorage`; without storage (blocked, opaque origin, quota) nothing is remembered: each visit asks. */
export function storedConsents(storage: () => Storage | null = () => globalThis.localStorage ?? null): ConsentMemory {
  const read = (): string[] => {
    try {
      const value: unknown = JSON.parse(storage()?.getItem(STORAGE_KEY) ?? '[]');
      return Array.isArray(value) ? value.filter((k): k is string => typeof k === 'string') : [];
    } catch {
      return [];
    }
  };
  return {
    has: (key) => read().includes(key),
    add(key) {
      const keys = [...read().filter((k) => k !== key), key].slice(-CONSENTS_KEPT);
      try {
        storage()?.setItem(STORAGE_KEY, JSON.stringify(keys));
      } catch {
        // Not remembered: the person is asked again on the next visit.
      }
    },
  };
}

/** One loaded project, as the trust check sees it. Edits do not make a new one: they keep its consent. */
export interface LoadedProject {
  readonly source: ProjectSource;
  readonly files: Files;
  readonly env: Record<string, string>;
  /** Allowed this visit (the person chose "Run on this computer", or a remembered consent was found). */
  allowed: boolean | null;
  /** The person chose "Not now": runs the page did not start are refused without asking again. */
  declined: boolean;
}

export class ProjectTrust {
  #memory: ConsentMemory;

  constructor(memory: ConsentMemory = storedConsents()) {
    this.#memory = memory;
  }

  open(source: ProjectSource, files: Files, env: Record<string, string> = {}): LoadedProject {
    return { source, files, env, allowed: source.kind === 'own' ? true : null, declined: false };
  }

  /** May this project run on the local host? The key is hashed on the first question, not on every load. */
  allowed(project: LoadedProject): boolean {
    project.allowed ??= this.#memory.has(consentKey(project.source, project.files, project.env));
    return project.allowed;
  }

  allow(project: LoadedProject): void {
    project.allowed = true;
    project.declined = false;
    if (project.source.kind !== 'own') this.#memory.add(consentKey(project.source, project.files, project.env));
  }

  decline(project: LoadedProject): void {
    project.declined = true;
  }
}
