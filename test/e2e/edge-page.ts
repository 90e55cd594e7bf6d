// For browser tests that drive EdgeRuntime itself in a page, over CDP: the runtime bundled as one script, and an
// evaluate that still answers after an out-of-process iframe (the sandbox) crashed, where Playwright's does not.
import { build } from 'esbuild';
import type { CDPSession } from 'playwright-core';

/** src/lib/runtimes/edge.ts (and limits.ts) as one script that defines `window.__edge`. */
export async function edgeRuntimeScript(): Promise<string> {
  const result = await build({
    stdin: {
      contents: `import { EdgeRuntime } from './src/lib/runtimes/edge.ts'; import { limitsFor } from './src/lib/limits.ts'; window.__edge = { EdgeRuntime, limitsFor };`,
      resolveDir: new URL('../..', import.meta.url).pathname,
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}

/** Runs `fn(arg)` in the page through CDP. */
export async function cdpEvaluate<T>(cdp: CDPSession, fn: string, arg: unknown = null): Promise<T> {
  const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', { expression: `(${fn})(${JSON.stringify(arg)})`, awaitPromise: true, returnByValue: true });
  if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
  return result.value as T;
}
