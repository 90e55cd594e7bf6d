import { describe, expect, it } from 'vitest';
import { resolveRuntime } from '../../src/lib/project/resolve-runtime';
import { resolveMiddleware } from '../../src/lib/project/middleware';
import { profileFor, type Profile } from '../../src/lib/project/profiles';
import { decidingStep, describeStep, formatReason, formatRunReason, type ReasonStep } from '../../src/lib/project/runtime-reason';
import { EDGE_DEPRECATED_WARNING, MIDDLEWARE_DEPRECATED } from '../../src/lib/project/runtime-messages';
import type { Files } from '../../workers/protocol';

const at = (version: string): Profile => {
  const found = profileFor(version);
  if (!found.ok) throw new Error(found.message);
  return found.profile;
};
const chain = (files: Files, file: string, version: string, route = '/') => {
  const r = resolveRuntime(files, file, route, at(version));
  if (!r.ok) throw new Error(r.message);
  return r;
};
const GET = 'export function GET() { return new Response("ok") }\n';
const EDGE_LAYOUT = { 'app/layout.tsx': "export const runtime = 'edge'\n" };

describe('the reason chain, one step per resolution rule', () => {
  it('R01: nothing declared: a default step that says where it looked', () => {
    const r = chain({ 'app/a/route.ts': GET }, 'app/a/route.ts', '14.2.3');
    expect(r.because).toEqual([{ kind: 'default', runtime: 'nodejs', file: 'app/a/route.ts', looked: 'file-and-layouts' }]);
    expect(r.reason).toBe('default, no runtime declared in app/a/route.ts or its layouts');
  });

  it("R03: a layout's export decides, with its file and line (13.4–14)", () => {
    const r = chain({ ...EDGE_LAYOUT, 'app/a/route.ts': GET }, 'app/a/route.ts', '14.2.3');
    expect(r.because).toEqual([{ kind: 'layout', runtime: 'edge', declared: { file: 'app/layout.tsx', line: 1, value: 'edge', how: 'export const runtime' } }]);
  });

  it("R04: the route's own export decides and names the layout declaration it overrides", () => {
    const r = chain({ ...EDGE_LAYOUT, 'app/a/route.ts': `${GET}export const runtime = 'nodejs'\n` }, 'app/a/route.ts', '14.2.3');
    expect(r.because).toEqual([
      {
        kind: 'segment-export',
        runtime: 'nodejs',
        declared: { file: 'app/a/route.ts', line: 2, value: 'nodejs', how: 'export const runtime' },
        overrides: [{ file: 'app/layout.tsx', line: 1, value: 'edge', how: 'export const runtime' }],
      },
    ]);
  });

  it('R05: the nearest layout decides over the root layout', () => {
    const files = { ...EDGE_LAYOUT, 'app/a/layout.tsx': "\nexport const runtime = 'nodejs'\n", 'app/a/b/route.ts': GET };
    const [step] = chain(files, 'app/a/b/route.ts', '14.2.3').because;
    expect(step).toMatchObject({ kind: 'layout', runtime: 'nodejs', declared: { file: 'app/a/layout.tsx', line: 2 }, overrides: [{ file: 'app/layout.tsx', value: 'edge' }] });
  });

  it('R06: a static metadata file: its own step', () => {
    expect(chain({ ...EDGE_LAYOUT, 'app/icon.png': '' }, 'app/icon.png', '14.2.3').because).toEqual([{ kind: 'static-metadata', runtime: 'nodejs', file: 'app/icon.png' }]);
  });

  it("15.0+: a route handler under an edge layout defaults to Node.js, the profile rule named and the layout's declaration listed as not read", () => {
    const r = chain({ ...EDGE_LAYOUT, 'app/a/route.ts': GET }, 'app/a/route.ts', '15.1.0');
    expect(r.because).toEqual([
      {
        kind: 'default',
        runtime: 'nodejs',
        file: 'app/a/route.ts',
        looked: 'file',
        overrides: [{ file: 'app/layout.tsx', line: 1, value: 'edge', how: 'export const runtime' }],
        rule: { profile: at('15.1.0').id, text: "route handlers do not inherit a layout's runtime from 15.0" },
      },
    ]);
    expect(r.reason).toBe("default, no runtime declared in app/a/route.ts (route handlers do not inherit a layout's runtime from 15.0)");
  });

  it("R08: pages config.runtime: a config step", () => {
    const file = 'pages/api/x.ts';
    expect(chain({ [file]: "export const config = { runtime: 'edge' }\n" }, file, '14.2.3', '/api/x').because).toEqual([
      { kind: 'config', runtime: 'edge', declared: { file, line: 1, value: 'edge', how: 'config.runtime' } },
    ]);
  });

  it("R09: 'experimental-edge' in pages: the decision, then the version's deprecation as a step", () => {
    const file = 'pages/api/x.ts';
    const r = chain({ [file]: "export const config = { runtime: 'experimental-edge' }\n" }, file, '14.2.3', '/api/x');
    expect(r.because.map((s) => s.kind)).toEqual(['config', 'deprecation']);
    expect(r.because[1]).toMatchObject({ kind: 'deprecation', text: r.warnings[0], rule: { profile: at('14.2.3').id } });
  });

  it('R14: the pages export decides and names the config.runtime it overrides', () => {
    const file = 'pages/api/x.ts';
    const src = "export const runtime = 'nodejs'\nexport const config = { runtime: 'experimental-edge' }\n";
    const [step] = chain({ [file]: src }, file, '14.2.3', '/api/x').because;
    expect(step).toMatchObject({ kind: 'segment-export', runtime: 'nodejs', overrides: [{ how: 'config.runtime', value: 'experimental-edge', line: 2 }] });
  });

  it("16.3+: an edge route's chain carries the edge deprecation, with the profile that says it", () => {
    const r = chain({ 'app/a/route.ts': `export const runtime = 'edge'\n${GET}` }, 'app/a/route.ts', '16.3.0');
    expect(r.because).toEqual([
      expect.objectContaining({ kind: 'segment-export', runtime: 'edge' }),
      { kind: 'deprecation', text: EDGE_DEPRECATED_WARNING, rule: { profile: at('16.3.0').id, text: expect.stringContaining('deprecates the edge runtime') } },
    ]);
    // The one-line reason stays what it was: the deprecation is a warning of its own.
    expect(r.reason).toBe("export const runtime = 'edge' in app/a/route.ts:1");
  });

  it('Vercel functions: a segment export that @vercel/node does not read is listed, with the rule', () => {
    const r = chain({ 'api/x.js': "export const runtime = 'edge'\nexport default () => new Response('x')" }, 'api/x.js', '14.2.3');
    expect(r.because).toEqual([
      {
        kind: 'default',
        runtime: 'nodejs',
        file: 'api/x.js',
        looked: 'config',
        overrides: [{ file: 'api/x.js', line: 1, value: 'edge', how: 'export const runtime' }],
        rule: { profile: 'vercel', text: '@vercel/node reads config.runtime only' },
      },
    ]);
  });

  it("R18: middleware's config.runtime = 'nodejs' before 15.5: edge, the ignored declaration and the rule in the chain", () => {
    const files = { 'middleware.ts': "export const config = { runtime: 'nodejs' }\nexport function middleware() {}\n" };
    const found = resolveMiddleware(files, at('14.2.3'));
    if (!found.ok || !found.middleware) throw new Error('no middleware');
    expect(found.middleware.because).toEqual([
      {
        kind: 'middleware',
        runtime: 'edge',
        file: 'middleware.ts',
        convention: 'middleware',
        declared: { file: 'middleware.ts', line: 1, value: 'nodejs', how: 'config.runtime' },
        overrides: [{ file: 'middleware.ts', line: 1, value: 'nodejs', how: 'config.runtime' }],
        rule: { profile: at('14.2.3').id, text: expect.stringContaining('R18') },
      },
    ]);
    expect(found.middleware.reason).toBe('middleware: middleware.ts runs on the edge runtime (Next.js 14.2 ignores config.runtime in middleware, R18)');
  });

  it("P03/P04: middleware on 16 with config.runtime 'nodejs': decided by its config, and the file convention's deprecation", () => {
    const files = { 'middleware.ts': "export const config = { runtime: 'nodejs' }\nexport function middleware() {}\n" };
    const found = resolveMiddleware(files, at('16.1.0'));
    if (!found.ok || !found.middleware) throw new Error('no middleware');
    expect(found.middleware.because).toEqual([
      expect.objectContaining({ kind: 'middleware', runtime: 'nodejs', declared: expect.objectContaining({ value: 'nodejs' }) }),
      expect.objectContaining({ kind: 'deprecation', text: MIDDLEWARE_DEPRECATED }),
    ]);
    expect(found.middleware.reason).toBe("middleware: config.runtime = 'nodejs' in middleware.ts:1");
  });

  it('P01: proxy.ts: a proxy step with the 16+ rule', () => {
    const found = resolveMiddleware({ 'proxy.ts': 'export function proxy() {}\n' }, at('16.1.0'));
    if (!found.ok || !found.middleware) throw new Error('no proxy');
    expect(found.middleware.because).toEqual([{ kind: 'middleware', runtime: 'nodejs', file: 'proxy.ts', convention: 'proxy', rule: { profile: at('16.1.0').id, text: 'proxy always runs on Node.js (16+)' } }]);
  });
});

describe('formatReason: the one string form', () => {
  const declared: ReasonStep = { kind: 'segment-export', runtime: 'edge', declared: { file: 'app/r/route.ts', line: 3, value: 'edge', how: 'export const runtime' } };

  it('a chosen runtime decides over the resolution it overrides; notes follow in order', () => {
    const steps: ReasonStep[] = [declared, { kind: 'chosen', runtime: 'nodejs', overrides: 'edge' }, { kind: 'host', text: 'local node v22.0.0' }, { kind: 'platform', text: 'Vercel: Node.js 24.x, npm' }];
    expect(decidingStep(steps)).toEqual(steps[1]);
    expect(formatRunReason('nodejs', steps)).toBe('nodejs: chosen for this run · local node v22.0.0 · Vercel: Node.js 24.x, npm');
  });

  it('deprecations are not part of the line; each step has its own words', () => {
    const steps: ReasonStep[] = [declared, { kind: 'deprecation', text: 'deprecated', rule: { profile: '16.3+', text: 'x' } }, { kind: 'static', text: 'static: prerendered' }];
    expect(formatReason(steps)).toBe("export const runtime = 'edge' in app/r/route.ts:3 · static: prerendered");
    expect(describeStep(steps[1])).toBe('deprecated');
  });
});
