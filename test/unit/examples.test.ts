// The examples gallery's table: unique ids, files that resolve (each request reaches a handler file that exists),
// two-sentence texts, known Next.js versions, and search.
import { describe, expect, it } from 'vitest';
import { EXAMPLE_GROUPS, EXAMPLES, exampleById, searchExamples } from '../../src/lib/examples';
import { DEFAULT_FILES } from '../../src/lib/project/examples';
import { DEFAULT_PROFILE, profileFor } from '../../src/lib/project/profiles';
import { resolveRuntime } from '../../src/lib/project/resolve-runtime';
import { handlerFiles, matchRoute, routePath } from '../../src/lib/project/routes';

/** Sentences of a text, code spans left out (they may hold dots, colons and `…`). */
const sentences = (text: string) => text.replace(/`[^`]*`/g, 'code').match(/[^.!?]+[.!?]+(?=\s|$)/g) ?? [];

describe('the examples table', () => {
  it('ids are unique, URL-safe words', () => {
    const ids = EXAMPLES.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('every text is two sentences, and every example has a title and a source', () => {
    for (const e of EXAMPLES) {
      expect(sentences(e.look), `${e.id}: ${e.look}`).toHaveLength(2);
      expect(e.title.trim(), e.id).not.toBe('');
      expect(e.source.trim(), e.id).not.toBe('');
    }
  });

  it('catches a text that is not two sentences', () => {
    expect(sentences('One. Two `a. b` three.')).toHaveLength(2);
    expect(sentences('Only one sentence here.')).toHaveLength(1);
    expect(sentences('One. Two. Three.')).toHaveLength(3);
  });

  it('every example opens a file it has, and every request reaches a handler file that exists and resolves', () => {
    for (const e of EXAMPLES) {
      expect(Object.keys(e.files), e.id).toContain(e.open);
      expect(handlerFiles(e.files).length, `${e.id} has a handler`).toBeGreaterThan(0);
      const found = e.nextVersion ? profileFor(e.nextVersion) : null;
      if (found) expect(found.ok, `${e.id}: Next.js ${e.nextVersion}`).toBe(true);
      const profile = found?.ok ? found.profile : DEFAULT_PROFILE;
      for (const request of e.requests) {
        const entry = matchRoute(e.files, request.url);
        expect(entry, `${e.id}: ${request.url} is routed`).not.toBeNull();
        expect(Object.keys(e.files)).toContain(entry);
        const resolution = resolveRuntime(e.files, entry!, routePath(entry!), profile);
        expect(resolution.ok, `${e.id}: ${JSON.stringify(resolution)}`).toBe(true);
        expect(request.label.trim(), e.id).not.toBe('');
      }
    }
  });

  it('JSON files parse, and every group is one the gallery lists and has examples', () => {
    for (const e of EXAMPLES) {
      for (const [path, text] of Object.entries(e.files)) if (path.endsWith('.json')) expect(() => JSON.parse(text), `${e.id}: ${path}`).not.toThrow();
      expect(EXAMPLE_GROUPS, e.id).toContain(e.group);
    }
    for (const group of EXAMPLE_GROUPS) expect(EXAMPLES.some((e) => e.group === group), group).toBe(true);
  });

  it('the starting project is the default example', () => {
    expect(exampleById('default')?.files).toBe(DEFAULT_FILES);
    expect(exampleById('no-such-example')).toBeNull();
  });

  it('search matches every word in the title, text, id or file names, grouped in the gallery order', () => {
    expect(searchExamples('').flatMap((g) => g.examples)).toHaveLength(EXAMPLES.length);
    expect(searchExamples('eval').flatMap((g) => g.examples.map((e) => e.id))).toContain('edge-eval');
    expect(searchExamples('REQ.QUERY hello').flatMap((g) => g.examples.map((e) => e.id))).toContain('vercel-hello');
    expect(searchExamples('vercel.json maxduration').flatMap((g) => g.examples.map((e) => e.id))).toEqual(['node-max-duration']);
    expect(searchExamples('zzz no such words')).toEqual([]);
    const groups = searchExamples('').map((g) => g.group);
    expect(groups).toEqual(EXAMPLE_GROUPS.filter((g) => groups.includes(g)));
  });
});
