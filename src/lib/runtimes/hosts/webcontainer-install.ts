// `npm install` inside a WebContainer: the project's package.json, then npm's terminal output as progress lines.
// The container's npm fetches from the registry, so offline it fails or stalls: our own timeout ends the wait.
import type { Container, ContainerFileTree } from './webcontainer-api';
import { NPM_ENV, settle, TERMINAL_SIZE } from './webcontainer-spawn';
import { ProgressLines, readOutput, TerminalText } from './webcontainer-terminal';

/** `20 s`, `1.5 s`, `300 ms`: a limit as a person reads it. */
export function duration(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${Math.round(ms)} ms`;
}

export function packageJsonFor(projectId: string, dependencies: Record<string, string>): string {
  const name = 'playground-' + projectId.toLowerCase().replace(/[^a-z0-9-]/g, '-');
  return JSON.stringify({ name, private: true, dependencies }, null, 2) + '\n';
}

export interface InstallOptions {
  /** The project's directory, relative to the container's workdir. */
  cwd: string;
  timeoutMs: number;
  onProgress(line: string): void;
}

/** The arguments the container's npm gets (no audit or fund requests: they need the network and tell nothing here). */
export const NPM_INSTALL_ARGS = ['install', '--no-audit', '--no-fund'];

export async function npmInstall(container: Container, options: InstallOptions): Promise<void> {
  const npm = await container.spawn('npm', NPM_INSTALL_ARGS, { cwd: options.cwd, env: { ...NPM_ENV }, terminal: { ...TERMINAL_SIZE } });
  const terminal = new TerminalText({ cursorMovesBreakLines: true });
  const lines = new ProgressLines();
  const recent: string[] = [];
  const report = (found: string[]) => {
    for (const line of found) {
      recent.push(line);
      if (recent.length > 5) recent.shift();
      options.onProgress(line);
    }
  };
  const reading = readOutput(npm.output, (chunk) => report(lines.push(terminal.push(chunk))));

  const code = await settle(npm, reading, options.timeoutMs);
  if (code === 'timeout') {
    throw new Error(
      `npm install did not finish within ${duration(options.timeoutMs)}. The WebContainer downloads packages ` +
        'from the npm registry: check the network connection.',
    );
  }
  report(lines.push(terminal.flush()));
  report(lines.flush());
  if (code !== 0) {
    const why = recent.filter((line) => /err/i.test(line)).join(' ') || recent.at(-1) || 'no output';
    throw new Error(`npm install failed (exit code ${code ?? 'none'}): ${why}`);
  }
}

/** node_modules as a tree the next container can mount (just before a teardown), or null when it cannot be exported. */
export async function exportModules(container: Container, path: string): Promise<ContainerFileTree | null> {
  if (!container.export) return null;
  try {
    return (await container.export(path, { format: 'json' })) as ContainerFileTree;
  } catch {
    return null;
  }
}
