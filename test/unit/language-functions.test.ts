// api/*.py, api/*.rb and api/*.go are Vercel functions on Vercel's Python, Ruby and Go runtimes (runtime-spec-2026 §2.5).
import { describe, expect, it } from 'vitest';
import { handlerKind, languageOf, matchRoute, routePath } from '../../src/lib/project/routes';
import { resolveRuntime } from '../../src/lib/project/resolve-runtime';
import { formatRunReason } from '../../src/lib/project/runtime-reason';
import { functionLimits, limitsFor } from '../../src/lib/limits';

describe('§2.5 Python, Ruby and Go functions', () => {
  it('are recognised under api/ by extension, and only there', () => {
    expect(['api/hello.py', 'api/x/y.rb', 'api/index.go', 'lib/hello.py', 'app/api/route.py'].map(languageOf)).toEqual(['python', 'ruby', 'go', null, null]);
    expect(handlerKind('api/hello.py')).toBe('vercel-function');
    expect(handlerKind('lib/util.py')).toBeNull();
  });

  it('answer the path without the extension; /api/index.go answers /api', () => {
    expect(routePath('api/hello.py')).toBe('/api/hello');
    expect(routePath('api/index.go')).toBe('/api');
    expect(matchRoute({ 'api/hello.rb': '', 'api/other.js': '' }, '/api/hello?x=1')).toBe('api/hello.rb');
  });

  it('resolve to their language, with the reason', () => {
    const r = resolveRuntime({ 'api/hello.py': 'x = 1' }, 'api/hello.py');
    expect(r.ok && r.runtime).toBe('python');
    expect(r.ok && formatRunReason(r.runtime, r.because)).toBe("python: api/hello.py is a Python function (Vercel's @vercel/python, by its extension)");
  });

  it('run under the Vercel Function limits of the plan (maxDuration, payload), as Node.js functions do', () => {
    const limits = limitsFor('pro');
    expect(functionLimits(limits, 'python')).toBe(limits.node);
    expect(functionLimits(limits, 'go').maxDurationMs).toBe(300_000);
  });
});
