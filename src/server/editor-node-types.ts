// Vite plugin: `virtual:editor-node-types`, the editor's Node.js types (the installed @types/node, trimmed to what a
// handler uses, without comments) as Monaco extra libs. The page imports it only when a Node.js file is open.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import type { Plugin } from 'vite';

const ID = 'virtual:editor-node-types';
const require = createRequire(import.meta.url);

/**
 * Files of @types/node a handler has no use for (a test runner, the inspector protocol, HTTP/2 servers, the REPL...):
 * most of the package's bytes. Their modules still resolve, loosely typed, so importing one is not marked.
 */
export const DROPPED_NODE_TYPES: Record<string, string[]> = {
  'test.d.ts': ['test', 'test/reporters'],
  'inspector.generated.d.ts': ['inspector', 'inspector/promises'],
  'http2.d.ts': ['http2'],
  'repl.d.ts': ['repl'],
  'sea.d.ts': ['sea'],
  'wasi.d.ts': ['wasi'],
  'trace_events.d.ts': ['trace_events'],
  'domain.d.ts': ['domain'],
  'punycode.d.ts': ['punycode'],
  'cluster.d.ts': ['cluster'],
  'dgram.d.ts': ['dgram'],
  'diagnostics_channel.d.ts': ['diagnostics_channel'],
  'v8.d.ts': ['v8'],
};

export interface ExtraLib {
  filePath: string;
  content: string;
}

/** The trimmed @types/node as extra libs, in the order its index.d.ts references them. */
export function nodeTypeLibs(): ExtraLib[] {
  const root = dirname(require.resolve('@types/node/package.json'));
  const index = readFileSync(join(root, 'index.d.ts'), 'utf8');
  const files = [...index.matchAll(/<reference path="([^"]+)"/g)].map((m) => m[1]).filter((f) => !(f in DROPPED_NODE_TYPES));
  const printer = ts.createPrinter({ removeComments: true });
  const libs = files.map((file) => {
    const source = ts.createSourceFile(file, readFileSync(join(root, file), 'utf8'), ts.ScriptTarget.Latest, false);
    return { filePath: `file:///node_modules/@types/node/${file}`, content: printer.printFile(source) };
  });
  const loose = Object.values(DROPPED_NODE_TYPES)
    .flat()
    .map((m) => `declare module '${m}';\ndeclare module 'node:${m}';`)
    .join('\n');
  libs.push({ filePath: 'file:///node_modules/@types/node/dropped.d.ts', content: loose + '\n' });
  return libs;
}

export function editorNodeTypes(): Plugin {
  let cached: string | undefined;
  return {
    name: 'playground-editor-node-types',
    resolveId(id) {
      if (id === ID) return '\0' + ID;
    },
    load(id) {
      if (id !== '\0' + ID) return;
      cached ??= `export default ${JSON.stringify(nodeTypeLibs())};`;
      return cached;
    },
  };
}
