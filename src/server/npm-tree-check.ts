// What an install may leave in a project's node_modules: real folders and files only, nothing that leads outside.
// The harness runs under Node's permission model, which follows links: one link (or a hard link, or a mount) in here
// would let a project's code read or write wherever it points.
import { chmodSync, lstatSync, readdirSync, readlinkSync, realpathSync, type Stats } from 'node:fs';
import { join, relative, sep } from 'node:path';

/**
 * Why `node_modules` in `installDir` must not be used, or null when it holds only directories and regular files
 * with one name each, on the install directory's own file system. A missing node_modules is fine (nothing installed).
 * npm unpacks packages by copying (pacote drops link entries from tarballs) and `--no-bin-links` makes no `.bin`
 * links, so a link of any kind here was not made by the install the bridge ran.
 * With `grantRead`, also lets every user read what passed (a child may run as another user; npm keeps the server's
 * umask and the modes in the tarballs).
 */
export function treeProblem(installDir: string, { grantRead = false } = {}): string | null {
  const root = lstatSync(installDir);
  if (!root.isDirectory()) return `${installDir} is not a directory.`;
  const modules = join(installDir, 'node_modules');
  const top = lstatSync(modules, { throwIfNoEntry: false });
  if (!top) return null;
  const problem = entryProblem(installDir, modules, top, root.dev);
  if (problem) return problem;
  // Any link in the install directory's own path is the operator's choice; below it, nothing may lead elsewhere.
  if (realpathSync(modules) !== join(realpathSync(installDir), 'node_modules')) return 'node_modules resolves outside the install directory.';
  if (grantRead) openToAll(modules, top);
  const folders = [modules];
  for (let folder = folders.pop(); folder !== undefined; folder = folders.pop()) {
    for (const name of namesIn(folder)) {
      const path = join(folder, name);
      const stats = lstatSync(path, { throwIfNoEntry: false });
      if (!stats) continue; // gone while we looked
      const why = entryProblem(installDir, path, stats, root.dev);
      if (why) return why;
      if (grantRead) openToAll(path, stats);
      if (stats.isDirectory()) folders.push(path);
    }
  }
  return null;
}

function entryProblem(installDir: string, path: string, stats: Stats, dev: number): string | null {
  const name = relative(installDir, path).split(sep).join('/');
  if (stats.isSymbolicLink()) return `${name} is a symbolic link (to ${linkTarget(path)}).`;
  if (stats.dev !== dev) return `${name} is on another file system (a mount point).`;
  if (stats.isDirectory()) return null;
  if (!stats.isFile()) return `${name} is not a regular file or a directory.`;
  if (stats.nlink > 1) return `${name} is a hard link (${stats.nlink} names for one file).`;
  return null;
}

/** A folder's entries; none when it went away while we looked (npm moving its staging folders). */
function namesIn(folder: string): string[] {
  try {
    return readdirSync(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

function openToAll(path: string, stats: Stats): void {
  const wanted = stats.isDirectory() ? 0o555 : 0o444;
  if ((stats.mode & wanted) !== wanted) chmodSync(path, (stats.mode & 0o7777) | wanted);
}

function linkTarget(path: string): string {
  try {
    return readlinkSync(path);
  } catch {
    return 'somewhere';
  }
}
