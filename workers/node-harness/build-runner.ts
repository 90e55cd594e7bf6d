// Runs one `node <file> …` command of a project's vercel-build script under the handler's confinement: the host starts
// it with the same permission model (reads the project, writes only the build folder), user and clean environment,
// and this contains the process (signals, inspector, V8 flags) and guards the network before the script loads.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { containProcess } from './contain';
import { guardNetwork } from './network';

containProcess();
guardNetwork();
const [file, ...args] = process.argv.slice(2);
if (!file) {
  console.error('build runner: no script file given');
  process.exit(2);
}
const script = resolve(file);
// The script sees the argv `node <file> …` would give it.
process.argv = [process.argv[0], script, ...args];
await import(pathToFileURL(script).href);
