// The closing line of `npm test` (scripts/test-summary.mjs): files that fail to load and failed type checks count.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closingLine, summarize } from '../../scripts/test-summary.mjs';

/** The shape vitest's JSON reporter writes (jest-style), trimmed to what the counting reads. */
const report = (files: { name: string; status: string; message?: string; tests: string[] }[]) => ({
  numPassedTests: files.flatMap((f) => f.tests).filter((s) => s === 'passed').length,
  numFailedTests: files.flatMap((f) => f.tests).filter((s) => s === 'failed').length,
  testResults: files.map((f) => ({ name: f.name, status: f.status, message: f.message ?? '', assertionResults: f.tests.map((status) => ({ status })) })),
});

describe('npm test closing line', () => {
  it('a file that fails to import counts as one failure, though it has no failed test', () => {
    const r = report([
      { name: 'ok.test.ts', status: 'passed', tests: ['passed', 'passed'] },
      { name: 'broken.test.ts', status: 'failed', message: "Cannot find module '../shared/edge-globals.txt'", tests: [] },
    ]);
    const summary = summarize(r);
    expect([summary.passed, summary.failed]).toEqual([2, 1]);
    expect(summary.failedFiles).toEqual([{ file: 'broken.test.ts', message: "Cannot find module '../shared/edge-globals.txt'" }]);
    expect(closingLine(summary)).toBe('tests: 2 passed, 1 failed');
  });

  it('a file with failed tests counts its tests, not itself once more; a failed hook with passing tests counts once', () => {
    const r = report([
      { name: 'a.test.ts', status: 'failed', tests: ['passed', 'failed', 'failed'] },
      { name: 'hook.test.ts', status: 'failed', message: 'hook broke', tests: ['passed'] },
    ]);
    expect(summarize(r)).toMatchObject({ passed: 2, failed: 3 });
  });

  it('each type check counts as one passed or failed check', () => {
    const r = report([{ name: 'ok.test.ts', status: 'passed', tests: ['passed'] }]);
    const summary = summarize(r, { checks: [{ name: 'tsc page', ok: true }, { name: 'svelte-check', ok: false }] });
    expect([summary.passed, summary.failed, summary.failedChecks]).toEqual([2, 1, ['svelte-check']]);
  });

  it('no report, or vitest failing with nothing counted, is a failure', () => {
    expect(summarize(null).failed).toBe(1);
    expect(summarize(report([{ name: 'ok.test.ts', status: 'passed', tests: ['passed'] }]), { exitCode: 1 }).failed).toBe(1);
    expect(summarize(report([{ name: 'ok.test.ts', status: 'passed', tests: ['passed'] }]), { exitCode: 0 }).failed).toBe(0);
  });
});

describe('against a real vitest report', () => {
  const dir = mkdtempSync(join(tmpdir(), 'summary-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a test file importing a missing module: vitest says 0 failed tests, the closing line says 1 failed', () => {
    symlinkSync(resolve('node_modules'), join(dir, 'node_modules'));
    writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
    writeFileSync(join(dir, 'vitest.config.mjs'), 'export default {}');
    writeFileSync(join(dir, 'ok.test.mjs'), "import { it } from 'vitest'; it('passes', () => {});");
    writeFileSync(join(dir, 'broken.test.mjs'), "import { it } from 'vitest'; import './missing.mjs'; it('never runs', () => {});");
    const out = join(dir, 'report.json');
    const run = spawnSync(process.execPath, [resolve('node_modules/vitest/vitest.mjs'), 'run', '--reporter=json', `--outputFile.json=${out}`], { cwd: dir, encoding: 'utf8' });
    expect(run.status).not.toBe(0);
    const json = JSON.parse(readFileSync(out, 'utf8'));
    expect([json.numPassedTests, json.numFailedTests]).toEqual([1, 0]); // what the old closing line read
    const summary = summarize(json, { exitCode: run.status });
    expect([summary.passed, summary.failed]).toEqual([1, 1]);
    expect(summary.failedFiles[0].file).toMatch(/broken\.test\.mjs$/);
    expect(summary.failedFiles[0].message).toContain('missing.mjs');
  }, 60_000);
});
