// The `next/headers` module user bundles get: the shared module's text behind an entry that sets the version's API.
import type { NextTraits } from '../protocol';
import source from '../shared/next-headers.ts?raw';

/** The path the entry imports the shared module by, inside the compiler's next-server namespace. */
export const NEXT_HEADERS_IMPL = 'next-headers-impl';

/** The shared module; its `./next-server` import resolves to the bundle's one copy of `next/server`'s module. */
export const NEXT_HEADERS_MODULE = { contents: source, loader: 'ts' as const };

/** What `import … from 'next/headers'` loads: the functions the version exports (13.2–13.3: `previewData`, no `draftMode`). */
export function nextHeadersEntry(next: NextTraits & { requestApis: NonNullable<NextTraits['requestApis']> }): string {
  const api = next.requestApis;
  const names = api === 'appDir' ? 'headers, cookies, previewData' : 'headers, cookies, draftMode';
  return [
    `import { configureNextHeaders } from ${JSON.stringify(NEXT_HEADERS_IMPL)};`,
    `configureNextHeaders({ api: ${JSON.stringify(api)}, invariant: ${next.outsideScopeInvariant === true} });`,
    `export { ${names} } from ${JSON.stringify(NEXT_HEADERS_IMPL)};`,
  ].join('\n');
}
