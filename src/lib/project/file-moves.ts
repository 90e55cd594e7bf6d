// Renaming, moving and deleting files and folders of the virtual project: checked first, applied all at once, so
// no file's text is ever dropped or written over.
import type { Files } from '../../../workers/protocol';

export type Moves = readonly (readonly [from: string, to: string])[];
export type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

/** Typed by a person: trimmed, without a leading `./` or `/`. */
export function cleanPath(typed: string): string {
  return typed.trim().replace(/^\.?\/+/, '');
}

/** Why `path` cannot name a file, or '' when it can. */
export function pathProblem(path: string): string {
  if (!path) return 'Type a path such as app/api/time/route.ts.';
  if (path.endsWith('/')) return 'A file path cannot end with /.';
  if (path.split('/').some((s) => s === '' || s === '.' || s === '..')) return 'Use a plain relative path, without empty, . or .. segments.';
  return '';
}

/** A folder as this module names one: its path with a trailing slash (`app/api/`). */
const folderOf = (path: string) => (path.endsWith('/') ? path : path + '/');

export const baseName = (path: string) => path.slice(path.replace(/\/$/, '').lastIndexOf('/') + 1);

/**
 * The moves that rename or move `from` (a file, or a folder ending in `/`) to `to`: every file of a folder keeps its
 * place inside it. Refused when a target exists (and is not itself moving away) or a file would land inside itself.
 */
export function planMove(files: Files, from: string, to: string): Checked<Moves> {
  const folder = from.endsWith('/');
  const target = folder ? cleanPath(to).replace(/\/+$/, '') : cleanPath(to);
  const problem = pathProblem(target);
  if (problem) return { ok: false, message: problem };
  if (!folder) {
    if (!(from in files)) return { ok: false, message: `${from} does not exist.` };
    if (target === from) return { ok: true, value: [] };
    if (target in files) return { ok: false, message: `${target} already exists.` };
    if (Object.keys(files).some((p) => p.startsWith(target + '/'))) return { ok: false, message: `${target} is a folder.` };
    const blocking = Object.keys(files).find((p) => target.startsWith(p + '/'));
    if (blocking) return { ok: false, message: `${blocking} is a file, not a folder.` };
    return { ok: true, value: [[from, target]] };
  }
  const prefix = folderOf(target);
  if (prefix === from) return { ok: true, value: [] };
  if (prefix.startsWith(from)) return { ok: false, message: `A folder cannot move into itself.` };
  const inside = Object.keys(files).filter((p) => p.startsWith(from));
  if (inside.length === 0) return { ok: false, message: `${from} does not exist.` };
  if (target in files) return { ok: false, message: `${target} is a file.` };
  const blocking = Object.keys(files).find((p) => prefix.startsWith(p + '/'));
  if (blocking) return { ok: false, message: `${blocking} is a file, not a folder.` };
  const moves = inside.map((p) => [p, prefix + p.slice(from.length)] as const);
  const leaving = new Set(inside);
  const taken = moves.find(([, t]) => t in files && !leaving.has(t));
  if (taken) return { ok: false, message: `${taken[1]} already exists.` };
  return { ok: true, value: moves };
}

/** Where a file or folder dropped on `folder` ('' for the top) lands. */
export function dropPath(from: string, folder: string): string {
  return (folder ? folderOf(folder) : '') + baseName(from);
}

/** The project after the moves: each file's text under its new path, every other file as it was. */
export function applyMoves(files: Files, moves: Moves): Files {
  const to = new Map(moves);
  const out: Files = {};
  for (const [path, source] of Object.entries(files)) out[to.get(path) ?? path] = source;
  return out;
}

/** The files a delete of `path` (a file, or a folder ending in `/`) removes, with their text, for an undo. */
export function deletion(files: Files, path: string): Files {
  const removed: Files = {};
  for (const [p, source] of Object.entries(files)) if (p === path || (path.endsWith('/') && p.startsWith(path))) removed[p] = source;
  return removed;
}
