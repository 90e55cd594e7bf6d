// `npm test`: unit tests, then the browser tests in real Chromium against the production build.
// Ends with one plain summary line ("N passed, N failed") across both.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureChromium } from './chromium-path.mjs';

const chromium = ensureChromium();
console.log(`Chromium: ${chromium}`);

const report = join(mkdtempSync(join(tmpdir(), 'playground-test-')), 'vitest.json');
const result = spawnSync(
  'npx',
  ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)],
  { stdio: 'inherit', env: { ...process.env, CHROMIUM_PATH: chromium } },
);

let passed = 0;
let failed = 0;
try {
  const json = JSON.parse(readFileSync(report, 'utf8'));
  passed = json.numPassedTests;
  failed = json.numFailedTests;
} catch {
  failed = Math.max(failed, 1);
}
console.log(`\ntests: ${passed} passed, ${failed} failed`);
process.exit(result.status === 0 && failed === 0 && passed > 0 ? 0 : 1);
