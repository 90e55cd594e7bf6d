// Next.js middleware's contract, as both runtimes call it: which export runs, Next's message when there is none, and
// the answer that means "go on" (`NextResponse.next()`'s marker, also what returning nothing means).

/** `proxy.ts` (16+) exports `proxy`; `middleware.ts` exports `middleware` (either may export a default instead). */
export const middlewareExportName = (path: string): 'proxy' | 'middleware' => (/(^|\/)proxy\.[a-z]+$/.test(path) ? 'proxy' : 'middleware');

/** next-middleware-loader's check, thrown as the request is handled. */
export const middlewareExportMessage = (path: string) =>
  `The Middleware "/${path.replace(/\.[a-z]+$/, '')}" must export a \`${middlewareExportName(path)}\` or a \`default\` function`;

/** What middleware answers to mean "go on": Next's `NextResponse.next()` marker. */
export const middlewareNext = () => new Response(null, { headers: { 'x-middleware-next': '1' } });
