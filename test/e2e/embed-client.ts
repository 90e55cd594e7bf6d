// Drives the embed API the way a host page does: postMessage in, replies collected by id. Unframed, the page's
// parent is itself, so the test posts to `window` and reads the replies the page posts back.
import type { Page } from 'playwright-core';
import type { RunResult } from '../../src/lib/run-record.svelte';
import type { LoadMessage, RunMessage } from '../../src/lib/share/embed-protocol';
import { openPage } from './harness';

declare global {
  interface Window {
    __replies: any[];
  }
}

let nextId = 1;

export interface EmbedClient {
  page: Page & { errors: string[] };
  load(files: LoadMessage['files'], options?: Partial<Omit<LoadMessage, 'type' | 'id' | 'files'>>): Promise<{ ok: boolean; profile?: string; error?: { code: string; message: string } }>;
  run(path: string | undefined, request: RunMessage['request'], runtime?: RunMessage['runtime']): Promise<RunResult[]>;
  /** load + run of one file, first result. */
  runFile(path: string, source: string, request?: Partial<RunMessage['request']>, options?: Partial<LoadMessage>): Promise<RunResult>;
}

async function reply(page: Page, type: string, id: number, timeoutMs = 60_000): Promise<any> {
  const handle = await page.waitForFunction(
    ([type, id]) => window.__replies.find((m) => m && m.type === type && m.id === id),
    [type, id] as const,
    { timeout: timeoutMs, polling: 10 },
  );
  return handle.jsonValue();
}

/** `init`: a script of the test's own, run in the page before the playground's (as Playwright's addInitScript). */
export async function openEmbed(path = '/?embed', init?: () => void): Promise<EmbedClient> {
  const collect = () => {
    window.__replies = [];
    window.addEventListener('message', (e) => window.__replies.push(e.data));
  };
  const page = await openPage(path, collect, ...(init ? [init] : []));
  await page.waitForFunction(() => window.__replies.some((m) => m && m.type === 'playground:ready' && m.version === 1));
  const client: EmbedClient = {
    page,
    async load(files, options = {}) {
      const id = nextId++;
      await page.evaluate((msg) => window.postMessage(msg, '*'), { type: 'playground:load', id, files, ...options });
      return reply(page, 'playground:loaded', id);
    },
    async run(path, request, runtime) {
      const id = nextId++;
      await page.evaluate((msg) => window.postMessage(msg, '*'), { type: 'playground:run', id, path, request, runtime });
      return (await reply(page, 'playground:result', id)).results;
    },
    async runFile(path, source, request = {}, options = {}) {
      const { files = {}, ...rest } = options; // the other files go beside this one, not in place of it
      const loaded = await client.load({ ...files, [path]: source }, rest);
      if (!loaded.ok) throw new Error(`load failed: ${JSON.stringify(loaded.error)}`);
      const [result] = await client.run(path, { method: 'GET', url: '/', ...request });
      return result;
    },
  };
  return client;
}
