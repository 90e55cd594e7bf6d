// The texts of the next/server and next/headers modules user bundles get, in a chunk of their own: the compiler
// loads it at the first build that imports one of them, so a reader whose handlers import neither never downloads it.
import cookiesSource from '@edge-runtime/cookies/dist/index.mjs?raw';
import headersSource from '../shared/next-headers.ts?raw';
import serverSource from '../shared/next-server.ts?raw';

export { cookiesSource, headersSource, serverSource };
