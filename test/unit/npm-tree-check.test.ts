// The tree check on an installed node_modules: real folders and single-name files pass, any link or special file fails.
import { execFileSync } from 'node:child_process';
import { chmodSync, linkSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { treeProblem } from '../../src/server/npm-tree-check';

let base: string;
let installDir: string;
let outside: string;

/** An install directory with one package, as npm leaves it, and a folder outside it. */
beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'pg-tree-check-'));
  installDir = join(base, 'project');
  outside = join(base, 'outside');
  mkdirSync(join(installDir, 'node_modules', 'ms'), { recursive: true });
  writeFileSync(join(installDir, 'node_modules', 'ms', 'index.js'), 'module.exports = 1;\n');
  writeFileSync(join(installDir, 'node_modules', '.package-lock.json'), '{}');
  mkdirSync(outside);
  writeFileSync(join(outside, 'secret.txt'), 'secret');
});

afterEach(() => rmSync(base, { recursive: true, force: true }));

describe('treeProblem', () => {
  it('passes a tree of real folders and files, and a project without node_modules', () => {
    expect(treeProblem(installDir)).toBeNull();
    rmSync(join(installDir, 'node_modules'), { recursive: true });
    expect(treeProblem(installDir)).toBeNull();
  });

  it('refuses a symbolic link to a folder outside, deep in the tree', () => {
    mkdirSync(join(installDir, 'node_modules', 'ms', 'lib'));
    symlinkSync(outside, join(installDir, 'node_modules', 'ms', 'lib', 'x'));
    expect(treeProblem(installDir)).toBe(`node_modules/ms/lib/x is a symbolic link (to ${outside}).`);
  });

  it('refuses a relative link, even one that stays inside the tree', () => {
    symlinkSync('./ms', join(installDir, 'node_modules', 'alias'));
    expect(treeProblem(installDir)).toMatch(/^node_modules\/alias is a symbolic link/);
  });

  it('refuses node_modules itself being a link', () => {
    rmSync(join(installDir, 'node_modules'), { recursive: true });
    symlinkSync(outside, join(installDir, 'node_modules'));
    expect(treeProblem(installDir)).toMatch(/^node_modules is a symbolic link/);
  });

  it('refuses a hard link (a second name for a file that may live anywhere on the disk)', () => {
    linkSync(join(outside, 'secret.txt'), join(installDir, 'node_modules', 'ms', 'secret.txt'));
    expect(treeProblem(installDir)).toBe('node_modules/ms/secret.txt is a hard link (2 names for one file).');
  });

  it('refuses a named pipe', () => {
    execFileSync('mkfifo', [join(installDir, 'node_modules', 'ms', 'pipe')]);
    expect(treeProblem(installDir)).toBe('node_modules/ms/pipe is not a regular file or a directory.');
  });

  it('grantRead lets every user read and enter what passed, whatever the modes npm left', () => {
    const file = join(installDir, 'node_modules', 'ms', 'index.js');
    chmodSync(file, 0o600);
    chmodSync(join(installDir, 'node_modules', 'ms'), 0o700);
    expect(treeProblem(installDir)).toBeNull();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(treeProblem(installDir, { grantRead: true })).toBeNull();
    expect(statSync(file).mode & 0o777).toBe(0o644);
    expect(statSync(join(installDir, 'node_modules', 'ms')).mode & 0o777).toBe(0o755);
  });
});
