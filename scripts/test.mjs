// `npm test`: the type checks, then the unit tests and the browser tests in real Chromium against the production build.
// Ends with one plain summary line ("N passed, N failed") across all of them (counting in test-summary.mjs).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureChromium } from './chromium-path.mjs';
import { closingLine, summarize } from './test-summary.mjs';
import { runTypeChecks } from './typecheck.mjs';

const checks = runTypeChecks();

const chromium = ensureChromium();
console.log(`Chromium: ${chromium}`);

const reportFile = join(mkdtempSync(join(tmpdir(), 'playground-test-')), 'vitest.json');
const result = spawnSync(
  'npx',
  ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${reportFile}`, ...process.argv.slice(2)],
  { stdio: 'inherit', env: { ...process.env, CHROMIUM_PATH: chromium } },
);

let report = null;
try {
  report = JSON.parse(readFileSync(reportFile, 'utf8'));
} catch {
  console.log('\nvitest wrote no report.');
}
const summary = summarize(report, { checks, exitCode: result.status });
for (const { file, message } of summary.failedFiles) console.log(`\nfailed to load or in a hook: ${file}\n  ${message.split('\n')[0]}`);
for (const name of summary.failedChecks) console.log(`\ntype check failed: ${name}`);
console.log(`\n${closingLine(summary)}`);
process.exit(result.status === 0 && summary.failed === 0 && summary.passed > 0 ? 0 : 1);
