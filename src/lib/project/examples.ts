// The project a person starts with: a route handler on the edge runtime that streams, and answers on Node.js too
// (flip its `runtime` export) with what differs: `EdgeRuntime` exists only on the edge.
import type { Files } from '../../../workers/protocol';

export const DEFAULT_ENTRY = 'app/api/hello/route.ts';

export const DEFAULT_FILES: Files = {
  [DEFAULT_ENTRY]: `export const runtime = 'edge';

export async function GET(request: Request) {
  const { searchParams } = new URL(request.url);
  const name = searchParams.get('name') ?? 'world';
  // \`EdgeRuntime\` is a global of the edge runtime only: on Node.js it is not defined, so look it up on globalThis.
  const edgeRuntime = (globalThis as { EdgeRuntime?: string }).EdgeRuntime ?? null;
  console.log('hello from', edgeRuntime ?? 'Node.js');
  return Response.json({ hello: name, runtime: process.env.NEXT_RUNTIME, edgeRuntime });
}

export async function POST(request: Request) {
  const encoder = new TextEncoder();
  const body = await request.text();
  // Streams three chunks, 200 ms apart: watch them arrive in the response view.
  const stream = new ReadableStream({
    async start(controller) {
      for (const word of ['streamed', 'by', \`\${process.env.NEXT_RUNTIME}: \${body}\`]) {
        controller.enqueue(encoder.encode(word + '\\n'));
        await new Promise((r) => setTimeout(r, 200));
      }
      controller.close();
    },
  });
  return new Response(stream, { headers: { 'content-type': 'text/plain; charset=utf-8' } });
}
`,
};

export const DEFAULT_REQUEST_URL = '/api/hello?name=Ada';
