// A project's vercel-build script, run by the bridge before its function is served: in a build folder of its own (the
// project's files written there), each `node <file> …` command as a child confined like the harness (Node's permission
// model: reads its project folder, writes only the build folder, no child processes; the unprivileged user; a clean
// environment; build-runner.ts contains signals and the network). The files it made or changed go back to the page,
// which writes them beside the bundle with the project's own. A script that needs a shell is refused: a shell runs
// outside Node's permission model.
import { spawn } from 'node:child_process';
import { chownSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';
import { cleanEnv, type ChildUser } from './node-bridge-children.ts';
import { OutputLines } from './node-bridge-install.ts';
import { parseBuildScript, type BuildCommand } from '../lib/project/vercel-config.ts';

export { parseBuildScript };

/** The project's build folder, beside its install (INSTALL_DIR_ENTRIES keeps it). */
export const BUILD_DIR = 'build';
const BUILD_TIMEOUT_MS = 120_000;
/** What a build may hand back to the page. */
const MAX_OUTPUT_FILES = 500;
const MAX_OUTPUT_BYTES = 8 * 1024 * 1024;
const MAX_INPUT_BYTES = 32 * 1024 * 1024;

function safePath(root: string, path: string): string {
  const target = normalize(join(root, path));
  if (!target.startsWith(root + sep)) throw new Error(`A project file may not leave the build folder: ${path}`);
  return target;
}

/**
 * Regular files with one name under `dir` (relative paths), skipping its temporary folder: links are not followed, and
 * a hard link the script made to a file elsewhere is not read (the server reads what it hands on with its own powers).
 */
function walk(dir: string, base = dir, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stats = lstatSync(path);
    if (stats.isDirectory()) {
      if (!(dir === base && (name === '.tmp' || name === 'node_modules'))) walk(path, base, out);
    } else if (stats.isFile() && stats.nlink === 1) out.push(relative(base, path).split(sep).join('/'));
  }
  return out;
}

export interface BuildRequest {
  projectDir: string;
  files: Record<string, string>;
  script: string;
  /** As Vercel names it in its messages: `npm run vercel-build`. */
  command: string;
  runnerFile: string;
  user: ChildUser | null;
  /** The permission model's flags (node-bridge.ts): reads the project folder and the runner, writes the build folder. */
  nodeFlags?: (projectDir: string, writeDir: string, runnerFile: string) => string[];
  memoryMb: number;
}

export type BuildResult = { ok: true; files: Record<string, string>; left: string[] } | { ok: false; error: string };

/** Runs the script; `onLine` gets Vercel's `Running "…"` line and the script's output. */
export async function runBuildScript(request: BuildRequest, onLine: (line: string) => void): Promise<BuildResult> {
  const parsed = parseBuildScript(request.script);
  if (!parsed.ok) return parsed;
  const size = Object.values(request.files).reduce((n, text) => n + text.length, 0);
  if (size > MAX_INPUT_BYTES) return { ok: false, error: `The project's files are over ${MAX_INPUT_BYTES} bytes; the build does not run.` };
  const dir = join(request.projectDir, BUILD_DIR);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, '.tmp'), { recursive: true });
  for (const [path, text] of Object.entries(request.files)) {
    const target = safePath(dir, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
  // Owned by the child's user, readable by nobody else: the build may change its own files, and only those.
  const paths = [dir, ...walk(dir).map((p) => join(dir, p))];
  const dirs = new Set(paths.map((p) => dirname(p)).concat(dir, join(dir, '.tmp')));
  for (const path of new Set([...paths, ...dirs])) {
    if (request.user) chownSync(path, request.user.uid, request.user.gid);
  }
  chmodSync(dir, 0o700);
  try {
    return await build(request, dir, parsed.commands, onLine);
  } finally {
    rmSync(dir, { recursive: true, force: true }); // what it made has gone to the page; nothing of it stays here
  }
}

async function build(request: BuildRequest, dir: string, commands: BuildCommand[], onLine: (line: string) => void): Promise<BuildResult> {
  onLine(`Running "${request.command}"`);
  const output = new OutputLines(onLine);
  for (const command of commands) {
    const ended = await runOne(request, dir, command, output);
    if (ended !== 0) {
      output.end();
      return { ok: false, error: `Command "${request.command}" exited with ${ended}` };
    }
  }
  output.end();
  const made: Record<string, string> = {};
  const left: string[] = [];
  let bytes = 0;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for (const path of walk(dir)) {
    const data = readFileSync(join(dir, path));
    let text: string;
    try {
      text = decoder.decode(data);
    } catch {
      left.push(`${path} (not UTF-8 text)`);
      continue;
    }
    if (request.files[path] === text) continue;
    if (Object.keys(made).length >= MAX_OUTPUT_FILES || bytes + data.length > MAX_OUTPUT_BYTES) {
      left.push(`${path} (over the ${MAX_OUTPUT_FILES} files / ${MAX_OUTPUT_BYTES} bytes a build may hand on)`);
      continue;
    }
    bytes += data.length;
    made[path] = text;
  }
  return { ok: true, files: made, left };
}

function runOne(request: BuildRequest, dir: string, command: BuildCommand, output: OutputLines): Promise<number | string> {
  const args = [
    `--max-old-space-size=${request.memoryMb}`,
    ...(request.nodeFlags?.(request.projectDir, dir, request.runnerFile) ?? []),
    request.runnerFile,
    command.file,
    ...command.args,
  ];
  const env = { ...cleanEnv(), HOME: dir, TMPDIR: join(dir, '.tmp'), NODE_ENV: 'production', VERCEL: '1', CI: '1' };
  const child = spawn(process.execPath, args, { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'], ...(request.user ? { uid: request.user.uid, gid: request.user.gid } : {}) });
  child.stdout.setEncoding('utf8').on('data', (text: string) => output.push('out', text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => output.push('err', text));
  const timer = setTimeout(() => child.kill('SIGKILL'), BUILD_TIMEOUT_MS);
  return new Promise<number | string>((resolve) => {
    child.once('error', (error) => {
      output.line(`node could not start: ${error.message}`);
      resolve(1);
    });
    child.once('close', (code, signal) => resolve(code ?? signal ?? 1));
  }).finally(() => clearTimeout(timer));
}
