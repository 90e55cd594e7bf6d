// Measured cold start (spawn → hello → load → first response, median of 10) and warm round trip of the harness
// under local `node`; printed for the report, with loose bounds so a broken start cannot pass.
import { expect, it } from 'vitest';
import { TestHost, compile, harnessPath } from './harness-host';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const round = (n: number) => Math.round(n * 100) / 100;

it('cold start: spawn → hello → first response, median of 10', async () => {
  await harnessPath(); // built once, not part of a cold start
  const code = await compile(`export default (req, res) => res.send('hi')`);
  const hello: number[] = [];
  const first: number[] = [];
  for (let i = 0; i < 10; i++) {
    const host = await TestHost.start();
    try {
      await host.hello;
      hello.push(performance.now() - host.spawnedAt);
      await host.load(code);
      const r = await host.request();
      expect(r.text).toBe('hi');
      first.push(performance.now() - host.spawnedAt);
    } finally {
      await host.close();
    }
  }
  console.log(`cold start (ms, median of 10): spawn→hello ${round(median(hello))}, spawn→first response ${round(median(first))}; all first: ${first.map(round).join(', ')}`);
  expect(median(first)).toBeLessThan(3000);
});

it('warm round trip: median of 200 sequential requests, and a ping', async () => {
  const host = await TestHost.start();
  try {
    await host.load(await compile(`export default (req, res) => res.send('hi')`));
    for (let i = 0; i < 20; i++) await host.request(); // warm up the loopback connection and the JIT
    const times: number[] = [];
    for (let i = 0; i < 200; i++) {
      const t0 = performance.now();
      const r = await host.request();
      times.push(performance.now() - t0);
      expect(r.status).toBe(200);
    }
    const pings: number[] = [];
    for (let i = 0; i < 50; i++) pings.push(await host.client.ping());
    const web: number[] = [];
    await host.load(await compile(`export function GET() { return new Response('hi') }`));
    for (let i = 0; i < 220; i++) {
      const t0 = performance.now();
      await host.request();
      if (i >= 20) web.push(performance.now() - t0);
    }
    console.log(
      `warm round trip (ms, median): (req, res) ${round(median(times))} (p90 ${round([...times].sort((a, b) => a - b)[179])}), Web GET ${round(median(web))}, ping ${round(median(pings))}`,
    );
    expect(median(times)).toBeLessThan(50);
  } finally {
    await host.close();
  }
});
