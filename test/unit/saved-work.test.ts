// Saved work: one slot per project shown, bounded (own never dropped), and storage that is full, throws or holds
// something else never breaks the page nor loses the work of this page.
import { describe, expect, it } from 'vitest';
import { OWN_SLOT, SAVED_WORK_CAPS, SavedWork, type WorkState } from '../../src/lib/share/saved-work';

/** A Storage of the shape the page has, in memory, refusing writes past `quota` characters as browsers do. */
function memoryStorage(quota = Infinity): Storage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  const used = () => [...data].reduce((n, [k, v]) => n + k.length + v.length, 0);
  return {
    data,
    get length() {
      return data.size;
    },
    clear: () => data.clear(),
    getItem: (k: string) => data.get(k) ?? null,
    key: (i: number) => [...data.keys()][i] ?? null,
    removeItem: (k: string) => void data.delete(k),
    setItem: (k: string, v: string) => {
      const before = data.get(k);
      const grown = used() - (before === undefined ? 0 : k.length + before.length) + k.length + String(v).length;
      if (grown > quota) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      data.set(k, String(v));
    },
  };
}

function work(text: string, savedAt = Date.now()): WorkState {
  return {
    files: { 'app/api/hello/route.ts': text, 'package.json': '{}' },
    active: 'app/api/hello/route.ts',
    request: { method: 'POST', url: '/api/hello?x=1', headers: [{ name: 'x-a', value: 'ü', enabled: true }], cookies: [], bodyType: 'json', body: '{"a":1}' },
    nextVersion: '15.5',
    plan: 'pro',
    generation: 'legacy',
    overrides: { edgeMaxStreamMs: 2000 },
    env: { TOKEN: 'abc' },
    savedAt,
  };
}

