// The editor's `next/server` types follow the chosen Next.js profile: checked with TypeScript itself, as Monaco's
// TypeScript worker would check a handler with the same declarations.
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { extraLibsFor, libFor } from '../../src/lib/editor/types';
import { profileFor } from '../../src/lib/project/profiles';
import type { RuntimeName } from '../../workers/protocol';

const HANDLER = `import { NextRequest } from 'next/server';
export function GET(request: NextRequest) {
  return Response.json({ country: request.geo?.country, ip: request.ip, path: request.nextUrl.pathname });
}
`;

/** TypeScript's messages for the handler, with the editor's declarations for `version` on `runtime`. */
function diagnostics(version: string, runtime: RuntimeName): string[] {
  const found = profileFor(version);
  if (!found.ok) throw new Error(found.message);
  const files = new Map<string, string>([['/route.ts', HANDLER]]);
  for (const lib of extraLibsFor(runtime, { requestGeo: found.profile.requestGeo })) files.set(lib.filePath.replace('file://', ''), lib.content);
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    lib: libFor(runtime).map((l) => `lib.${l}.d.ts`),
    strict: true,
    noEmit: true,
    skipLibCheck: true,
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
