// Compare for Python functions and the Python preset's app (runtime-spec-2026 §2.5), in real Chromium against the
// production build, Node.js on the local host: a Python file against a Node.js file of the same route, the versions
// compare that does not apply, the embed API's `both`, and a root app.py Flask app answering every path.
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/lib/run-record.svelte';
import { openEmbed, type EmbedClient } from './embed-client';
import { flaskProject, helloProject } from './fixtures/compare-languages/projects';

const region = (page: Page, name: string) => page.getByRole('region', { name, exact: true });
const statusOf = (side: Locator) => side.locator('.status-line .status .code').textContent();
const lines = async (side: Locator, mark: string) => (await side.locator(`.body-diff .line[data-mark="${mark}"]`).allTextContents()).map((t) => t.replace(/\n$/, ''));

/** A `playground:run` with `runtime: 'both'` and `against` (the embed client's `run` has no `against`). */
async function runAgainst(page: Page, path: string, against: string): Promise<RunResult[]> {
  const id = `against-${Date.now()}`;
  await page.evaluate((msg) => window.postMessage(msg, '*'), { type: 'playground:run', id, path, against, runtime: 'both', request: { method: 'GET', url: '/api/hello' } });
  const reply = await page.waitForFunction((id) => window.__replies.find((m) => m?.type === 'playground:result' && m.id === id), id, { timeout: 60_000 });
  return ((await reply.jsonValue()) as { results: RunResult[] }).results;
}

describe('compare: a Python function against another function of the project', () => {
  let client: EmbedClient;
  beforeAll(async () => {
    client = await openEmbed('/?nodeHost=local');
    await client.page.setViewportSize({ width: 1600, height: 1000 });
  });
  afterAll(async () => {
    await client?.page.context().close();
  });

  it('§2.5 api/hello.py against api/hello.js: both answers side by side, each named by its file and runtime', async () => {
    const { page, load } = client;
    expect((await load(helloProject(), { path: 'api/hello.py' })).ok).toBe(true);
    await page.getByLabel('Path and query').fill('/api/hello');
    await page.getByRole('button', { name: 'Compare runtimes' }).click();
    // The default is the same route in another language; the person may pick any other function.
    const against = page.getByLabel('api/hello.py against');
    expect(await against.inputValue()).toBe('api/hello.js');
    expect(await against.locator('option').allTextContents()).toEqual(['api/hello.js (Node.js)']);
    expect(await page.locator('.compare-view .empty').textContent()).toContain('goes to api/hello.py and api/hello.js');

    const py = region(page, 'api/hello.py on the Python runtime result');
    const node = region(page, 'api/hello.js on the Node.js runtime result');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    for (const side of [py, node]) await expect.poll(() => side.getAttribute('aria-busy'), { timeout: 120_000 }).toBe('false');
    expect([await statusOf(py), await statusOf(node)]).toEqual(['200', '200']);
    expect([await py.locator('.badge').textContent(), await node.locator('.badge').textContent()]).toEqual(['Python', 'Node.js']);
    expect([await lines(py, 'removed'), await lines(node, 'added')]).toEqual([['-hello from python'], ['+hello from node']]);
    expect(await py.locator('tr[data-mark="changed"] th').allTextContents()).toContain('x-lang');
    expect(await py.locator('details.why summary').textContent()).toBe("api/hello.py is a Python function (Vercel's @vercel/python, by its extension)");
    // Vercel would refuse to deploy the two together: the view says so in Vercel's words.
    expect(await page.locator('.compare-view .conflict').textContent()).toContain('The path "api/hello.js" has conflicts with "api/hello.py".');

    // The versions compare does not apply: the bar says why, and Run answers the file once in the ordinary view.
    await page.getByRole('button', { name: 'Compare versions' }).click();
    const note = page.locator('[data-not-applicable="versions"]');
    expect(await note.textContent()).toContain('The Next.js version does not change api/hello.py: it is a Python function');
    expect(await page.getByRole('region', { name: /result$/ }).count()).toBe(0);
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect.poll(() => page.locator('pre[aria-label="Response body as text"]').textContent(), { timeout: 60_000 }).toBe('hello from python\n');
    expect(page.errors).toEqual([]);
  }, 180_000);

  it("§2.5 the embed API's runtime 'both' on a Python file: this file and its counterpart, or the one `against` names", async () => {
    const both = await client.run('api/hello.py', { method: 'GET', url: '/api/hello' }, 'both');
    expect(both.map((r) => [r.runtime, r.status, r.body])).toEqual([
      ['python', 200, 'hello from python\n'],
      ['nodejs', 200, 'hello from node\n'],
    ]);
    // A JavaScript file keeps the edge-and-Node.js pair.
    const js = await client.run('api/hello.js', { method: 'GET', url: '/api/hello' }, 'both');
    expect(js.map((r) => r.runtime)).toEqual(['edge', 'nodejs']);
    // `against` picks another function of the project.
    expect((await client.load({ ...helloProject(), 'api/bye.js': "export default (req, res) => res.end('bye from node')\n" })).ok).toBe(true);
    const picked = await runAgainst(client.page, 'api/hello.py', 'api/bye.js');
    expect(picked.map((r) => [r.runtime, r.body])).toEqual([
      ['python', 'hello from python\n'],
      ['nodejs', 'bye from node'],
    ]);
    // Nothing to compare with: the second result says so.
    expect((await client.load({ 'api/solo.py': helloProject()['api/hello.py'] })).ok).toBe(true);
    const solo = await client.run('api/solo.py', { method: 'GET', url: '/api/solo' }, 'both');
    expect([solo[0].body, solo[1].error?.code]).toEqual(['hello from python\n', 'NO_COMPARE_TARGET']);
  }, 120_000);

  it('§2.5 a root app.py Flask app under the Flask preset serves every path; another function keeps its own', async () => {
    expect((await client.load(flaskProject())).ok).toBe(true);
    const [home] = await client.run(undefined, { method: 'GET', url: '/' });
    expect(home.error ?? null).toBeNull();
    expect([home.runtime, home.status, home.body]).toEqual(['python', 200, 'home of the app']);
    expect(home.reason).toContain("app.py is the project's Flask app (top-level \"app\"");
    const [user] = await client.run(undefined, { method: 'GET', url: '/users/42?x=1' });
    expect(JSON.parse(user.body)).toEqual({ user: '42', x: '1', path: '/users/42' });
    // Flask's own 404 for a path the app has no route for: the app answered it, not the playground's router.
    const [missing] = await client.run(undefined, { method: 'GET', url: '/nowhere' });
    expect([missing.runtime, missing.status]).toEqual(['python', 404]);
    const [time] = await client.run(undefined, { method: 'GET', url: '/api/time' });
    expect([time.runtime, time.body]).toEqual(['nodejs', 'time from node']);
    expect(client.page.errors).toEqual([]);
  }, 120_000);
});
