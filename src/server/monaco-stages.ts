// Vite plugin: `virtual:monaco-stages`, Monaco's modules cut into stages the page evaluates one task at a time, so
// the editor's start is many short tasks instead of one long one. A build only: the dev server serves Monaco
// pre-bundled, and importing its files by path there would make a second copy.
import { build } from 'esbuild';
import { resolve } from 'node:path';
import type { Plugin } from 'vite';

const ID = 'virtual:monaco-stages';
const STAGE = 'virtual:monaco-stage/';
/** Monaco as the page uses it (src/lib/editor/monaco.ts imports every part the editor needs). */
const ENTRY = 'src/lib/editor/monaco.ts';
/** Source bytes per stage: about 20 ms of evaluation each on a quiet 2-core machine. */
const STAGE_BYTES = 300_000;

export interface Graph {
  imports: Map<string, string[]>;
  bytes: Map<string, number>;
}

/** Monaco's static import graph (dynamic imports stay lazy), from esbuild's metafile; absolute paths. */
export async function importGraph(root: string): Promise<Graph> {
  const result = await build({
    entryPoints: [resolve(root, ENTRY)],
    absWorkingDir: root,
    bundle: true,
    write: false,
    metafile: true,
    format: 'esm',
    platform: 'browser',
    logLevel: 'silent',
    outdir: 'out',
    external: ['*?worker'],
    loader: { '.css': 'empty', '.ttf': 'empty' },
  });
  const imports = new Map<string, string[]>();
  const bytes = new Map<string, number>();
  for (const [path, input] of Object.entries(result.metafile.inputs)) {
    const id = resolve(root, path);
    bytes.set(id, input.bytes);
    imports.set(id, input.imports.filter((i) => i.kind === 'import-statement' && !i.external).map((i) => resolve(root, i.path)));
  }
  return { imports, bytes };
}

/**
 * The modules in the order an ES module graph evaluates them, as units: a cycle is one unit, entered where the
 * natural order enters it, so importing a unit's `root` evaluates it exactly as importing the whole graph would.
 */
export function evaluationUnits({ imports }: Graph, entry: string): { root: string; members: string[] }[] {
  const units: { root: string; members: string[] }[] = [];
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const visit = (id: string) => {
    index.set(id, index.size);
    low.set(id, index.get(id)!);
    stack.push(id);
    onStack.add(id);
    for (const next of imports.get(id) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(id, Math.min(low.get(id)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(id, Math.min(low.get(id)!, index.get(next)!));
    }
    if (low.get(id) !== index.get(id)) return;
    const members: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      members.push(member);
    } while (member !== id);
    units.push({ root: id, members });
  };
  visit(entry);
  return units;
}

export function monacoStages(): Plugin {
  let building = false;
  let root = process.cwd();
  /** Per stage, the unit roots it imports, in evaluation order. */
  let stages: string[][] = [];
  const chunkOf = new Map<string, string>();
  return {
    name: 'playground-monaco-stages',
    configResolved(config) {
      building = config.command === 'build';
      root = config.root;
    },
    async buildStart() {
      if (!building) return;
      const graph = await importGraph(root);
      const entry = resolve(root, ENTRY);
      stages = [];
      let size = Infinity;
      for (const unit of evaluationUnits(graph, entry)) {
        const monacoOnly = unit.members.every((m) => m.includes('/node_modules/') && !m.endsWith('.css'));
        if (!monacoOnly) continue; // the entry and our own files load after the stages, in their own chunk
        if (size >= STAGE_BYTES) {
          stages.push([]);
          size = 0;
        }
        stages.at(-1)!.push(unit.root);
        for (const m of unit.members) {
          chunkOf.set(m, `monaco-${stages.length}`);
          size += graph.bytes.get(m) ?? 0;
        }
      }
    },
    resolveId(id) {
      if (id === ID || id.startsWith(STAGE)) return '\0' + id;
    },
    load(id) {
      if (id === '\0' + ID)
        return `export default [${stages.map((_, i) => `() => import(${JSON.stringify(STAGE + i)})`).join(', ')}];`;
      if (id.startsWith('\0' + STAGE)) {
        const stage = stages[Number(id.slice(STAGE.length + 1))] ?? [];
        return stage.map((m) => `import ${JSON.stringify(m)};`).join('\n');
      }
    },
    outputOptions(options) {
      // Each stage's modules in one chunk of their own, so a stage evaluates its modules and nothing else. A stage
      // already holds its modules' dependencies or follows them, so no group pulls in another's.
      if (!building || options.codeSplitting === false) return;
      const groups = typeof options.codeSplitting === 'object' ? (options.codeSplitting.groups ?? []) : [];
      const stageGroup = { name: (id: string) => chunkOf.get(id) ?? null, includeDependenciesRecursively: false };
      return { ...options, codeSplitting: { ...(typeof options.codeSplitting === 'object' ? options.codeSplitting : {}), groups: [stageGroup, ...groups] } };
    },
  };
}
