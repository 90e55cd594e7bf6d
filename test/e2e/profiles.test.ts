// Next.js versions through the embed API and the page, in real Chromium against the production build: `nextVersion`
// picks a profile, every result names the profile that answered, and the profile's rules decide the run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEmbed, type EmbedClient } from './embed-client';

const ROUTE = 'app/api/v/route.ts';
const EDGE_GET = `export const runtime = 'edge';\nexport function GET() { return new Response('edge ok'); }\n`;
let embed: EmbedClient;

beforeAll(async () => {
  embed = await openEmbed('/?embed&nodeHost=local');
});

afterAll(async () => {
  await embed.page.context().close();
});

describe('nextVersion in playground:load', () => {
  it.each(['banana', '11.2.0', '17.0.0'])('%s is refused with INVALID_NEXT_VERSION', async (version) => {
    const loaded = await embed.load({ [ROUTE]: EDGE_GET }, { nextVersion: version });
    expect(loaded.ok).toBe(false);
    expect(loaded.error?.code).toBe('INVALID_NEXT_VERSION');
    expect(loaded.error?.message).toContain(version);
  });

  it('a non-string is refused the same way', async () => {
    const loaded = await embed.load({ [ROUTE]: EDGE_GET }, { nextVersion: 15 as unknown as string });
    expect(loaded.error?.code).toBe('INVALID_NEXT_VERSION');
  });

  it('other bad loads keep their reason, under INVALID_MESSAGE', async () => {
    const loaded = await embed.load({ [ROUTE]: EDGE_GET }, { plan: 'free' as never });
    expect(loaded).toMatchObject({ ok: false, error: { code: 'INVALID_MESSAGE' } });
    expect(loaded.error?.message).toContain('`plan` must be one of');
  });

  it('any version string maps to its profile; the load and every result say which one answered', async () => {
    const loaded = await embed.load({ [ROUTE]: EDGE_GET }, { nextVersion: '15.5.4' });
    expect(loaded).toMatchObject({ ok: true, profile: '15.5' });
    const [r] = await embed.run(ROUTE, { method: 'GET', url: '/api/v' });
    expect(r).toMatchObject({ status: 200, body: 'edge ok', runtime: 'edge', profile: '15.5' });
  });

  it("without nextVersion, the project's package.json `next` decides; without either, today's 16.3+", async () => {
    const pkg = JSON.stringify({ dependencies: { next: '13.5.11' } });
    expect(await embed.load({ [ROUTE]: EDGE_GET, 'package.json': pkg })).toMatchObject({ ok: true, profile: '13.4–13.5' });
    expect(await embed.load({ [ROUTE]: EDGE_GET })).toMatchObject({ ok: true, profile: '16.3+' });
  });

  it('a plain Vercel function is answered as @vercel/node does, whatever the Next.js version', async () => {
    const fn = 'api/hello.ts';
    await embed.load({ [fn]: "export const config = { runtime: 'edge' };\nexport default () => new Response('fn');\n" }, { nextVersion: '13.5.11' });
    const [r] = await embed.run(fn, { method: 'GET', url: '/api/hello' });
    expect(r).toMatchObject({ status: 200, body: 'fn', profile: 'vercel' });
  });
});

describe('the profile decides the run', () => {
  it("A01: 'experimental-edge' in app/ runs on 14 and is 15's zod build error", async () => {
    const source = `export const runtime = 'experimental-edge';\nexport function GET() { return new Response('x'); }\n`;
    await embed.load({ [ROUTE]: source }, { nextVersion: '14.2.35' });
    expect((await embed.run(ROUTE, { method: 'GET', url: '/api/v' }))[0]).toMatchObject({ status: 200, runtime: 'edge', profile: '14.2' });
    await embed.load({ [ROUTE]: source }, { nextVersion: '15.1.0' });
    const [r] = await embed.run(ROUTE, { method: 'GET', url: '/api/v' });
    expect(r.status).toBeNull();
    expect(r.error).toEqual({
      code: 'INVALID_RUNTIME',
      message:
        'Invalid segment configuration options detected for "/api/v". Read more at https://nextjs.org/docs/app/api-reference/file-conventions/route-segment-config: Invalid enum value. Expected \'edge\' | \'nodejs\', received \'experimental-edge\' at "runtime"',
    });
    expect(r.build.errors[0]).toMatchObject({ file: ROUTE, line: 1 });
  });

  it('16.3+ warns that the edge runtime is deprecated; 16.2 does not', async () => {
    await embed.load({ [ROUTE]: EDGE_GET }, { nextVersion: '16.4.6' });
    const [r] = await embed.run(ROUTE, { method: 'GET', url: '/api/v' });
    expect(r.build.warnings.map((w) => w.text)).toContain(
      'The Edge Runtime is deprecated. You can use the "nodejs" runtime instead. Learn more: https://nextjs.org/docs/messages/edge-runtime-deprecated',
    );
    await embed.load({ [ROUTE]: EDGE_GET }, { nextVersion: '16.2.0' });
    const [r2] = await embed.run(ROUTE, { method: 'GET', url: '/api/v' });
    expect(r2.build.warnings.map((w) => w.text).join('\n')).not.toContain('deprecated');
  });

  it("13.1 has no route handlers: Next's 404 page, and the log says why", async () => {
    await embed.load({ [ROUTE]: EDGE_GET }, { nextVersion: '13.1.6' });
    const [r] = await embed.run(ROUTE, { method: 'GET', url: '/api/v' });
    expect(r.status).toBe(404);
    expect(r.headers).toContainEqual(['content-type', 'text/html; charset=utf-8']);
    expect(r.body).toContain('This page could not be found');
    expect(r.logs.map((l) => l.text).join('\n')).toContain('has no App Router route handlers');
    expect(r.profile).toBe('13.1');
  });
});

describe('the page', () => {
  it('the version picker sets the profile, and the badge says which profile answered the run', async () => {
    const page = embed.page;
    await page.goto(page.url().replace(/\?.*$/, '?nodeHost=local'));
    const picker = page.getByLabel('Next.js version');
    await picker.waitFor();
    expect(await picker.inputValue()).toBe('16.3+');
    await picker.selectOption('15.5');
    await page.getByRole('button', { name: /^Run/ }).first().click();
    const badge = page.locator('.runtime [data-profile]').first();
    await badge.waitFor({ timeout: 60_000 });
    expect(await badge.getAttribute('data-profile')).toBe('15.5');
    expect(await badge.innerText()).toContain('Next.js 15.5');
  });
});
