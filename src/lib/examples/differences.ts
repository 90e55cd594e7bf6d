// One demo per difference between the runtimes: streaming, `eval`, `fs`, `require`, cold start, static rendering
// (13.4–14), middleware and proxy, and 16.3's deprecation of the edge runtime.
import type { Example } from './types';

const GROUP = 'Edge and Node.js differences' as const;

export const DIFFERENCE_EXAMPLES: Example[] = [
  {
    id: 'streaming',
    title: 'Streaming a response, chunk by chunk',
    group: GROUP,
    look: 'The route sends five chunks 300 ms apart, and each appears in the Chunks list with its time as it arrives: the first byte comes long before the last. Change the export to `nodejs`: App Router routes stream on Node.js too.',
    source: 'Next.js 12.2 docs, Switchable Runtime: HTTP streaming',
    files: {
      'app/api/stream/route.ts': `export const runtime = 'edge';

export function GET() {
  const encoder = new TextEncoder();
  const stream = new ReadableStream({
    async start(controller) {
      for (let i = 1; i <= 5; i++) {
        controller.enqueue(encoder.encode(\`chunk \${i}\\n\`));
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
      controller.close();
    },
  });
  return new Response(stream, { headers: { 'content-type': 'text/plain; charset=utf-8' } });
}
`,
    },
    open: 'app/api/stream/route.ts',
    requests: [{ label: 'GET', method: 'GET', url: '/api/stream' }],
  },
  {
    id: 'edge-eval',
    title: '`eval` is refused on the edge',
    group: GROUP,
    look: 'On the edge, code generation from strings is off, so `eval` throws `EvalError: Code generation from strings disallowed for this context` (shown here as 14.x runs it). Change the export to `nodejs` and `eval` answers 2; pick 16.3+ and Turbopack refuses the `eval` at build time instead.',
    source: 'Next.js docs, Edge Runtime: unsupported APIs (D01, D03)',
    files: {
      'app/api/eval/route.ts': `export const runtime = 'edge';

export function GET() {
  try {
    return new Response(String(eval('1 + 1')));
  } catch (error) {
    return new Response(String(error), { status: 500 });
  }
}
`,
    },
    open: 'app/api/eval/route.ts',
    nextVersion: '14.2',
    requests: [{ label: 'GET', method: 'GET', url: '/api/eval' }],
  },
  {
    id: 'edge-fs',
    title: '`fs` on the edge: a build warning, then a throw',
    group: GROUP,
    look: "Importing `fs` in an edge route is a build warning (`A Node.js module is loaded ('fs' at line 1)`), and using it throws `The edge runtime does not support Node.js 'fs' module.`. Change the export to `nodejs` and the same code reads the file list of its folder.",
    source: 'Next.js docs, Edge Runtime: "you can\'t read or write to the filesystem" (D08, D09)',
    files: {
      'app/api/files/route.ts': `import fs from 'fs';

export const runtime = 'edge';

export function GET() {
  return Response.json(fs.readdirSync('.'));
}
`,
    },
    open: 'app/api/files/route.ts',
    requests: [{ label: 'GET', method: 'GET', url: '/api/files' }],
  },
  {
    id: 'edge-require',
    title: '`require` on the edge',
    group: GROUP,
    look: "An edge function has no `require`: `typeof require` is `\"undefined\"`, and the `require('os')` the bundler finds becomes a module that throws `The edge runtime does not support Node.js 'os' module.` when used. Delete the `config` export and the function runs on Node.js, where `require` is a function and `os.platform()` answers.",
    source: 'Next.js docs, Edge Runtime: "Calling require directly is not allowed" (G20)',
    files: {
      'api/require.js': `export const config = { runtime: 'edge' };

// A Web-signature handler: the same export runs on either runtime.
export function GET() {
  let platform;
  try {
    platform = require('os').platform();
  } catch (error) {
    platform = String(error);
  }
  return Response.json({ typeofRequire: typeof require, platform });
}
`,
    },
    open: 'api/require.js',
    requests: [{ label: 'GET', method: 'GET', url: '/api/require' }],
  },
  {
    id: 'cold-start',
    title: 'Cold start, measured',
    group: GROUP,
    look: 'The first run starts a fresh Node.js process, and the Timings panel shows that cold start as measured here, beside the published platform figures (Node.js about 250 ms, edge instant). Run again: the warm process answers, and the timings say warm.',
    source: 'Next.js 12.2/13 docs: cold boot ~250 ms vs instant (§6)',
    files: { 'api/ping.js': "module.exports = (req, res) => res.send('pong');\n" },
    open: 'api/ping.js',
    requests: [{ label: 'GET', method: 'GET', url: '/api/ping' }],
  },
  {
    id: 'static-rendering',
    title: 'Static rendering of a GET route (13.4–14)',
    group: GROUP,
    look: 'In Next.js 13.4–14 a Node.js GET route that reads nothing from the request is rendered once and then served from the store: run it twice and the second answer carries `x-nextjs-cache: HIT` and the same time. Change the export to `edge` and every run renders again: the edge has no static rendering.',
    source: 'Next.js 13 docs, Edge and Node.js Runtimes: Static Rendering yes / no',
    files: {
      'app/api/time/route.ts': `export const runtime = 'nodejs';

export function GET() {
  return Response.json({ renderedAt: new Date().toISOString() });
}
`,
    },
    open: 'app/api/time/route.ts',
    nextVersion: '14.2',
    requests: [{ label: 'GET', method: 'GET', url: '/api/time' }],
  },
  {
    id: 'middleware-proxy',
    title: 'Middleware and proxy: who runs before the route',
    group: GROUP,
    look: '`proxy.ts` runs before every route and always on Node.js (Next.js 16): it adds the `x-proxy-runtime: nodejs` header to the answer. Rename it to `middleware.ts` and it runs on the edge by default, with a deprecation warning.',
    source: 'Next.js 16 docs, proxy.ts (P01, P04)',
    files: {
      'proxy.ts': `import { NextResponse } from 'next/server';

export function proxy() {
  const response = NextResponse.next();
  response.headers.set('x-proxy-runtime', String(process.env.NEXT_RUNTIME));
  return response;
}
`,
      'app/api/hello/route.ts': "export function GET() {\n  return new Response('hello from the route');\n}\n",
    },
    open: 'proxy.ts',
    requests: [{ label: 'GET', method: 'GET', url: '/api/hello' }],
  },
  {
    id: 'edge-deprecated',
    title: 'Next.js 16.3 deprecates the edge runtime',
    group: GROUP,
    look: "From Next.js 16.3 a route that resolves to the edge runs, but prints `The Edge Runtime is deprecated. You can use the \"nodejs\" runtime instead.`, shown under the runtime badge. Pick 16.2 in the version menu and the warning goes; delete the export and the route runs on Node.js without it.",
    source: 'Next.js 16.3, errors/edge-runtime-deprecated (2026 addendum §1.1)',
    files: { 'app/api/legacy/route.ts': "export const runtime = 'edge';\n\nexport function GET() {\n  return new Response('still runs on the edge');\n}\n" },
    open: 'app/api/legacy/route.ts',
    requests: [{ label: 'GET', method: 'GET', url: '/api/legacy' }],
  },
];
