// Warm runs send a bundle by id: the page's list of sent bundles and the sandbox's cache must always agree.
import { describe, expect, it } from 'vitest';
import type { EdgeBundle } from '../../workers/protocol';
import { BundleCache } from '../../workers/edge/bundle-cache';
import { SentBundles } from '../../src/lib/runtimes/sent-bundles';

const bundle = (id: string): EdgeBundle => ({ id, code: `export const GET = () => new Response('${id}');`, kind: 'app-route', path: 'app/api/x/route.ts', env: {} });

describe('bundle refs between the page and the sandbox', () => {
  it('the first invoke of a bundle carries its code, the next ones only its id', () => {
    const sent = new SentBundles();
    expect(sent.carry(bundle('a'))).toHaveProperty('code');
    expect(sent.carry(bundle('a'))).toEqual({ id: 'a' });
  });

  it('a bundle that fell out of the list is sent whole again', () => {
    const sent = new SentBundles(2);
    sent.carry(bundle('a'));
    sent.carry(bundle('b'));
    sent.carry(bundle('c'));
    expect(sent.carry(bundle('a'))).toHaveProperty('code');
  });

  it('the sandbox resolves every ref the page sends, over a long random sequence of invokes', () => {
    const sent = new SentBundles();
    const cache = new BundleCache();
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 5000; i++) {
      const id = `b${Math.floor(random() * random() * 40)}`; // a few hot bundles, a long tail
      const carried = sent.carry(bundle(id));
      expect(cache.resolve(carried)?.id, `invoke ${i} of ${id}`).toBe(id);
    }
  });

  it('an unknown ref resolves to null (the sandbox answers with an error, never a wrong bundle)', () => {
    expect(new BundleCache().resolve({ id: 'nope' })).toBeNull();
  });
});
