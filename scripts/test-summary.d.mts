/** Counts for the closing line; a file that failed to load (or whose hooks failed) is one failure, as is a failed check. */
export function summarize(
  report: unknown,
  extra?: { checks?: { name: string; ok: boolean }[]; exitCode?: number | null },
): { passed: number; failed: number; failedFiles: { file: string; message: string }[]; failedChecks: string[] };
/** `tests: N passed, N failed`. */
export function closingLine(counts: { passed: number; failed: number }): string;
