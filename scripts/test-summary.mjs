// The counts on `npm test`'s closing line, from vitest's JSON report and the type checks. A test file that fails to
// load (an import that throws, a missing fixture) has no failed test in it, yet failed: it counts as one failure, and
// so does a file whose hooks failed with every test passing. No report (vitest crashed) is one failure.

/**
 * @param {any} report vitest's JSON report (jest-style: numPassedTests, numFailedTests, testResults[]), or null
 * @param {{ checks?: { name: string, ok: boolean }[], exitCode?: number | null }} [extra]
 */
export function summarize(report, { checks = [], exitCode = 0 } = {}) {
  let passed = 0;
  let failed = 0;
  /** @type {{ file: string, message: string }[]} */
  const failedFiles = [];
  if (report && typeof report === 'object') {
    passed = report.numPassedTests ?? 0;
    failed = report.numFailedTests ?? 0;
    for (const file of report.testResults ?? []) {
      const failedTest = (file.assertionResults ?? []).some((/** @type {any} */ a) => a.status === 'failed');
      if (file.status === 'failed' && !failedTest) {
        failed++;
        failedFiles.push({ file: file.name, message: file.message ?? '' });
      }
    }
  } else {
    failed++;
  }
  for (const check of checks) check.ok ? passed++ : failed++;
  // vitest failed (an unhandled error between tests) though no test or file says so.
  if (exitCode !== 0 && failed === 0) failed = 1;
  return { passed, failed, failedFiles, failedChecks: checks.filter((c) => !c.ok).map((c) => c.name) };
}

/** `tests: 12 passed, 1 failed`: the plain closing line. */
export const closingLine = (/** @type {{ passed: number, failed: number }} */ { passed, failed }) =>
  `tests: ${passed} passed, ${failed} failed`;
