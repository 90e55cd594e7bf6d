// The `next/server` module user bundles get: the shared module's own text (one source with the runtimes' copy),
// behind a small entry that sets it up for the Next.js version the bundle stands for.
import type { NextTraits } from '../protocol';
import source from '../shared/next-server.ts?raw';

/** The shared module's TypeScript, bundled by esbuild with loader `ts`. */
export const NEXT_SERVER_SOURCE: string = source;

/** The path the entry imports the shared module by, inside the compiler's next-server namespace. */
export const NEXT_SERVER_IMPL = 'next-server-impl';

/** What `import … from 'next/server'` loads: Next's public exports, with `geo`/`ip` as the version has them. */
export function nextServerEntry(next: NextTraits | undefined): string {
  return [
    `import { configureNextServer } from ${JSON.stringify(NEXT_SERVER_IMPL)};`,
    `configureNextServer({ requestGeo: ${next?.requestGeo === true} });`,
    `export { NextRequest, NextResponse, RequestCookies, ResponseCookies } from ${JSON.stringify(NEXT_SERVER_IMPL)};`,
  ].join('\n');
}
