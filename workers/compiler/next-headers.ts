// The `next/headers` module user bundles get: the shared module's text (next-server.ts serves it) behind an entry
// that sets the version's API.
import type { NextTraits } from '../protocol';
import { NEXT_HEADERS_IMPL } from './next-server';

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
