// vercel.json's globs (`functions` keys, includeFiles, excludeFiles) matched as Vercel's build matches them, with
// minimatch. minimatch is a chunk of its own, loaded by a run of a project that has a vercel.json (run-entry.ts),
// so the page of a project without one never downloads it.
import type { Files } from '../../../workers/protocol';
import { lazyModule } from '../lazy-module';

const minimatchModule = lazyModule(() => import('minimatch'));

/** Loads minimatch where the project's files may need it; resolves at once otherwise or once loaded. */
export async function loadGlobsFor(files: Files): Promise<void> {
  if (Object.hasOwn(files, 'vercel.json')) await minimatchModule.load();
}

/** Whether `path` matches `pattern`; only a project with a vercel.json has globs, and its run loaded minimatch first. */
export function matchesGlob(path: string, pattern: string, options?: { dot?: boolean }): boolean {
  const minimatch = minimatchModule.loaded?.minimatch;
  if (!minimatch) throw new Error(`minimatch is not loaded: loadGlobsFor(files) comes before vercel.json's globs are matched (${pattern}).`);
  return minimatch(path, pattern, options);
}
