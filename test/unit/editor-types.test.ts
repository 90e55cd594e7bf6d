// The editor's `next/server` types follow the chosen Next.js profile: checked with TypeScript itself, as Monaco's
// TypeScript worker would check a handler with the same declarations.
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { extraLibsFor, libFor, type ExtraLib } from '../../src/lib/editor/types';
import { nodeTypeLibs } from '../../src/server/editor-node-types';
import { profileFor } from '../../src/lib/project/profiles';
import type { RuntimeName } from '../../workers/protocol';

const HANDLER = `import { NextRequest } from 'next/server';
export function GET(request: NextRequest) {
  return Response.json({ country: request.geo?.country, ip: request.ip, path: request.nextUrl.pathname });
}
`;

/** TypeScript's messages for the handler, with the editor's declarations for `version` on `runtime`. */
function diagnostics(version: string, runtime: RuntimeName, source = HANDLER, nodeTypes: readonly ExtraLib[] | null = null): string[] {
  const found = profileFor(version);
  if (!found.ok) throw new Error(found.message);
  const files = new Map<string, string>([['/route.ts', source]]);
  for (const lib of extraLibsFor(runtime, { requestGeo: found.profile.requestGeo }, nodeTypes)) files.set(lib.filePath.replace('file://', ''), lib.content);
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    lib: libFor(runtime).map((l) => `lib.${l}.d.ts`),
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    esModuleInterop: true,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const read = host.readFile.bind(host);
  host.readFile = (name) => files.get(name) ?? read(name);
  host.fileExists = (name) => files.has(name) || ts.sys.fileExists(name);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, language) => {
    const text = files.get(name);
    return text === undefined ? getSourceFile(name, language) : ts.createSourceFile(name, text, language);
  };
  const program = ts.createProgram(['/route.ts', ...[...files.keys()].filter((f) => f.endsWith('.d.ts'))], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('editor types: NextRequest by profile', () => {
  it.each(['edge', 'nodejs'] as const)('13.5 (13.4–14.x) on %s: request.geo and request.ip are typed', (runtime) => {
    expect(diagnostics('13.5.11', runtime)).toEqual([]);
  });

  it.each(['edge', 'nodejs'] as const)('16.4 on %s: request.geo and request.ip do not exist (removed in 15)', (runtime) => {
    expect(diagnostics('16.4', runtime)).toEqual([
      "Property 'geo' does not exist on type 'NextRequest'.",
      "Property 'ip' does not exist on type 'NextRequest'.",
    ]);
  });
});

describe('editor types by runtime: Web APIs on the edge, the trimmed @types/node on Node.js', () => {
  const nodeTypes = nodeTypeLibs();
  const NODE_HANDLER = `import fs from 'fs';
import { join } from 'node:path';
import type { VercelRequest, VercelResponse } from '@vercel/node';
export default function handler(req: VercelRequest, res: VercelResponse) {
  const text: string = fs.readFileSync(join(process.cwd(), 'x.txt'), 'utf8');
  const os = require('os');
  res.status(200).json({ text, name: req.query.name, length: Buffer.from(text).byteLength, url: req.url, os });
}
`;

  it('D09: on the edge, Node built-ins, require and process.cwd() are marked', () => {
    expect(diagnostics('16.4', 'edge', NODE_HANDLER, nodeTypes)).toEqual([
      "Cannot find module 'fs' or its corresponding type declarations.",
      "Cannot find module 'node:path' or its corresponding type declarations.",
      "Cannot find module '@vercel/node' or its corresponding type declarations.",
      expect.stringContaining("Property 'cwd' does not exist on type"),
      expect.stringContaining("Cannot find name 'require'"),
      expect.stringContaining("Cannot find name 'Buffer'"),
    ]);
  });

  it('on Node.js, fs, path, process, require, Buffer and @vercel/node are typed, and wrong calls are marked', () => {
    expect(diagnostics('16.4', 'nodejs', NODE_HANDLER, nodeTypes)).toEqual([]);
    const wrong = `import fs from 'fs';\nimport type { VercelResponse } from '@vercel/node';\nexport const n: number = fs.readFileSync('x', 'utf8');\nexport const f = (res: VercelResponse) => res.status('200');\n`;
    expect(diagnostics('16.4', 'nodejs', wrong, nodeTypes)).toEqual([
      "Type 'string' is not assignable to type 'number'.",
      "Argument of type 'string' is not assignable to parameter of type 'number'.",
    ]);
  });

  it('on Node.js, the modules left out of the trimmed set still resolve', () => {
    expect(diagnostics('16.4', 'nodejs', `import http2 from 'node:http2';\nimport { test } from 'test';\nexport { http2, test };\n`, nodeTypes)).toEqual([]);
  });

  it('the trimmed Node.js types stay small (the chunk a Node.js file loads)', () => {
    const bytes = nodeTypes.reduce((n, lib) => n + lib.content.length, 0);
    expect(bytes).toBeLessThan(600_000);
    expect(nodeTypes.some((lib) => lib.filePath.endsWith('/inspector.generated.d.ts'))).toBe(false);
  });
});
