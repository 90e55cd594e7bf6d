// A project's vercel-build script inside a WebContainer: its files mounted into a fresh build folder, each
// `node <file> …` command run through the build runner (workers/node-harness/build-runner.ts: contained as the harness
// is), output as lines, and the text files it made or changed read back from the container for the function.
import { parseBuildScript } from '../../project/vercel-config';
import type { BuildOutcome, BuildRequest } from './node-host';
import type { Container, ContainerFileTree } from './webcontainer-api';
import { PLAIN_OUTPUT_ENV, settle, TERMINAL_SIZE } from './webcontainer-spawn';
import { ProgressLines, readOutput, TerminalText } from './webcontainer-terminal';

export interface ContainerBuildOptions {
  /** The build folder, relative to the container's workdir (new for each build: nothing of an earlier one is in it). */
  dir: string;
  /** The build runner, as an absolute path in the container. */
  runner: string;
  timeoutMs: number;
}

/** `a/b.txt` → `{ a: { directory: { 'b.txt': { file } } } }`, under the folders of `dir`. */
function treeOf(dir: string, files: Record<string, string>): ContainerFileTree {
  const root: ContainerFileTree = {};
  for (const [path, contents] of Object.entries(files)) {
    const parts = [...dir.split('/'), ...path.split('/')];
    if (parts.some((p) => p === '..' || p === '.' || p === '')) throw new Error(`A project file may not leave the build folder: ${path}`);
    let node = root;
    for (const part of parts.slice(0, -1)) node = ((node[part] ??= { directory: {} }) as { directory: ContainerFileTree }).directory;
    node[parts.at(-1)!] = { file: { contents } };
  }
  return root;
}

function flatten(tree: ContainerFileTree, prefix = '', out: Record<string, string | Uint8Array> = {}): Record<string, string | Uint8Array> {
  for (const [name, entry] of Object.entries(tree)) {
    if ('directory' in entry) {
      if (!(prefix === '' && (name === 'node_modules' || name === '.tmp'))) flatten(entry.directory, `${prefix}${name}/`, out);
    } else out[prefix + name] = entry.file.contents;
  }
  return out;
}

export async function runContainerBuild(container: Container, request: BuildRequest, options: ContainerBuildOptions, onOutput: (line: string) => void): Promise<BuildOutcome> {
  const parsed = parseBuildScript(request.script);
  if (!parsed.ok) return parsed;
  if (!container.export) return { ok: false, error: 'This WebContainer cannot export files, so the outputs of a build script cannot reach the function.' };
  await container.mount(treeOf(options.dir, { ...request.files, '.tmp/.keep': '' }));
  onOutput(`Running "${request.command}"`);
  for (const command of parsed.commands) {
    const env = { ...PLAIN_OUTPUT_ENV, NODE_ENV: 'production', VERCEL: '1', CI: '1', TMPDIR: `${container.workdir}/${options.dir}/.tmp` };
    const args = [`--max-old-space-size=${request.memoryMb}`, options.runner, command.file, ...command.args];
    const process = await container.spawn('node', args, { cwd: options.dir, env, terminal: { ...TERMINAL_SIZE } });
    const terminal = new TerminalText();
    const lines = new ProgressLines();
    const reading = readOutput(process.output, (chunk) => {
      for (const line of lines.push(terminal.push(chunk))) onOutput(line);
    });
    const code = await settle(process, reading, options.timeoutMs);
    for (const line of [...lines.push(terminal.flush()), ...lines.flush()]) onOutput(line);
    if (code !== 0) return { ok: false, error: `Command "${request.command}" exited with ${code === 'timeout' ? 'SIGKILL' : (code ?? 'no exit code')}` };
  }
  const made: Record<string, string> = {};
  const left: string[] = [];
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const built = flatten((await container.export(options.dir, { format: 'json' })) as ContainerFileTree);
  for (const [path, contents] of Object.entries(built)) {
    let text: string;
    try {
      text = typeof contents === 'string' ? contents : decoder.decode(contents);
    } catch {
      left.push(`${path} (not UTF-8 text)`);
      continue;
    }
    if (request.files[path] !== text) made[path] = text;
  }
  return { ok: true, files: made, left };
}
