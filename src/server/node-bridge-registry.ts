// The bridges' children on this machine, by pid, in a folder the bridges sharing a root keep together (the dev and the
// preview server of one checkout): a bridge hands out a token only while none of them has a child alive, since a
// child could ask any bridge it can reach, not only its own.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export class ChildRegistry {
  #dir: string;

  constructor(dir: string) {
    this.#dir = dir;
    mkdirSync(dir, { recursive: true, mode: 0o755 });
  }

  add(pid: number): void {
    writeFileSync(join(this.#dir, String(pid)), '');
  }

  remove(pid: number): void {
    rmSync(join(this.#dir, String(pid)), { force: true });
  }

  /** How many registered children are alive (entries of processes that are gone are removed). */
  alive(): number {
    let count = 0;
    for (const name of readdirSync(this.#dir)) {
      const pid = Number(name);
      if (!Number.isInteger(pid) || pid <= 0) continue;
      try {
        process.kill(pid, 0);
        count++;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EPERM') count++; // alive, another user's
        else this.remove(pid);
      }
    }
    return count;
  }
}
