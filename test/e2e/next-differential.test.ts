// Differential against the real thing: the cases of test/differential/cases.ts built with real `next build` and served
// with `next start` (a reference per profile row, test/differential/references.ts), and the Vercel functions served by @vercel/node's own dev server, against the
// same requests through the playground's embed API with `nextVersion` set. Every difference must be one listed in
// test/differential/known-differences.ts, and every listed one must still be observed.
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/lib/run-record.svelte';
import { urlOf, type Case, type CaseRequest } from '../differential/cases';
import { BUILD_FAILED, BUILT_NOT_SERVED, differences, key, observe, table, type Observed, type ObservedDifference } from '../differential/compare';
import { KNOWN_DIFFERENCES } from '../differential/known-differences';
import { nextCases, nextProjectFiles, probeCases, vercelCases, vercelProjectFiles } from '../differential/projects';
import { CACHE_DIR, ensureBuilt, ensureInstalled, type Build } from '../differential/reference-project';
import { FIXTURES, NEXT_REFERENCES, VERCEL_REFERENCE } from '../differential/references';
import { send, startNext, startVercel, type RawResponse, type Served } from '../differential/serve';
import { openEmbed, type EmbedClient } from './embed-client';

/** Uncached: npm ci, up to two `next build`s and the start; on 2 cores 15–55 s per version (about twice that while other builds share them). */
const SETUP_MS = 10 * 60_000;
const RUN_MS = 5 * 60_000;

let embed: EmbedClient;
beforeAll(async () => {
  // Node.js handlers run on the local host; an unframed page posting to itself is the person's own project (no prompt).
  embed = await openEmbed('/?embed&nodeHost=local');
}, 120_000);

const requestOf = (c: Case): Required<Pick<CaseRequest, 'method' | 'url'>> & CaseRequest => ({
  ...c.request,
  method: c.request?.method ?? 'GET',
  url: urlOf(c),
});

async function observeReal(origin: string, c: Case): Promise<Observed> {
  const responses: RawResponse[] = [];
  for (let i = 0; i < (c.twice ? 2 : 1); i++) responses.push(await send(origin, requestOf(c)));
  return observe(responses, c.headers);
}

async function observePlayground(c: Case): Promise<Observed> {
  const responses: RawResponse[] = [];
  for (let i = 0; i < (c.twice ? 2 : 1); i++) {
    const { headers, body, ...request } = requestOf(c);
    const [r]: RunResult[] = await embed.run(c.byUrl ? undefined : c.file, { ...request, headers, body });
    if (r.error?.code === 'BUILD_FAILED') return BUILD_FAILED;
    responses.push({ status: r.status ?? 0, headers: r.headers, body: r.body });
  }
  return observe(responses, c.headers);
}

/** The probe build fails as a whole; a case failed it when the build log names its file. */
const probeObserved = (probe: Build, c: Case): Observed => (!probe.ok && probe.log.includes(c.file) ? BUILD_FAILED : BUILT_NOT_SERVED);

/** DIFFERENTIAL_DUMP=<file>: every observation of both sides, one JSON line per case, for reading what agreed too. */
function dump(version: string, id: string, real: Observed, playground: Observed) {
  if (process.env.DIFFERENTIAL_DUMP) appendFileSync(process.env.DIFFERENTIAL_DUMP, JSON.stringify({ version, case: id, real, playground }) + '\n');
}

