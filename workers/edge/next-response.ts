// What Next.js does to an edge handler's Response before it sends it (next@13.5–16.4, `server/web/adapter.js` and
// `server/web/sandbox/sandbox.js`): the adapter copies a redirect outside App Router routes (its headers are
// immutable), then the sandbox deletes three headers from every response. A response whose headers are immutable
// (Response.redirect or a fetch() result returned as is from an App Router route) makes that delete throw
// `TypeError: immutable`, which Next answers with its 500 page (checked with next start of 13.5, 15.5 and 16.4).
import type { HandlerKind } from '../protocol';

const DELETED = ['content-length', 'content-encoding', 'transfer-encoding'];
const { Response: ResponseCtor, TypeError: TypeErrorCtor } = globalThis;

export function nextResponse(response: Response, kind: HandlerKind): Response {
  const copied = kind !== 'app-route' && response.headers.has('location') ? new ResponseCtor(response.body, response) : response;
  try {
    for (const name of DELETED) copied.headers.delete(name);
  } catch {
    throw new TypeErrorCtor('immutable');
  }
  return copied;
}
