// Makes the Python memory snapshot (workers/python/snapshot.ts) in Node: starts Pyodide from the npm package's own
// files (the ones the page serves under /languages/python/), imports the preload and saves the wasm memory, gzipped.
// Pyodide refuses a snapshot made by another build of itself (its BUILD_ID is in the snapshot), so a stale one
// cannot be loaded; the worker then starts plainly.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { PYTHON_ENV, PYTHON_SNAPSHOT_PRELOAD } from '../../workers/python/snapshot.ts';

interface SnapshotPyodide {
  runPython(code: string): unknown;
  makeMemorySnapshot(): Uint8Array;
}

/** The gzipped snapshot; `pyodideDir` is the pyodide package folder. Takes a few seconds (CPython starts in Node). */
export async function makePythonSnapshot(pyodideDir: string): Promise<Uint8Array> {
  const { loadPyodide } = (await import(pathToFileURL(join(pyodideDir, 'pyodide.mjs')).href)) as {
    loadPyodide(options: Record<string, unknown>): Promise<SnapshotPyodide>;
  };
  const pyodide = await loadPyodide({
    indexURL: pyodideDir.endsWith('/') ? pyodideDir : pyodideDir + '/',
    env: { ...PYTHON_ENV },
    _makeSnapshot: true,
  });
  pyodide.runPython(PYTHON_SNAPSHOT_PRELOAD);
  return gzipSync(pyodide.makeMemorySnapshot(), { level: 6 });
}