describe('saved work', () => {
  it('keeps each slot apart across a reload (a new SavedWork on the same storage), every field as written', () => {
    const storage = memoryStorage();
    const first = new SavedWork(() => storage);
    first.write(OWN_SLOT, work('mine 🚀'));
    first.write('example:edge-eval', work('edited example'));
    const again = new SavedWork(() => storage);
    expect(again.read(OWN_SLOT)).toEqual(work('mine 🚀', again.read(OWN_SLOT)!.savedAt));
    expect(again.read('example:edge-eval')?.files['app/api/hello/route.ts']).toBe('edited example');
    expect(again.read('embed:abc')).toBeNull();
    again.remove('example:edge-eval');
    expect(new SavedWork(() => storage).read('example:edge-eval')).toBeNull();
    expect(new SavedWork(() => storage).read(OWN_SLOT)).not.toBeNull();
  });

  it(`keeps at most ${SAVED_WORK_CAPS.slots} slots: the least recently saved go, own never`, () => {
    const storage = memoryStorage();
    const saved = new SavedWork(() => storage);
    saved.write(OWN_SLOT, work('mine', 1));
    for (let i = 0; i < SAVED_WORK_CAPS.slots + 5; i++) saved.write(`example:${i}`, work(`e${i}`, 100 + i));
    const slots = [...storage.data.keys()].filter((k) => k.startsWith('playground:work:'));
    expect(slots).toHaveLength(SAVED_WORK_CAPS.slots);
    expect(saved.read(OWN_SLOT)?.files['app/api/hello/route.ts']).toBe('mine');
    for (let i = 0; i < 6; i++) expect(saved.read(`example:${i}`), `example:${i}`).toBeNull();
    expect(saved.read(`example:${SAVED_WORK_CAPS.slots + 4}`)).not.toBeNull();
    expect(saved.read('example:6')).not.toBeNull();
  });

  it('a full storage drops the oldest other slots to make room, never own; what still does not fit stays in memory for this page', () => {
    const storage = memoryStorage(6000);
    const saved = new SavedWork(() => storage);
    saved.write(OWN_SLOT, work('mine', 1));
    saved.write('example:old', work('x'.repeat(1500), 2));
    saved.write('example:newer', work('y'.repeat(1500), 3));
    saved.write('link:big', work('z'.repeat(2500), 4)); // fits only once example:old goes
    expect(saved.read('example:old')).toBeNull();
    expect(new SavedWork(() => storage).read('link:big')?.files['app/api/hello/route.ts']).toHaveLength(2500);
    expect(saved.read(OWN_SLOT)?.files['app/api/hello/route.ts']).toBe('mine');

    const huge = 'h'.repeat(10_000);
    expect(() => saved.write('embed:huge', work(huge, 5))).not.toThrow();
    expect(saved.read('embed:huge')?.files['app/api/hello/route.ts']).toBe(huge); // this page still has it
    expect(new SavedWork(() => storage).read('embed:huge')).toBeNull(); // storage could not take it
    expect(new SavedWork(() => storage).read(OWN_SLOT)?.files['app/api/hello/route.ts']).toBe('mine');
  });

  it('storage that throws on access (an opaque origin, blocked third-party storage) works in memory and never throws', () => {
    const blocked = new SavedWork(() => {
      throw new DOMException('The operation is insecure.', 'SecurityError');
    });
    expect(blocked.read(OWN_SLOT)).toBeNull();
    expect(() => blocked.write(OWN_SLOT, work('in memory'))).not.toThrow();
    expect(blocked.read(OWN_SLOT)?.files['app/api/hello/route.ts']).toBe('in memory');
    blocked.remove(OWN_SLOT);
    expect(blocked.read(OWN_SLOT)).toBeNull();

    const refusing = memoryStorage();
    const broken: Storage = { ...refusing, get length() { return 0; }, getItem: () => { throw new Error('gone'); }, setItem: () => { throw new Error('gone'); }, removeItem: () => { throw new Error('gone'); }, key: () => null };
    const saved = new SavedWork(() => broken);
    expect(() => saved.write('example:a', work('kept'))).not.toThrow();
    expect(saved.read('example:a')?.files['app/api/hello/route.ts']).toBe('kept');
    expect(new SavedWork(() => null).read('example:a')).toBeNull();
  });

  it('a stored value that does not check out (hand-edited, an older shape, not JSON) reads as nothing saved', () => {
    const storage = memoryStorage();
    const saved = new SavedWork(() => storage);
    const good = JSON.stringify({ v: 1, work: work('ok') });
    const variants: Record<string, string> = {
      notJson: '{"v":1,"work":',
      noVersion: JSON.stringify(work('old')),
      newerVersion: JSON.stringify({ v: 2, work: work('new') }),
      noFiles: JSON.stringify({ v: 1, work: { ...work('x'), files: {} } }),
      fileNotText: JSON.stringify({ v: 1, work: { ...work('x'), files: { 'a.ts': 1 } } }),
      badPlan: JSON.stringify({ v: 1, work: { ...work('x'), plan: 'free' } }),
      badRequest: JSON.stringify({ v: 1, work: { ...work('x'), request: { method: 'GET', url: '/' } } }),
      badOverride: JSON.stringify({ v: 1, work: { ...work('x'), overrides: { edgeMaxStreamMs: -1 } } }),
      unknownOverride: JSON.stringify({ v: 1, work: { ...work('x'), overrides: { cpu: 1 } } }),
      nullWork: JSON.stringify({ v: 1, work: null }),
    };
    for (const [slot, text] of Object.entries(variants)) storage.setItem(`playground:work:${slot}`, text);
    storage.setItem('playground:work:good', good);
    storage.setItem('playground:work-index', '{"not":"a list"}');
    for (const slot of Object.keys(variants)) expect(saved.read(slot), slot).toBeNull();
    expect(saved.read('good')?.files['app/api/hello/route.ts']).toBe('ok');
    // A write over a broken index rebuilds it and keeps going.
    expect(() => saved.write(OWN_SLOT, work('mine'))).not.toThrow();
    expect(JSON.parse(storage.getItem('playground:work-index')!)).toEqual(expect.arrayContaining([expect.objectContaining({ slot: OWN_SLOT })]));
  });

  it('what a caller does with a state it read or wrote does not change what is saved', () => {
    const saved = new SavedWork(() => null);
    const state = work('first');
    saved.write('example:a', state);
    state.files['app/api/hello/route.ts'] = 'changed after';
    const read = saved.read('example:a')!;
    read.files['app/api/hello/route.ts'] = 'changed read';
    expect(saved.read('example:a')?.files['app/api/hello/route.ts']).toBe('first');
  });
});
