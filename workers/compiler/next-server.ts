// The `next/server` module user bundles get: the shared module's own text (one source with the runtimes' copy),
// behind a small entry that sets it up for the Next.js version the bundle stands for, and the cookie library it
// imports, served from this build so nothing is installed or fetched. The texts load at the first build that needs them.
import type { NextTraits } from '../protocol';

/** The path the entry imports the shared module by, inside the compiler's next-server namespace. */
export const NEXT_SERVER_IMPL = 'next-server-impl';

/** Next's spec-extension/cookies, inside the next-server namespace. */
const SPEC_EXTENSION_COOKIES = 'next-spec-extension-cookies';

/** The path the next/headers entry imports the shared module by; its `./next-server` import is the bundle's one copy of next/server's. */
export const NEXT_HEADERS_IMPL = 'next-headers-impl';

type NamespaceModule = { contents: string; loader: 'ts' | 'js' };

let sources: Promise<typeof import('./next-sources')> | null = null;

/** A module of the next-server namespace but an entry (path → its text and esbuild loader), or null for an entry. */
export async function nextServerModule(path: string): Promise<NamespaceModule | null> {
  // Next's spec-extension/cookies re-exports three of the library's names.
  if (path === SPEC_EXTENSION_COOKIES) return { contents: "export { RequestCookies, ResponseCookies, stringifyCookie } from '@edge-runtime/cookies';", loader: 'js' };
  if (path !== NEXT_SERVER_IMPL && path !== NEXT_HEADERS_IMPL && path !== '@edge-runtime/cookies') return null;
  const { cookiesSource, headersSource, serverSource } = await (sources ??= import('./next-sources'));
  if (path === NEXT_SERVER_IMPL) return { contents: serverSource, loader: 'ts' };
  if (path === NEXT_HEADERS_IMPL) return { contents: headersSource, loader: 'ts' };
  // The package Next bundles as next/dist/compiled/@edge-runtime/cookies (6.0.0 in 15.1–16.4), as its ESM build.
  return { contents: cookiesSource, loader: 'js' };
}

/** Next's own files that import the same library, as user code deep-imports them: specifier → namespace path. */
export const NEXT_COOKIE_FILES: Record<string, string> = {
  'next/dist/compiled/@edge-runtime/cookies': '@edge-runtime/cookies',
  'next/dist/compiled/@edge-runtime/cookies/index.js': '@edge-runtime/cookies',
  'next/dist/server/web/spec-extension/cookies': SPEC_EXTENSION_COOKIES,
  'next/dist/server/web/spec-extension/cookies.js': SPEC_EXTENSION_COOKIES,
};

/** What `import … from 'next/server'` loads: Next's public exports, with `geo`/`ip` as the version has them. */
export function nextServerEntry(next: NextTraits | undefined): string {
  return [
    `import { configureNextServer } from ${JSON.stringify(NEXT_SERVER_IMPL)};`,
    `configureNextServer({ requestGeo: ${next?.requestGeo === true} });`,
    `export { NextRequest, NextResponse, RequestCookies, ResponseCookies } from ${JSON.stringify(NEXT_SERVER_IMPL)};`,
  ].join('\n');
}
