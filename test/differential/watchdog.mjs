// Runs one reference server as the leader of its own process group and ends the whole group when its parent goes
// (its stdin closes, however the parent died) or asks (SIGTERM): `next start` workers and @vercel/node's forked dev
// servers never outlive the test that started them.
// Usage: node watchdog.mjs <cwd> <command> [args…]  (started with detached: true, stdin a pipe).
import { spawn } from 'node:child_process';

const [cwd, command, ...args] = process.argv.slice(2);
const child = spawn(command, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'], env: process.env });

let ending = false;
function endGroup(code) {
  if (ending) return;
  ending = true;
  try {
    process.kill(-process.pid, 'SIGTERM');
  } catch {}
  // Whatever ignored SIGTERM is killed; then this process, which is in the group, goes too.
  setTimeout(() => {
    try {
      process.kill(-process.pid, 'SIGKILL');
    } catch {}
    process.exit(code);
  }, 2000);
}

process.on('SIGTERM', () => endGroup(0));
process.stdin.on('end', () => endGroup(0));
process.stdin.on('error', () => endGroup(0));
process.stdin.resume();
child.on('exit', (code) => endGroup(code ?? 1));
