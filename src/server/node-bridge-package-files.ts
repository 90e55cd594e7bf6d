// The installed files of a project's npm packages, for the page's edge builds: read only inside that project's
// node_modules, regular files with one name only, after the same tree check a child's start gets (links, hard links
// and mounts there were not made by the bridge's npm, and the tree is removed rather than read).
import { lstatSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { join, sep } from 'node:path';
import { collectPackageFiles, PackageFilesError, PACKAGE_NAME, type PackageTreeEntry } from '../lib/runtimes/hosts/package-files.ts';
import { secureInstallDir } from './node-bridge-install.ts';

export { PackageFilesError };

/** At most this many packages named in one request (their dependencies are found, not named). */
const MAX_NAMES = 100;

/** `names` checked: an array of npm package names. */
export function checkPackageNames(value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_NAMES) {
    throw new PackageFilesError(`\`names\` must be a list of 1 to ${MAX_NAMES} npm package names.`);
  }
  for (const name of value) {
    if (typeof name !== 'string' || name.length > 214 || !PACKAGE_NAME.test(name)) throw new PackageFilesError(`${JSON.stringify(name)} is not an npm package name.`);
  }
  return value as string[];
}

/** `node_modules/<names>` and their dependencies in `installDir`: path under the install directory → text. */
export async function readPackageFiles(installDir: string, names: unknown): Promise<Record<string, string>> {
  const wanted = checkPackageNames(names);
  secureInstallDir(installDir, { recheck: true });
  const modules = join(installDir, 'node_modules');
  let realModules: string;
  try {
    if (!lstatSync(modules).isDirectory()) throw new Error('not a folder');
    realModules = realpathSync(modules);
  } catch {
    throw new PackageFilesError(`${wanted.join(', ')} ${wanted.length > 1 ? 'are' : 'is'} not installed for this project.`);
  }
  /** Only paths below node_modules, as the walk builds them from checked names and directory entries. */
  const inside = (path: string): string | null => {
    const absolute = join(installDir, path);
    return absolute.startsWith(modules + sep) ? absolute : null;
  };
  return collectPackageFiles(
    {
      async list(dir) {
        const absolute = inside(dir);
        if (!absolute || !lstatSync(absolute, { throwIfNoEntry: false })?.isDirectory()) return null;
        const entries: PackageTreeEntry[] = [];
        // Dirents say what an entry is without following it: a link is neither a file nor a directory here.
        for (const entry of readdirSync(absolute, { withFileTypes: true })) {
          if (entry.isDirectory()) entries.push({ name: entry.name, kind: 'dir' });
          else if (entry.isFile()) entries.push({ name: entry.name, kind: 'file' });
        }
        return entries;
      },
      async read(path) {
        const absolute = inside(path);
        const stats = absolute ? lstatSync(absolute, { throwIfNoEntry: false }) : undefined;
        if (!absolute || !stats?.isFile() || stats.nlink !== 1) return null;
        // A folder above it swapped for a link after the walk listed it would show here.
        if (!realpathSync(absolute).startsWith(realModules + sep)) return null;
        return readFileSync(absolute, 'utf8');
      },
    },
    wanted,
  );
}
