// vercel.json's globs: minimatch loads only for a project that has a vercel.json, before its globs are matched.
import { describe, expect, it } from 'vitest';
import { loadGlobsFor, matchesGlob } from '../../src/lib/project/glob';

describe('vercel.json globs (src/lib/project/glob.ts)', () => {
  it('a project without vercel.json loads nothing; one with it loads minimatch, which then matches as Vercel does', async () => {
    await loadGlobsFor({ 'app/api/hello/route.ts': 'export function GET() {}' });
    expect(() => matchesGlob('api/a.js', 'api/*.js')).toThrow(/minimatch is not loaded/);
    await loadGlobsFor({ 'vercel.json': '{}', 'api/a.js': '' });
    expect(matchesGlob('api/a.js', 'api/*.js')).toBe(true);
    expect(matchesGlob('api/sub/a.js', 'api/*.js')).toBe(false);
    expect(matchesGlob('api/sub/a.js', 'api/**/*.js')).toBe(true);
    expect(matchesGlob('data/.hidden', 'data/**', { dot: true })).toBe(true);
    expect(matchesGlob('data/.hidden', 'data/**')).toBe(false);
  });
});
