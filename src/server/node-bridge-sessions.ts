// Who may drive the bridge: the holders of a capability token, handed out only while no child of the bridge is alive.
// A child is a Node process, not a browser: it can fake Origin and Sec-Fetch-Site and reach every loopback port, so
// no header tells a page from a child. Time does: untrusted code runs only inside children, so a token asked for
// while none runs goes to a page. Children never see it (it lives in the page and in this process's memory), and
// every control endpoint wants it. Projects are the bridge's random ids, each owned by the token that made it.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const TOKEN_HEADER = 'x-node-bridge-token';
/** Tokens kept at once (a token per browser profile that used this server; the oldest goes first). */
const MAX_TOKENS = 64;
const MAX_PROJECTS_PER_TOKEN = 16;

export class BridgeSessions {
  /** token → its projects, oldest first. */
  #tokens = new Map<string, string[]>();
  #owners = new Map<string, string>();

  /** A new token. The caller hands it out only while no child runs (untrusted code runs only in children). */
  issue(): string {
    const token = randomBytes(32).toString('hex');
    this.#tokens.set(token, []);
    if (this.#tokens.size > MAX_TOKENS) this.#forgetToken(this.#tokens.keys().next().value!);
    return token;
  }

  /** The request's token when it is one of ours. */
  tokenOf(req: IncomingMessage): string | null {
    const token = req.headers[TOKEN_HEADER];
    return typeof token === 'string' && this.known(token) ? token : null;
  }

  /** A token handed out and not yet forgotten (a WebSocket carries it in its URL: it cannot send headers). */
  known(token: string): boolean {
    return this.#tokens.has(token);
  }

  /** A new project for `token`; returns its id and the projects it pushed out (their folders can go). */
  newProject(token: string): { projectId: string; dropped: string[] } {
    const projects = this.#tokens.get(token)!;
    const projectId = 'p' + randomBytes(16).toString('hex');
    projects.push(projectId);
    this.#owners.set(projectId, token);
    const dropped = projects.splice(0, Math.max(0, projects.length - MAX_PROJECTS_PER_TOKEN));
    for (const id of dropped) this.#owners.delete(id);
    return { projectId, dropped };
  }

  owns(token: string, projectId: unknown): projectId is string {
    return typeof projectId === 'string' && this.#owners.get(projectId) === token;
  }

  /** Forgets a project (its folder is removed by the caller). */
  drop(token: string, projectId: string): boolean {
    if (!this.owns(token, projectId)) return false;
    this.#owners.delete(projectId);
    const projects = this.#tokens.get(token)!;
    projects.splice(projects.indexOf(projectId), 1);
    return true;
  }

  #forgetToken(token: string): void {
    for (const id of this.#tokens.get(token) ?? []) this.#owners.delete(id);
    this.#tokens.delete(token);
  }
}
