import { describe, expect, it } from 'vitest';
import { diffBodies, diffHeaders } from '../../src/lib/compare-diff';
import { runtimeDependence } from '../../src/lib/compare-hints';
import { readView, writeView } from '../../src/lib/view-url.svelte';

describe('compare: headers and bodies', () => {
  it('marks a header whose value differs, one only a side has, and leaves equal ones unmarked (names case-blind)', () => {
    const [left, right] = diffHeaders(
      [['Content-Type', 'application/json'], ['x-runtime', 'edge'], ['x-edge-only', '1']],
      [['content-type', 'application/json'], ['X-Runtime', 'nodejs']],
    );
    expect(left).toEqual([
      { name: 'content-type', value: 'application/json', mark: 'same' },
      { name: 'x-edge-only', value: '1', mark: 'only-here' },
      { name: 'x-runtime', value: 'edge', mark: 'changed' },
    ]);
    expect(right.map((h) => h.mark)).toEqual(['same', 'changed']);
  });

  it('repeated Set-Cookie headers compare as one joined value', () => {
    const [left] = diffHeaders([['set-cookie', 'a=1'], ['set-cookie', 'b=2']], [['set-cookie', 'a=1, b=2']]);
    expect(left).toEqual([{ name: 'set-cookie', value: 'a=1, b=2', mark: 'same' }]);
  });

  it('JSON bodies diff pretty-printed, one changed field one changed line per side', () => {
    const diff = diffBodies('{"a":1,"runtime":"edge","z":true}', '{"a":1,"runtime":"nodejs","z":true}');
    expect(diff.left).toEqual([
      { text: '{', mark: 'same' },
      { text: '  "a": 1,', mark: 'same' },
      { text: '  "runtime": "edge",', mark: 'removed' },
      { text: '  "z": true', mark: 'same' },
      { text: '}', mark: 'same' },
    ]);
    expect(diff.right.filter((l) => l.mark !== 'same')).toEqual([{ text: '  "runtime": "nodejs",', mark: 'added' }]);
    expect(diff.changed).toBe(2);
  });

  it('an empty body on one side: everything the other has is marked', () => {
    const diff = diffBodies('', 'line 1\nline 2\n');
    expect(diff.left).toEqual([]);
    expect(diff.right).toEqual([
      { text: 'line 1', mark: 'added' },
      { text: 'line 2', mark: 'added' },
    ]);
  });

  it('a huge body that differs everywhere does not hang the page: cut at the compared length', () => {
    const a = Array.from({ length: 40_000 }, (_, i) => `a${i}`).join('\n');
    const b = Array.from({ length: 40_000 }, (_, i) => `b${i}`).join('\n');
    const t0 = performance.now();
    const diff = diffBodies(a, b);
    expect(performance.now() - t0).toBeLessThan(3_000);
    expect(diff.left.every((l) => l.mark === 'removed')).toBe(true);
  });
});

describe('compare: when a handler depends on its runtime', () => {
  it.each([
    ['EdgeRuntime', 'console.log(typeof EdgeRuntime)'],
    ['require', "const x = typeof require === 'function'"],
    ['eval', "eval('1 + 1')"],
    ['eval', "new Function('return 1')"],
    ['process.*', 'process.memoryUsage()'],
    ['fs', "import { readFileSync } from 'fs'"],
    ['fs', "import fs from 'node:fs'"],
    ['child_process', "const cp = await import('node:child_process')"],
    ['sharp', "import sharp from 'sharp'"],
  ])('%s: %s', (what, source) => {
    expect(runtimeDependence(source)).toContain(what);
  });

  it('process.env, a comment, and a web-only handler are not', () => {
    expect(runtimeDependence("// uses fs and eval()\nexport const GET = () => new Response(process.env.NEXT_RUNTIME)")).toEqual([]);
  });
});

describe('the view in the URL', () => {
  it('reads the version, plan, generation and compare mode; `?compare` alone compares runtimes', () => {
    expect(readView('?next=14.2.35&plan=pro&generation=legacy&compare')).toEqual({ nextVersion: '14.2.35', plan: 'pro', generation: 'legacy', compare: 'runtimes', versions: null });
    expect(readView('?compare=versions&versions=14.2.35,15.1.12').versions).toEqual(['14.2.35', '15.1.12']);
  });

  it('a value it does not know is the default', () => {
    expect(readView('?next=nope&plan=platinum&generation=x&versions=1,2,3')).toEqual({ nextVersion: null, plan: 'hobby', generation: 'fluid', compare: null, versions: null });
  });

  it('writes only what differs from the default and keeps every other parameter and the hash', () => {
    const href = writeView('http://localhost:5173/?embed&nodeHost=local&example=stream&plan=pro#s=abc', {
      nextVersion: '15.1.12',
      plan: 'hobby',
      generation: 'fluid',
      compare: 'versions',
      versions: ['14.2.35', '15.1.12'],
    });
    const url = new URL(href);
    expect(Object.fromEntries(url.searchParams)).toEqual({ embed: '', nodeHost: 'local', example: 'stream', next: '15.1.12', compare: 'versions', versions: '14.2.35,15.1.12' });
    expect(url.hash).toBe('#s=abc');
  });
});
