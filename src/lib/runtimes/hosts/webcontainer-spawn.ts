// How WebContainerHost starts and ends processes: the environment and terminal every spawn gets, npm's own switches,
// and the wait for a short-lived process (build script, probe, npm install) bounded by a timeout.
import type { ContainerProcess } from './webcontainer-api';

/**
 * Every process gets a pseudo-terminal (the API has no way to spawn without one), so libraries that colour a TTY's
 * output would print escape codes into the logs: these ask them not to. `TERM=dumb` also stops cursor tricks.
 */
export const PLAIN_OUTPUT_ENV: Readonly<Record<string, string>> = {
  NO_COLOR: '1',
  FORCE_COLOR: '0',
  NODE_DISABLE_COLORS: '1',
  TERM: 'dumb',
};

/** npm: no colours, no progress spinner (its redraws are noise once the escape codes are gone). */
export const NPM_ENV: Readonly<Record<string, string>> = {
  ...PLAIN_OUTPUT_ENV,
  npm_config_color: 'false',
  npm_config_progress: 'false',
};

/** Wide, so a long log line is never wrapped by the terminal; the rows do not matter for a process nobody watches. */
export const TERMINAL_SIZE = { cols: 1000, rows: 40 } as const;

/** How long output still on its way after the exit gets to arrive (the last lines usually say why a process failed). */
const OUTPUT_GRACE_MS = 200;

/**
 * Waits for `process` to exit, killing it once `timeoutMs` have passed, then gives `reading` (its output loop) a moment
 * to finish. The exit code, `'timeout'` when it was killed, or null when the container went away under it.
 */
export async function settle(process: ContainerProcess, reading: Promise<void>, timeoutMs: number): Promise<number | null | 'timeout'> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const code = await Promise.race([
    process.exit.catch(() => null),
    new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs))),
  ]);
  clearTimeout(timer);
  if (code === 'timeout') {
    try {
      process.kill();
    } catch {
      // gone already
    }
  }
  await Promise.race([reading, new Promise((resolve) => setTimeout(resolve, OUTPUT_GRACE_MS))]);
  return code;
}
