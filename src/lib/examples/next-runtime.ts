// Examples from the Next.js docs on choosing a runtime: the 13 segment export, a layout's runtime, 12.2's global
// `experimental.runtime` with a per-page `config.runtime`, and 12.2's Edge API route.
import { DEFAULT_ENTRY, DEFAULT_FILES, DEFAULT_REQUEST_URL } from '../project/examples';
import type { Example } from './types';

const WHERE = `export function GET() {
  return Response.json({
    runtime: process.env.NEXT_RUNTIME,
    edgeRuntime: (globalThis as { EdgeRuntime?: string }).EdgeRuntime ?? null,
  });
}
`;

export const NEXT_RUNTIME_EXAMPLES: Example[] = [
  {
    id: 'default',
    title: 'Hello on both runtimes (the starting project)',
    group: 'Start here',
    look: "GET answers with `runtime: \"edge\"` and the `EdgeRuntime` global, and POST streams three chunks 200 ms apart. Change the export to `runtime = 'nodejs'` and run again: the same code answers from Node.js, where `EdgeRuntime` is null.",
    source: 'Next.js 13 docs, Edge and Node.js Runtimes',
    files: DEFAULT_FILES,
    open: DEFAULT_ENTRY,
    requests: [
      { label: 'GET', method: 'GET', url: DEFAULT_REQUEST_URL },
      { label: 'POST, streamed', method: 'POST', url: '/api/hello', bodyType: 'text', body: 'hi' },
    ],
  },
  {
    id: 'next-segment-runtime',
    title: "Route segment `export const runtime = 'edge'`",
    group: 'Next.js: choosing the runtime',
    look: "The segment's own `runtime` export puts this route on the edge: the badge says so and the body has `runtime: \"edge\"`. Delete the export and it runs on Node.js, the default when the segment sets no runtime.",
    source: 'Next.js 13 docs, route segment config `runtime` (R02)',
    files: { 'app/api/segment/route.ts': `export const runtime = 'edge'; // 'nodejs' (default) | 'edge'\n\n${WHERE}` },
    open: 'app/api/segment/route.ts',
    requests: [{ label: 'GET', method: 'GET', url: '/api/segment' }],
  },
  {
    id: 'next-layout-runtime',
    title: 'A layout sets the runtime for the routes under it',
    group: 'Next.js: choosing the runtime',
    look: "In Next.js 13.4–14 the root layout's `runtime = 'edge'` reaches this route, which exports none, so it runs on the edge. Pick 15.0 or later in the version menu: route handlers no longer inherit a layout's runtime, and it runs on Node.js.",
    source: 'Next.js 13 docs: "You can also define runtime on a layout level" (R03; 2026 addendum §1.1)',
    files: {
      'app/layout.tsx': `export const runtime = 'edge';\n\nexport default function RootLayout({ children }: { children: unknown }) {\n  return children;\n}\n`,
      'app/api/inherited/route.ts': `// No runtime export here: the layout above decides (13.4–14), or nothing does (15+).\n${WHERE}`,
    },
    open: 'app/api/inherited/route.ts',
    requests: [{ label: 'GET', method: 'GET', url: '/api/inherited' }],
    nextVersion: '14.2',
  },
  {
    id: 'next12-global-and-page-runtime',
    title: "12.2: global `experimental.runtime` and a page's `config.runtime`",
    group: 'Next.js: choosing the runtime',
    look: "next.config.js sets the global `experimental.runtime`, which 12.2 applied only to pages with getServerSideProps, so the API route without a config of its own runs on Node.js. The route that exports `config = { runtime: 'experimental-edge' }` runs on the edge: a per-page runtime overrides the global one.",
    source: 'Next.js 12.2 docs, Switchable Runtime (R16, R17)',
    files: {
      'next.config.js': `module.exports = {\n  experimental: {\n    runtime: 'experimental-edge', // 'nodejs' (default) | 'experimental-edge'\n  },\n};\n`,
      'pages/api/global.js': `// No config here: the global runtime does not apply to API routes.\nexport default function handler(req, res) {\n  res.json({ runtime: process.env.NEXT_RUNTIME });\n}\n`,
      'pages/api/per-page.js': `export const config = { runtime: 'experimental-edge' };\n\nexport default () => Response.json({ runtime: process.env.NEXT_RUNTIME });\n`,
    },
    open: 'next.config.js',
    requests: [
      { label: 'global only', method: 'GET', url: '/api/global' },
      { label: 'per-page config', method: 'GET', url: '/api/per-page' },
    ],
    nextVersion: '12.2',
  },
  {
    id: 'next12-edge-api-route',
    title: "12.2: Edge API route `(req) => new Response('Hello world!')`",
    group: 'Next.js: choosing the runtime',
    look: "A Pages API route with `config.runtime = 'experimental-edge'` gets a Web `Request` and returns a `Response`: the body is `Hello world!` from the edge. In 13.1 and later the same route may say `'edge'`; on 12.2 `'edge'` is not a runtime value yet.",
    source: 'Next.js 12.2 docs, Edge API Routes',
    files: {
      'pages/api/hello.js': `export const config = {\n  runtime: 'experimental-edge',\n};\n\nexport default (req) => new Response('Hello world!');\n`,
    },
    open: 'pages/api/hello.js',
    requests: [{ label: 'GET', method: 'GET', url: '/api/hello' }],
    nextVersion: '12.2',
  },
];
