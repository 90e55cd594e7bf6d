import { describe, expect, it } from 'vitest';
import { resolveRuntime as resolveWith } from '../../src/lib/project/resolve-runtime';
import { profileFor, type Profile } from '../../src/lib/project/profiles';
import type { Files } from '../../workers/protocol';

const at = (version: string): Profile => {
  const found = profileFor(version);
  if (!found.ok) throw new Error(found.message);
  return found.profile;
};
/** These rows were written from Next.js 13.4–14 (runtime-spec.md §7.3); the profile rows below cover 12.2–16. */
const resolveRuntime = (files: Files, file: string, route?: string) => resolveWith(files, file, route, at('14.2.3'));

const route = 'app/api/x/route.ts';
const GET = 'export function GET() { return new Response("ok") }\n';

describe('resolveRuntime (Next.js 13.4+)', () => {
  it('R01: an app route with nothing exported runs on nodejs', () => {
    const r = resolveRuntime({ [route]: GET }, route);
    expect(r).toMatchObject({ ok: true, runtime: 'nodejs' });
  });

  it("R02: export const runtime = 'edge' in a route runs on edge, and the reason names the file and line", () => {
    const r = resolveRuntime({ [route]: `// edge please\nexport const runtime = 'edge';\n${GET}` }, route);
    expect(r).toEqual({
      ok: true,
      runtime: 'edge',
      because: [{ kind: 'segment-export', runtime: 'edge', declared: { file: route, line: 2, value: 'edge', how: 'export const runtime' } }],
      reason: "export const runtime = 'edge' in app/api/x/route.ts:2",
      warnings: [],
    });
  });

  it('R02: typed and double-quoted declarations are read too', () => {
    expect(resolveRuntime({ [route]: `export const runtime: string = "edge"\n` }, route)).toMatchObject({ runtime: 'edge' });
    expect(resolveRuntime({ [route]: "export const runtime = 'edge' as const;" }, route)).toMatchObject({ runtime: 'edge' });
  });

  it('a runtime inside a comment or a string is not a declaration', () => {
    const src = `/* export const runtime = 'edge' */\nconst s = "export const runtime = 'edge'";\n${GET}`;
    expect(resolveRuntime({ [route]: src }, route)).toMatchObject({ runtime: 'nodejs' });
  });

  it('R03: a root layout with runtime edge makes a page below it edge (13.4+)', () => {
    const files = { 'app/layout.tsx': "export const runtime = 'edge'\n", 'app/a/route.ts': GET };
    const r = resolveRuntime(files, 'app/a/route.ts');
    expect(r).toMatchObject({ ok: true, runtime: 'edge' });
    expect(r.ok && r.reason).toBe("inherited from layout: export const runtime = 'edge' in app/layout.tsx:1");
  });

  it('R04: the page wins over its layout', () => {
    const files = { 'app/layout.tsx': "export const runtime = 'edge'\n", 'app/a/route.ts': "export const runtime = 'nodejs'\n" };
    expect(resolveRuntime(files, 'app/a/route.ts')).toMatchObject({ runtime: 'nodejs' });
  });

  it('R05: the nearest layout wins', () => {
    const files = {
      'app/layout.tsx': "export const runtime = 'edge'\n",
      'app/a/layout.tsx': "export const runtime = 'nodejs'\n",
      'app/a/b/route.ts': GET,
    };
    expect(resolveRuntime(files, 'app/a/b/route.ts')).toMatchObject({ runtime: 'nodejs' });
  });

  it('R06: a static metadata file does not inherit the layout runtime', () => {
    const files = { 'app/layout.tsx': "export const runtime = 'edge'\n", 'app/icon.png': '' };
    expect(resolveRuntime(files, 'app/icon.png')).toMatchObject({ runtime: 'nodejs' });
  });

  it('R07: export const config in an app file fails the 13.4 build (next build throws; dev only warns)', () => {
    const r = resolveRuntime({ [route]: "export const config = { runtime: 'edge' }\n" + GET }, route);
    expect(r).toEqual({
      ok: false,
      code: 'INVALID_RUNTIME',
      message:
        '`export const config` in app/api/x/route.ts is deprecated. Please change `runtime` property to segment export config. See https://nextjs.org/docs/app/api-reference/file-conventions/route-segment-config',
      file: route,
      line: 1,
    });
  });

  it("R08: pages/api with config = { runtime: 'edge' } runs on edge", () => {
    const file = 'pages/api/x.ts';
    const r = resolveRuntime({ [file]: "export const config = {\n  runtime: 'edge',\n};\nexport default () => new Response('x')" }, file, '/api/x');
    expect(r).toEqual({
      ok: true,
      runtime: 'edge',
      because: [{ kind: 'config', runtime: 'edge', declared: { file, line: 2, value: 'edge', how: 'config.runtime' } }],
      reason: "config.runtime = 'edge' in pages/api/x.ts:2",
      warnings: [],
    });
  });

  it("R09: pages/api with 'experimental-edge' runs on edge and warns", () => {
    const file = 'pages/api/x.ts';
    const r = resolveRuntime({ [file]: "export const config = { runtime: 'experimental-edge' }" }, file, '/api/x');
    expect(r).toMatchObject({ ok: true, runtime: 'edge' });
    expect(r.ok && r.warnings).toEqual(["/api/x provided runtime 'experimental-edge'. It can be updated to 'edge' instead."]);
  });

  it('R12: an unknown runtime is an error with the Next.js message', () => {
    const r = resolveRuntime({ [route]: "\nexport const runtime = 'deno'" }, route);
    expect(r).toEqual({
      ok: false,
      code: 'INVALID_RUNTIME',
      message: 'Provided runtime "deno" is not supported. Please leave it empty or choose one of: edge, experimental-edge, nodejs',
      file: route,
      line: 2,
    });
  });

  it('R13: a runtime that is not a string is an error with the Next.js message', () => {
    const file = 'pages/api/x.ts';
    const r = resolveRuntime({ [file]: 'export const config = { runtime: 1 }' }, file);
    expect(r).toMatchObject({
      ok: false,
      message: 'The `runtime` config must be a string. Please leave it empty or choose one of: edge, experimental-edge, nodejs',
    });
  });

  it("R14: export const runtime wins over config.runtime in pages", () => {
    const file = 'pages/api/x.ts';
    const src = "export const runtime = 'nodejs'\nexport const config = { runtime: 'experimental-edge' }";
    expect(resolveRuntime({ [file]: src }, file)).toMatchObject({ runtime: 'nodejs' });
  });

  it('a non-literal runtime export warns in Next.js words and uses the default', () => {
    const r = resolveRuntime({ [route]: "const runtime = 'edge';\nexport { runtime };" }, route);
    expect(r).toMatchObject({ ok: true, runtime: 'nodejs' });
    expect(r.ok && r.warnings[0]).toContain("Next.js can't recognize the exported `runtime` field in \"app/api/x/route.ts\"");
  });

  it('Vercel functions (api/**) read config.runtime', () => {
    expect(resolveRuntime({ 'api/x.ts': "export const config = { runtime: 'edge' }" }, 'api/x.ts')).toMatchObject({ runtime: 'edge' });
  });

  it('Vercel functions: @vercel/node reads only config.runtime, so a segment export is not read (and said so)', () => {
    const r = resolveRuntime({ 'api/x.ts': "export const runtime = 'edge'" }, 'api/x.ts');
    expect(r).toMatchObject({ ok: true, runtime: 'nodejs' });
    expect(r.ok && r.warnings[0]).toContain('`export const runtime` is not read');
  });

  it("Vercel functions: an unknown config.runtime is @vercel/node's build error (runtime-spec-2026 §2.6)", () => {
    expect(resolveRuntime({ 'api/x.js': "export const config = { runtime: 'deno' }" }, 'api/x.js')).toMatchObject({
      ok: false,
      message:
        'api/x.js: unsupported "runtime" value in `config`: "deno" (must be one of: ["edge","experimental-edge","nodejs"]). Learn more: https://vercel.link/creating-edge-functions',
    });
  });
});
