// Next.js middleware (and 16's proxy) on Node.js, as `next start` runs it: a NextRequest in, a Response out; nothing
// returned means go on (`x-middleware-next`). The page reads the answer and runs the route (src/lib/run.ts).
import type { IncomingMessage } from 'node:http';
import type { NextTraits } from '../protocol';
import { middlewareExportMessage, middlewareExportName, middlewareNext } from '../shared/middleware';
import { NextRequest } from '../shared/next-server';
import { toRequest, writeResponse, type WebListener } from './web-handler';

type Middleware = (request: Request, event: { waitUntil(p: Promise<unknown>): void }) => unknown;

export function middlewareListener(module: Record<string, unknown>, entryPath: string, next: NextTraits | undefined): WebListener {
  return async (run, url, body, req: IncomingMessage, res) => {
    const handler = module[middlewareExportName(entryPath)] ?? module.default;
    if (typeof handler !== 'function') throw new Error(middlewareExportMessage(entryPath));
    const request = new NextRequest(toRequest(url, body, req, run.abort.signal), { requestGeo: next?.requestGeo ?? false });
    const pending: Promise<unknown>[] = [];
    const result = await (handler as Middleware)(request, { waitUntil: (p) => void pending.push(Promise.resolve(p).catch(() => {})) });
    if (result !== undefined && result !== null && !(result instanceof Response)) throw new TypeError('Expected an instance of Response to be returned');
    await writeResponse(run, (result as Response | undefined) ?? middlewareNext(), res);
  };
}
