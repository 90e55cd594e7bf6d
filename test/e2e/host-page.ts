// A host page "on another origin" for the embed tests: a tiny server on 127.0.0.1 (another site than localhost, so its
// frames run out of process) that answers every path with the page given, and collects the messages frames post it.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Frame, Page } from 'playwright-core';
import { getBrowser } from './harness';

export interface HostPage {
  url: string;
  close(): Promise<void>;
}

/** `headers`: what else the host page is served with (a COEP host: `cross-origin-embedder-policy: require-corp`). */
export async function serveHostPage(html: string, headers: Record<string, string> = {}): Promise<HostPage> {
  const server: Server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html', ...headers }).end(html));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return { url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** The script a host page starts with: every message a frame posts it, kept for the test. */
export const COLLECT_REPLIES = `<script>window.__replies = []; addEventListener('message', (e) => window.__replies.push(e.data));</script>`;

/** Opens the host page in a new browser context; `requests` lists every URL the page and its frames asked for. */
export async function openHostPage(url: string): Promise<{ page: Page; requests: string[] }> {
  const context = await (await getBrowser()).newContext();
  const requests: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  const page = await context.newPage();
  await page.goto(url);
  return { page, requests };
}

/** The reply a frame posted the host page, by type and id (id undefined: the first of that type). */
export async function hostReply(page: Page, type: string, id?: string | number, timeout = 60_000): Promise<any> {
  const handle = await page.waitForFunction(
    ([type, id]) => (window as any).__replies.find((m: any) => m && m.type === type && (id === null || m.id === id)),
    [type, id ?? null] as const,
    { timeout, polling: 20 },
  );
  return handle.jsonValue();
}

/** Posts `message` to the iframe `#selector` of the host page. */
export async function postToFrame(page: Page, selector: string, message: unknown): Promise<void> {
  await page.evaluate(([selector, message]) => (document.querySelector(selector as string) as HTMLIFrameElement).contentWindow!.postMessage(message, '*'), [selector, message] as const);
}

/** The frame whose URL starts with `prefix`. */
export function frameAt(page: Page, prefix: string): Frame {
  const frame = page.frames().find((f) => f.url().startsWith(prefix));
  if (!frame) throw new Error(`no frame at ${prefix}: ${page.frames().map((f) => f.url()).join(', ')}`);
  return frame;
}
