// Messages that came as files (`{"type":"file"}`, workers/protocol.ts): read, delete, and hand back the JSON line.
import { readFileSync, unlinkSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';

/** Where a host may put such files, relative to the harness's working directory. */
export const INBOX_DIR = '.playground';

/** The line the file holds; throws with a message for a protocol error when the path is not one of the inbox's. */
export function takeInboxLine(path: unknown, workdir: string): string {
  if (typeof path !== 'string' || !isAbsolute(path)) throw new Error(`A file message needs an absolute path, not ${JSON.stringify(path)}.`);
  const inside = relative(resolve(workdir, INBOX_DIR), resolve(path));
  if (!inside || inside.startsWith('..') || isAbsolute(inside) || inside.includes(`${sep}..`)) {
    throw new Error(`A file message must name a file in ${INBOX_DIR}/ of the working directory, not ${path}.`);
  }
  const text = readFileSync(path, 'utf8');
  unlinkSync(path);
  return text.endsWith('\n') ? text.slice(0, -1) : text;
}
