// The editor's staged start: Monaco's modules cut into units that, imported one after another, evaluate in the order
// importing the whole graph would (src/server/monaco-stages.ts).
import { describe, expect, it } from 'vitest';
import { evaluationUnits, importGraph, type Graph } from '../../src/server/monaco-stages';

const graph = (edges: Record<string, string[]>): Graph => ({
  imports: new Map(Object.entries(edges)),
  bytes: new Map(Object.keys(edges).map((id) => [id, 1])),
});

describe('Monaco stages', () => {
  it('lists modules after what they import, in import order', () => {
    const units = evaluationUnits(graph({ entry: ['a', 'b'], a: ['c'], b: ['c'], c: [] }), 'entry');
    expect(units.map((u) => u.root)).toEqual(['c', 'a', 'b', 'entry']);
  });

  it('keeps a cycle in one unit, entered where the natural order enters it', () => {
    // entry → a → b → a: ES evaluates b, then a; importing `a` (the root) alone does the same, importing `b` would not.
    const units = evaluationUnits(graph({ entry: ['a'], a: ['b'], b: ['a', 'c'], c: [] }), 'entry');
    expect(units).toEqual([
      { root: 'c', members: ['c'] },
      { root: 'a', members: ['b', 'a'] },
      { root: 'entry', members: ['entry'] },
    ]);
  });

  it("covers every module the page's Monaco imports statically, each once (dynamic imports stay lazy)", async () => {
    const real = await importGraph(process.cwd());
    const entry = [...real.imports.keys()].find((id) => id.endsWith('src/lib/editor/monaco.ts'))!;
    const members = evaluationUnits(real, entry).flatMap((u) => u.members);
    expect(new Set(members).size).toBe(members.length);
    const reached = new Set([entry]);
    for (const id of reached) for (const next of real.imports.get(id) ?? []) reached.add(next);
    expect(new Set(members)).toEqual(reached);
    expect(members.filter((m) => m.includes('/monaco-editor/')).length).toBeGreaterThan(500);
  }, 60_000);
});
