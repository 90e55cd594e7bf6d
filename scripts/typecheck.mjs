// Type checks, one per environment (design.md: page DOM, workers WebWorker, Node side, tests) and the Svelte
// components. `npm run typecheck` runs them all; `npm test` runs them before the tests and counts each as one check.
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

export const TYPE_CHECKS = [
  { name: 'tsc page (tsconfig.json)', args: ['tsc', '--noEmit', '-p', 'tsconfig.json'] },
  { name: 'tsc workers (tsconfig.workers.json)', args: ['tsc', '--noEmit', '-p', 'tsconfig.workers.json'] },
  { name: 'tsc node (tsconfig.node.json)', args: ['tsc', '--noEmit', '-p', 'tsconfig.node.json'] },
  { name: 'tsc tests (tsconfig.test.json)', args: ['tsc', '--noEmit', '-p', 'tsconfig.test.json'] },
  { name: 'svelte-check (tsconfig.json)', args: ['svelte-check', '--tsconfig', './tsconfig.json', '--output', 'human'] },
];

/** Runs every check, printing its output; returns one `{ name, ok }` per check. */
export function runTypeChecks() {
  return TYPE_CHECKS.map(({ name, args }) => {
    console.log(`\n> ${name}`);
    const result = spawnSync('npx', args, { stdio: 'inherit' });
    const ok = result.status === 0;
    console.log(ok ? `${name}: ok` : `${name}: FAILED`);
    return { name, ok };
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const results = runTypeChecks();
  process.exit(results.every((r) => r.ok) ? 0 : 1);
}