/** Observes one case in the playground and returns how it differs from the real answer. */
async function compare(version: string, c: Case, real: Observed): Promise<ObservedDifference[]> {
  const playground = await observePlayground(c);
  dump(version, c.id, real, playground);
  return differences(c.id, version, real, playground);
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const stepLine = (what: string, step: { cached: boolean; ms: number }) => `${what} ${step.cached ? 'cached' : seconds(step.ms)}`;

/** Compares the observed differences of one reference with its entries in known-differences.ts, printing the table. */
function expectKnown(version: string, observed: ObservedDifference[]) {
  const known = KNOWN_DIFFERENCES.filter((d) => d.version === version);
  const knownKeys = new Set(known.map(key));
  console.log(`\nDifferences, ${version} (real vs playground):\n${table(observed, (d) => knownKeys.has(key(d)))}`);
  const observedKeys = new Set(observed.map(key));
  const stale = known.filter((d) => !observedKeys.has(key(d)));
  if (stale.length) console.log(`Listed but no longer observed (remove from known-differences.ts):\n${stale.map((d) => `  ${key(d)}`).join('\n')}`);
  const unlisted = observed.filter((d) => !knownKeys.has(key(d)));
  if (unlisted.length)
    console.log(
      `Observed but not listed (add to known-differences.ts with the reason, or fix the playground):\n` +
        unlisted.map((d) => `  { case: '${d.case}', version: '${d.version}', field: '${d.field}', reason: '' },`).join('\n'),
    );
  expect([...observedKeys].sort()).toEqual([...knownKeys].sort());
}

describe('the reference fixtures stay outside the repository', () => {
  it('installs and builds live in the cache folder, not beside the fixtures', () => {
    expect(CACHE_DIR.startsWith(join(FIXTURES, '..', '..'))).toBe(false);
    for (const name of [...NEXT_REFERENCES.map((r) => r.name), VERCEL_REFERENCE]) {
      expect(existsSync(join(FIXTURES, name, 'package-lock.json'))).toBe(true);
      expect(existsSync(join(FIXTURES, name, 'node_modules'))).toBe(false);
    }
  });
});

describe('reference servers never outlive the test', () => {
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };

  it('a server started under the watchdog ends when the process that started it is killed with SIGKILL', async () => {
    // A parent that starts a long-running "server" under watchdog.mjs as serve.ts does, prints its pid, then waits.
    const parentScript = `
      const { spawn } = require('node:child_process');
      const w = spawn(process.execPath, [${JSON.stringify(join(FIXTURES, 'watchdog.mjs'))}, '.', process.execPath, '-e',
        'console.log(process.pid); setInterval(() => {}, 1000)'], { detached: true, stdio: ['pipe', 'pipe', 'inherit'] });
      w.stdout.pipe(process.stdout);
      setInterval(() => {}, 1000);`;
    const parent = spawn(process.execPath, ['-e', parentScript], { stdio: ['ignore', 'pipe', 'inherit'] });
    const serverPid = await new Promise<number>((done) => parent.stdout.once('data', (d) => done(Number(String(d).trim()))));
    try {
      expect(alive(serverPid)).toBe(true);
      parent.kill('SIGKILL');
      await expect.poll(() => alive(serverPid), { timeout: 10_000, interval: 100 }).toBe(false);
    } finally {
      // If the watchdog failed, end the server here (the watchdog then ends with its child).
      if (alive(serverPid)) process.kill(serverPid, 'SIGKILL');
    }
  });
});

for (const ref of NEXT_REFERENCES) {
  describe(`differential: next start of next@${ref.nextVersion}`, () => {
    const cases = nextCases(ref.name);
    const probes = probeCases(ref.name);
    let probe: Build | undefined;
    let server: Served | undefined;

    beforeAll(async () => {
      const install = await ensureInstalled(ref.name);
      const main = await ensureBuilt(ref.name, 'main', nextProjectFiles(ref, cases));
      if (!main.ok) throw new Error(`next build of the ${ref.name} cases failed:\n${main.log.slice(-4000)}`);
      // A version with no file its build rejects has no probe project (one `next build` less).
      if (probes.length) probe = await ensureBuilt(ref.name, 'probe', nextProjectFiles(ref, probes));
      const started = performance.now();
      server = await startNext(main.dir);
      console.log(`${ref.name}: ${stepLine('install', install)}, ${stepLine('build', main)}, ${probe ? stepLine('probe build', probe) : 'no probe build'}, start ${seconds(performance.now() - started)}`);
    }, SETUP_MS);

    afterAll(async () => {
      await server?.stop();
    });

    it(`every difference from next@${ref.nextVersion} is a known one (${cases.length + probes.length} cases)`, async () => {
      const real = new Map<string, Observed>();
      for (const c of cases) real.set(c.id, await observeReal(server!.origin, c));
      for (const c of probes) real.set(c.id, probeObserved(probe!, c));

      // The same files the reference built, next.config.js included (13.2's `experimental.appDir` is read from it).
      const files = nextProjectFiles(ref, [...cases, ...probes]);
      const loaded = await embed.load(files, { nextVersion: ref.nextVersion } as object);
      expect(loaded).toMatchObject({ ok: true });
      const observed: ObservedDifference[] = [];
      for (const c of [...cases, ...probes]) observed.push(...(await compare(ref.name, c, real.get(c.id)!)));
      expectKnown(ref.name, observed);
    }, RUN_MS);
  });
}

describe("differential: plain Vercel functions on @vercel/node's startDevServer", () => {
  const cases = vercelCases();
  let server: Served | undefined;

  beforeAll(async () => {
    const install = await ensureInstalled(VERCEL_REFERENCE);
    const project = await ensureBuilt(VERCEL_REFERENCE, 'main', vercelProjectFiles(), false);
    const started = performance.now();
    server = await startVercel(project.dir, cases.map((c) => c.file));
    console.log(`${VERCEL_REFERENCE}: ${stepLine('install', install)}, start ${seconds(performance.now() - started)}`);
  }, SETUP_MS);

  afterAll(async () => {
    await server?.stop();
  });

  it(`every difference from @vercel/node is a known one (${cases.length} cases)`, async () => {
    const real = new Map<string, Observed>();
    for (const c of cases) real.set(c.id, await observeReal(server!.origin, c));
    const loaded = await embed.load(vercelProjectFiles());
    expect(loaded).toMatchObject({ ok: true });
    const observed: ObservedDifference[] = [];
    for (const c of cases) observed.push(...(await compare(VERCEL_REFERENCE, c, real.get(c.id)!)));
    expectKnown(VERCEL_REFERENCE, observed);
  }, RUN_MS);
});
