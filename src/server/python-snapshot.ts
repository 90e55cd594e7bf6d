// Makes the Python memory snapshot (workers/python/snapshot.ts) in Node: starts Pyodide from the npm package's own
// files (the ones the page serves under /languages/python/), imports the preload and the runner, runs the warm-up
// requests and saves the wasm memory, gzipped.
// Pyodide refuses a snapshot made by another build of itself (its BUILD_ID is in the snapshot), so a stale one
// cannot be loaded; the worker then starts plainly.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { RUNNER_PY } from '../../workers/python/runner-py.ts';
import { PYTHON_ENV, PYTHON_RUNNER_SETUP, PYTHON_SNAPSHOT_PRELOAD, PYTHON_SNAPSHOT_WARMUP, RUNNER_FILE } from '../../workers/python/snapshot.ts';

/** Where made snapshots are kept between dev servers and builds (node_modules/.cache/playground, beside the pyodide
 * package), named by everything they are made from. */
const cacheDir = (pyodideDir: string) => join(pyodideDir, '..', '.cache', 'playground');

interface SnapshotPyodide {
  runPython(code: string): unknown;
  runPythonAsync(code: string): Promise<unknown>;
  makeMemorySnapshot(): Uint8Array;
  FS: { mkdirTree(path: string): void; writeFile(path: string, data: string): void };
}

/** The gzipped snapshot; `pyodideDir` is the pyodide package folder. Takes a few seconds (CPython starts in Node). */
export async function makePythonSnapshot(pyodideDir: string): Promise<Uint8Array> {
  const { loadPyodide } = (await import(pathToFileURL(join(pyodideDir, 'pyodide.mjs')).href)) as {
    loadPyodide(options: Record<string, unknown>): Promise<SnapshotPyodide>;
  };
  // CPython reads the time zone once as it starts, into the memory the snapshot keeps: UTC, as on Vercel, and not the
  // build machine's. Node applies a TZ change at once; it is put back as soon as Python has started.
  const tz = process.env.TZ;
  process.env.TZ = 'UTC';
  let pyodide: SnapshotPyodide;
  try {
    pyodide = await loadPyodide({
      indexURL: pyodideDir.endsWith('/') ? pyodideDir : pyodideDir + '/',
      env: { ...PYTHON_ENV },
      _makeSnapshot: true,
    });
    pyodide.runPython(PYTHON_SNAPSHOT_PRELOAD);
  } finally {
    if (tz === undefined) delete process.env.TZ;
    else process.env.TZ = tz;
  }
  pyodide.FS.mkdirTree(RUNNER_FILE.slice(0, RUNNER_FILE.lastIndexOf('/')));
  pyodide.FS.writeFile(RUNNER_FILE, RUNNER_PY);
  pyodide.runPython(PYTHON_RUNNER_SETUP);
  await pyodide.runPythonAsync(PYTHON_SNAPSHOT_WARMUP);
  return gzipSync(pyodide.makeMemorySnapshot(), { level: 6 });
}

/** The snapshot from the cache when one was made from these very inputs (the pyodide files, the preload, the
 * environment, this maker), else made now and cached: a dev server's first Python run and a rebuild skip the seconds. */
export async function cachedPythonSnapshot(pyodideDir: string): Promise<Uint8Array> {
  const hash = createHash('sha256');
  for (const file of ['package.json', 'pyodide.mjs', 'pyodide.asm.mjs', 'pyodide.asm.wasm', 'python_stdlib.zip']) hash.update(readFileSync(join(pyodideDir, file)));
  hash.update(JSON.stringify([PYTHON_ENV, PYTHON_SNAPSHOT_PRELOAD, RUNNER_FILE, RUNNER_PY, PYTHON_RUNNER_SETUP, PYTHON_SNAPSHOT_WARMUP, makePythonSnapshot.toString()]));
  const dir = cacheDir(pyodideDir);
  const file = join(dir, `python-snapshot-${hash.digest('hex').slice(0, 16)}.bin.gzip`);
  if (existsSync(file)) return readFileSync(file);
  const bytes = await makePythonSnapshot(pyodideDir);
  mkdirSync(dir, { recursive: true });
  // Written beside and renamed: a build and a dev server making it at once never read half a file.
  writeFileSync(`${file}.${process.pid}`, bytes);
  renameSync(`${file}.${process.pid}`, file);
  return bytes;
}
