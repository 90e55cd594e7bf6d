// Compare for a Python, Ruby or Go function: it runs on one runtime only, so compare sets it against another function
// of the project (by default the same route in another language, api/hello.py against api/hello.js). Pure: no runes.
import type { Files, LanguageName, RuntimeName } from '../../workers/protocol';
import { DEFAULT_PROFILE, type Profile } from './project/profiles';
import { pythonApp } from './project/python-entrypoint';
import { resolveRuntime } from './project/resolve-runtime';
import { handlerFiles, languageOf, routePath } from './project/routes';

/** The language of a function Vercel runs on its Python, Ruby or Go runtime (api/*.py, a Python preset's app); else null. */
export function languageFunction(files: Files, path: string): LanguageName | null {
  return languageOf(path) ?? (pythonApp(files)?.entrypoint === path ? 'python' : null);
}

/** The project's functions as Vercel deploys them: handlers, and a Python preset's app in place of api/*.py. */
export function projectFunctions(files: Files): string[] {
  const app = pythonApp(files);
  const handlers = handlerFiles(files).filter((file) => !(app && languageOf(file) === 'python'));
  return app ? [...new Set([...handlers, app.entrypoint])].sort() : handlers;
}

/**
 * What `entry` may be compared with, the default first: another file of the same route (its other language), else
 * the other functions under api/, then the rest, each in file order.
 */
export function compareTargets(files: Files, entry: string): string[] {
  const others = projectFunctions(files).filter((file) => file !== entry);
  const route = routePath(entry);
  const rank = (file: string) => (routePath(file) === route ? 0 : file.startsWith('api/') ? 1 : 2);
  return others.map((file, i) => ({ file, i })).sort((a, b) => rank(a.file) - rank(b.file) || a.i - b.i).map((x) => x.file);
}

/** The side compared with `entry`: the person's pick while the project has it, else the default; null when none. */
export function compareTarget(files: Files, entry: string, picked: string | null): string | null {
  const targets = compareTargets(files, entry);
  return picked !== null && targets.includes(picked) ? picked : (targets[0] ?? null);
}

/** The runtime a function runs on as the project stands (for the side's label); null when it does not resolve. */
export function functionRuntime(files: Files, path: string, profile: Profile = DEFAULT_PROFILE): RuntimeName | null {
  const resolved = resolveRuntime(files, path, routePath(path), profile);
  return resolved.ok ? resolved.runtime : null;
}

/**
 * Vercel's build error for two functions of one path (fs-detectors detect-builders.ts `getApiRoute`): api/hello.py and
 * api/hello.js compare here, but cannot deploy together. Null when the two paths differ.
 */
export function conflictingPaths(a: string, b: string): string | null {
  if (!a.startsWith('api/') || !b.startsWith('api/') || routePath(a) !== routePath(b)) return null;
  const [first, second] = [a, b].sort();
  return `Two or more files have conflicting paths or names. Please make sure path segments and filenames, without their extension, are unique. The path "${first}" has conflicts with "${second}".`;
}
