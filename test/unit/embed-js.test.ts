import { readFileSync } from 'node:fs';
import { Script, createContext } from 'node:vm';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const source = readFileSync(new URL('../../public/embed.js', import.meta.url), 'utf8');

describe('public/embed.js, the host-page helper', () => {
  it('stays under 5 kB gzipped', () => {
    expect(gzipSync(source, { level: 9 }).length).toBeLessThan(5 * 1024);
  });

  it('parses as a plain script (no modules, no build step) and defines RuntimePlayground.embed', () => {
    expect(source).not.toMatch(/^\s*(import|export)\s/m);
    const window: Record<string, unknown> = {};
    const context = createContext({ window, document: { currentScript: { src: 'https://pg.example/embed.js' } }, URL });
    new Script(source, { filename: 'embed.js' }).runInContext(context);
    const api = window.RuntimePlayground as { embed: unknown; version: number };
    expect(typeof api.embed).toBe('function');
    expect(api.version).toBe(1);
  });
});
