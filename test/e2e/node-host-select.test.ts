// Host selection without waiting, in real Chromium against the production build, on a machine where a WebContainer
// cannot boot (it cannot reach StackBlitz) and the preview server's local bridge is up. No WebContainer runs here: that
// a WebContainer booting later takes over is checked against a fake of its API in test/unit/webcontainer-host.test.ts.
import { afterAll, describe, expect, it } from 'vitest';
import { openEmbed, type EmbedClient } from './embed-client';

const HANDLER = "module.exports = (req, res) => res.end('ran on ' + process.version)";

describe('Node.js host selection (auto: both at once, the first ready runs)', () => {
  const pages: EmbedClient[] = [];
  afterAll(async () => {
    for (const embed of pages) await embed.page.context().close();
  });

  it('auto picks the local host as soon as it answers, while the WebContainer is still booting, and says so', async () => {
    const embed = await openEmbed('/?embed');
    pages.push(embed);
    const result = await embed.runFile('api/a.js', HANDLER);
    expect(result.status).toBe(200);
    expect(result.body).toMatch(/^ran on v\d+/);
    // Answered before the WebContainer's boot settled: not after its timeout ran out ("WebContainer failed: …").
    expect(result.reason).toMatch(/local node v\d+\.\d+\.\d+ \(WebContainer still booting: runs move to it once it is ready\)$/);
    const status = await embed.page.evaluate(() => {
      const el = document.querySelector('.node-host');
      return el ? { host: el.getAttribute('data-node-host'), text: el.textContent } : null;
    });
    if (status) {
      expect(status.host).toBe('local');
      expect(status.text).toMatch(/WebContainer still booting/);
    }
  });

  it('a pinned ?nodeHost=webcontainer waits for the WebContainer: the local host does not answer meanwhile', async () => {
    const embed = await openEmbed('/?embed&nodeHost=webcontainer');
    pages.push(embed);
    expect((await embed.load({ 'api/b.js': HANDLER })).ok).toBe(true);
    await embed.page.evaluate(() => window.postMessage({ type: 'playground:run', id: 'pinned', path: 'api/b.js', request: { method: 'GET', url: '/' } }, '*'));
    // The local host answers in well under a second here (the test above); the pinned run is still waiting after 3 s.
    await embed.page.waitForTimeout(3000);
    const answered = await embed.page.evaluate(() => window.__replies.some((m) => m?.type === 'playground:result' && m.id === 'pinned'));
    expect(answered).toBe(false);
  });
});
