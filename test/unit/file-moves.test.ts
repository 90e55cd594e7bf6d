// Renaming, moving and deleting project files: what is refused, and that no file's text is lost or written over.
import { describe, expect, it } from 'vitest';
import { applyMoves, deletion, dropPath, planMove } from '../../src/lib/project/file-moves';
import { treeRows } from '../../src/components/file-tree-rows';

const FILES = {
  'app/api/hello/route.ts': 'hello',
  'app/api/time/route.ts': 'time',
  'lib/util.ts': 'util',
  'package.json': '{}',
};

describe('planMove', () => {
  it('renames a file, keeping its text and every other file', () => {
    const plan = planMove(FILES, 'lib/util.ts', 'lib/helpers.ts');
    expect(plan).toEqual({ ok: true, value: [['lib/util.ts', 'lib/helpers.ts']] });
    if (!plan.ok) return;
    expect(applyMoves(FILES, plan.value)).toEqual({ ...FILES, 'lib/util.ts': undefined, 'lib/helpers.ts': 'util' } as never);
    expect(Object.keys(applyMoves(FILES, plan.value))).not.toContain('lib/util.ts');
  });

  it('moves a file into folders that do not exist yet, from a typed path with ./', () => {
    expect(planMove(FILES, 'lib/util.ts', ' ./app/lib/deep/util.ts ')).toEqual({ ok: true, value: [['lib/util.ts', 'app/lib/deep/util.ts']] });
  });

  it('refuses a target that exists, a folder, a path under a file, and bad segments', () => {
    expect(planMove(FILES, 'lib/util.ts', 'package.json')).toEqual({ ok: false, message: 'package.json already exists.' });
    expect(planMove(FILES, 'lib/util.ts', 'app/api')).toEqual({ ok: false, message: 'app/api is a folder.' });
    expect(planMove(FILES, 'lib/util.ts', 'package.json/x.ts')).toEqual({ ok: false, message: 'package.json is a file, not a folder.' });
    expect(planMove(FILES, 'lib/util.ts', '../util.ts')).toMatchObject({ ok: false });
    expect(planMove(FILES, 'lib/util.ts', 'lib/')).toMatchObject({ ok: false });
    expect(planMove(FILES, 'lib/util.ts', '')).toMatchObject({ ok: false });
  });

  it('renames a folder: every file in it moves, files outside it with a similar name do not', () => {
    const files = { ...FILES, 'app/api/hello-world/route.ts': 'hw' };
    const plan = planMove(files, 'app/api/hello/', 'app/api/greet');
    expect(plan).toEqual({ ok: true, value: [['app/api/hello/route.ts', 'app/api/greet/route.ts']] });
  });

  it('moves a folder into another; refuses moving it into itself or onto taken paths', () => {
    expect(planMove(FILES, 'app/api/', 'src/app/api/')).toEqual({
      ok: true,
      value: [
        ['app/api/hello/route.ts', 'src/app/api/hello/route.ts'],
        ['app/api/time/route.ts', 'src/app/api/time/route.ts'],
      ],
    });
    expect(planMove(FILES, 'app/', 'app/inner')).toEqual({ ok: false, message: 'A folder cannot move into itself.' });
    expect(planMove({ ...FILES, 'x/hello/route.ts': 'x' }, 'app/api/', 'x')).toEqual({ ok: false, message: 'x/hello/route.ts already exists.' });
    expect(planMove(FILES, 'app/api/', 'package.json')).toEqual({ ok: false, message: 'package.json is a file.' });
  });

  it('a move whose targets are the sources of its own other moves is not a conflict (swap-free shift)', () => {
    const files = { 'a/a/x.ts': '1', 'a/x.ts': '2' };
    const plan = planMove(files, 'a/', 'b');
    expect(plan.ok && applyMoves(files, plan.value)).toEqual({ 'b/a/x.ts': '1', 'b/x.ts': '2' });
  });
});

describe('drops and deletes', () => {
  it('a drop on a folder keeps the name; on the top, the name alone', () => {
    expect(dropPath('lib/util.ts', 'app/api/')).toBe('app/api/util.ts');
    expect(dropPath('lib/util.ts', '')).toBe('util.ts');
    expect(dropPath('app/api/hello/', 'lib/')).toBe('lib/hello/');
  });

  it('a delete keeps the text of what it removes, for an undo', () => {
    expect(deletion(FILES, 'app/api/')).toEqual({ 'app/api/hello/route.ts': 'hello', 'app/api/time/route.ts': 'time' });
    expect(deletion(FILES, 'lib/util.ts')).toEqual({ 'lib/util.ts': 'util' });
    expect(deletion(FILES, 'lib/util')).toEqual({});
  });
});

describe('treeRows', () => {
  it('folders first, indented, single-folder chains as one row, collapsed folders without their files', () => {
    const rows = (collapsed: string[]) => treeRows(Object.keys(FILES), new Set(collapsed)).map((r) => `${'  '.repeat(r.depth)}${r.kind === 'dir' ? r.label + '/' : r.name}`);
    expect(rows([])).toEqual(['app/api/', '  hello/', '    route.ts', '  time/', '    route.ts', 'lib/', '  util.ts', 'package.json']);
    expect(rows(['app/api/'])).toEqual(['app/api/', 'lib/', '  util.ts', 'package.json']);
  });
});
