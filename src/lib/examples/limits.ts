// One demo per Vercel limit: edge code size by plan (with a real npm package), the edge's 25 s to first byte and
// 300 s of streaming (shortened for the demo), Node.js maxDuration and the payload limit.
import type { Example } from './types';

const GROUP = 'Limits' as const;

export const LIMIT_EXAMPLES: Example[] = [
  {
    id: 'edge-size-limit',
    title: 'Edge code size by plan: TypeScript in an edge function',
    group: GROUP,
    look: 'The `typescript` package is installed from npm and bundled into the edge function, about 1.6 MB after gzip: on Hobby (1 MB) the build fails with `Exceeds maximum edge function size`. Pick Pro (2 MB) in the Limits panel and run again: it fits, and the edge transpiles TypeScript for you.',
    source: 'Vercel limits: edge code size 1/2/4 MB after gzip (L08)',
    files: {
      'package.json': JSON.stringify({ dependencies: { typescript: '5.9.3' } }, null, 2) + '\n',
      'api/transpile.ts': `import ts from 'typescript';

export const config = { runtime: 'edge' };

export default async function handler(request: Request) {
  const source = new URL(request.url).searchParams.get('code') ?? 'const n: number = 1';
  return new Response(ts.transpileModule(source, {}).outputText);
}
`,
    },
    open: 'api/transpile.ts',
    plan: 'hobby',
    requests: [{ label: 'GET', method: 'GET', url: '/api/transpile?code=let%20n%3A%20number%20%3D%201' }],
  },
  {
    id: 'edge-first-byte',
    title: 'Edge: the first byte within 25 s (shortened to 2 s)',
    group: GROUP,
    look: 'An edge function must start its response within 25 s; this demo shortens that to 2 s, and the handler waits 3 s. So the run ends at 2 s with 504 `EDGE_FUNCTION_INVOCATION_TIMEOUT`, and a wait under 2 s would answer.',
    source: 'Vercel limits: edge initial response 25 s (L01, L03)',
    files: {
      'app/api/slow-start/route.ts': `export const runtime = 'edge';

export async function GET() {
  await new Promise((resolve) => setTimeout(resolve, 3000));
  return new Response('too late');
}
`,
    },
    open: 'app/api/slow-start/route.ts',
    overrides: { edgeInitialResponseMs: 2000 },
    requests: [{ label: 'GET', method: 'GET', url: '/api/slow-start' }],
  },
  {
    id: 'edge-stream-duration',
    title: 'Edge: streaming for at most 300 s (shortened to 3 s)',
    group: GROUP,
    look: 'Once the head is sent an edge function may stream for up to 300 s; this demo shortens that to 3 s, and the handler sends a line every 500 ms without end. Watch the chunks arrive until the stream is cut at 3 s with `EDGE_FUNCTION_INVOCATION_TIMEOUT`.',
    source: 'Vercel limits: edge streaming up to 300 s (L02)',
    files: {
      'app/api/forever/route.ts': `export const runtime = 'edge';

export function GET() {
  const encoder = new TextEncoder();
  let n = 0;
  const stream = new ReadableStream({
    async pull(controller) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      controller.enqueue(encoder.encode(\`line \${++n}\\n\`));
    },
  });
  return new Response(stream, { headers: { 'content-type': 'text/plain; charset=utf-8' } });
}
`,
    },
    open: 'app/api/forever/route.ts',
    overrides: { edgeMaxStreamMs: 3000 },
    requests: [{ label: 'GET', method: 'GET', url: '/api/forever' }],
  },
  {
    id: 'node-max-duration',
    title: 'Node.js: `maxDuration` from vercel.json',
    group: GROUP,
    look: '`vercel.json` gives this function `maxDuration: 2` (seconds) and the handler answers after 5 s, so the run ends at 2 s with 504 `FUNCTION_INVOCATION_TIMEOUT`. Raise `maxDuration` to 10 and it answers `finally`; over the plan\'s cap the deployment is refused.',
    source: 'Vercel limits: Node.js maxDuration (L03)',
    files: {
      'vercel.json': JSON.stringify({ functions: { 'api/slow.js': { maxDuration: 2 } } }, null, 2) + '\n',
      'api/slow.js': "module.exports = (req, res) => {\n  setTimeout(() => res.send('finally'), 5000);\n};\n",
    },
    open: 'vercel.json',
    requests: [{ label: 'GET', method: 'GET', url: '/api/slow' }],
  },
  {
    id: 'node-payload-limit',
    title: 'Node.js: the 4.5 MB response payload limit',
    group: GROUP,
    look: 'A Node.js function may send at most 4.5 MB unless it streams: the first request asks for 5 MB in one `res.send` and gets 413 `FUNCTION_PAYLOAD_TOO_LARGE`. The second writes the same 5 MB in chunks, which streaming allows, and gets 200.',
    source: 'Vercel limits: Node.js payload 4.5 MB (L07)',
    files: {
      'api/big.js': `const MB = 1000 * 1000;

module.exports = (req, res) => {
  if (req.query.stream === undefined) return res.send('x'.repeat(5 * MB));
  res.setHeader('content-type', 'text/plain');
  for (let i = 0; i < 5; i++) res.write('x'.repeat(MB));
  res.end();
};
`,
    },
    open: 'api/big.js',
    requests: [
      { label: 'one 5 MB send', method: 'GET', url: '/api/big' },
      { label: 'streamed', method: 'GET', url: '/api/big?stream' },
    ],
  },
];
