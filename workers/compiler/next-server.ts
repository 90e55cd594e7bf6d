// The `next/server` module user bundles get: the shared module's own text (one source with the runtimes' copy),
// behind a small entry that sets it up for the Next.js version the bundle stands for, and the cookie library it
// imports, served from this build so nothing is installed or fetched.
import type { NextTraits } from '../protocol';
import source from '../shared/next-server.ts?raw';
import cookiesSource from '@edge-runtime/cookies/dist/index.mjs?raw';

/** The path the entry imports the shared module by, inside the compiler's next-server namespace. */
export const NEXT_SERVER_IMPL = 'next-server-impl';

/** Next's spec-extension/cookies, inside the next-server namespace. */
const SPEC_EXTENSION_COOKIES = 'next-spec-extension-cookies';

/** Every module of the next-server namespace but the entry: path → its text and esbuild loader. */
export const NEXT_SERVER_MODULES: Record<string, { contents: string; loader: 'ts' | 'js' }> = {
  [NEXT_SERVER_IMPL]: { contents: source, loader: 'ts' },
  // The package Next bundles as next/dist/compiled/@edge-runtime/cookies (6.0.0 in 15.1–16.4), as its ESM build.
  '@edge-runtime/cookies': { contents: cookiesSource, loader: 'js' },
  // Next's spec-extension/cookies re-exports three of the library's names.
  [SPEC_EXTENSION_COOKIES]: { contents: "export { RequestCookies, ResponseCookies, stringifyCookie } from '@edge-runtime/cookies';", loader: 'js' },
};

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
