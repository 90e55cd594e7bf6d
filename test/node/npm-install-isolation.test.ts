// npm installs for a project, attacked the way a shared link's handler could: files left in the install directory or
// its work folder (a lockfile that links a dependency outside, an .npmrc naming another registry), a folder above that
// claims the project as its workspace, links planted in node_modules, registry packages whose own dependencies point
// at a folder, a URL or a git repository, and dependency specs that are not registry versions. Real npm throughout:
// the npm registry for `ms`, a loopback registry for the hostile packages.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDependencies, installPackages, OutputLines, runNpmInstall, secureInstallDir } from '../../src/server/node-bridge-install';
import { treeProblem } from '../../src/server/npm-tree-check';

let base: string;
/** A folder outside every project, dressed as the package `ms` so that npm would accept a link to it. */
let outside: string;

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'pg-npm-isolation-'));
  outside = join(base, 'outside');
  mkdirSync(outside);
  writeFileSync(join(outside, 'package.json'), JSON.stringify({ name: 'ms', version: '2.1.3' }));
  writeFileSync(join(outside, 'secret.txt'), 'secret');
});

afterAll(() => rmSync(base, { recursive: true, force: true }));

/** `<root>/projects/<name>/` (the install directory) with its `work/` folder, as the bridge lays a project out. */
function project(name: string, root = join(base, 'root')): string {
  const installDir = join(root, 'projects', name);
  mkdirSync(join(installDir, 'work'), { recursive: true });
  return installDir;
}

/** A lockfile in which `ms` is a link to `outside` (what npm without --no-package-lock turns into node_modules/ms -> outside). */
function linkingLockfile(dir: string): string {
  const target = relative(dir, outside);
  return JSON.stringify({
    name: 'playground-project',
    lockfileVersion: 3,
    requires: true,
    packages: {
      '': { name: 'playground-project', dependencies: { ms: '2.1.3' } },
      'node_modules/ms': { resolved: target, link: true },
      [target]: { name: 'ms', version: '2.1.3' },
    },
  });
}

const UNREACHABLE_NPMRC = 'registry=http://127.0.0.1:1/\nfetch-retries=0\n';

function expectRealMs(installDir: string): void {
  const ms = join(installDir, 'node_modules', 'ms');
  expect(lstatSync(ms).isDirectory()).toBe(true);
  expect(JSON.parse(readFileSync(join(ms, 'package.json'), 'utf8')).version).toBe('2.1.3');
  expect(existsSync(join(ms, 'index.js'))).toBe(true);
  expect(existsSync(join(ms, 'secret.txt'))).toBe(false);
  expect(treeProblem(installDir)).toBeNull();
}

describe('an install reads nothing the project left', () => {
  it('a lockfile linking ms outside and an .npmrc naming an unreachable registry, in the install dir and in work/: neither is used', async () => {
    const installDir = project('left-files');
    for (const dir of [installDir, join(installDir, 'work')]) {
      writeFileSync(join(dir, 'package-lock.json'), linkingLockfile(dir));
      writeFileSync(join(dir, 'npm-shrinkwrap.json'), linkingLockfile(dir));
      writeFileSync(join(dir, '.npmrc'), UNREACHABLE_NPMRC);
    }
    writeFileSync(join(installDir, 'work', 'data.json'), '{"mine":true}');
    const lines: string[] = [];
    const result = await installPackages(installDir, { ms: '2.1.3' }, (line) => lines.push(line));
    expect(result.cached).toBe(false);
    expectRealMs(installDir);
    expect(lines.join('\n')).not.toContain('127.0.0.1:1');
    for (const name of ['package-lock.json', 'npm-shrinkwrap.json', '.npmrc']) expect(existsSync(join(installDir, name))).toBe(false);
    // The work folder is the project's: left as it was.
    for (const name of ['package-lock.json', 'npm-shrinkwrap.json', '.npmrc', 'data.json']) expect(existsSync(join(installDir, 'work', name))).toBe(true);
    expect(readFileSync(join(outside, 'secret.txt'), 'utf8')).toBe('secret');
  }, 120_000);

  it('npm with the bridge\'s flags ignores a linking lockfile even when it is still there (--no-package-lock)', async () => {
    const installDir = project('lockfile-kept');
    writeFileSync(join(installDir, 'package.json'), JSON.stringify({ name: 'p', private: true, dependencies: { ms: '2.1.3' } }));
    writeFileSync(join(installDir, 'package-lock.json'), linkingLockfile(installDir));
    const { ended } = await runNpmInstall(installDir, () => {});
    expect(ended).toBe('exit 0');
    expectRealMs(installDir);
  }, 120_000);

  it('a folder above that claims the install dir as its workspace, with its own .npmrc, is not npm\'s project (--no-workspaces)', async () => {
    const root = join(base, 'workspace-root');
    const installDir = project('claimed', root);
    writeFileSync(join(root, 'projects', 'package.json'), JSON.stringify({ name: 'hijack', private: true, workspaces: ['*'] }));
    writeFileSync(join(root, 'projects', '.npmrc'), UNREACHABLE_NPMRC);
    const lines: string[] = [];
    await installPackages(installDir, { ms: '2.1.3' }, (line) => lines.push(line));
    expectRealMs(installDir);
    expect(lines.join('\n')).not.toContain('127.0.0.1:1');
    expect(existsSync(join(root, 'projects', 'node_modules'))).toBe(false);
  }, 120_000);

  it('a package.json left as a link to a file outside: the bridge writes its own, the file outside is untouched', async () => {
    const installDir = project('linked-manifest');
    const victim = join(base, 'victim.json');
    writeFileSync(victim, 'do not overwrite');
    symlinkSync(victim, join(installDir, 'package.json'));
    await installPackages(installDir, { ms: '2.1.3' }, () => {});
    expect(readFileSync(victim, 'utf8')).toBe('do not overwrite');
    expect(lstatSync(join(installDir, 'package.json')).isSymbolicLink()).toBe(false);
    expectRealMs(installDir);
  }, 120_000);
});

describe('the bridge\'s flags win over the developer\'s npm config', () => {
  it('a user config asking for linked installs, bin links, a lockfile and scripts: none of it happens', async () => {
    const installDir = project('user-config');
    const userconfig = join(base, 'userrc');
    writeFileSync(userconfig, 'install-strategy=linked\nbin-links=true\npackage-lock=true\nignore-scripts=false\nworkspaces=true\n');
    const saved = process.env.npm_config_userconfig;
    process.env.npm_config_userconfig = userconfig;
    try {
      await installPackages(installDir, { ms: '2.1.3' }, () => {});
    } finally {
      if (saved === undefined) delete process.env.npm_config_userconfig;
      else process.env.npm_config_userconfig = saved;
    }
    expectRealMs(installDir);
    expect(existsSync(join(installDir, 'node_modules', '.store'))).toBe(false);
    expect(existsSync(join(installDir, 'package-lock.json'))).toBe(false);
  }, 120_000);
});

describe('links in node_modules are refused', () => {
  it('a link planted in node_modules after an install: the cached check refuses it, removes the link (not what it points to) and installs afresh', async () => {
    const installDir = project('planted');
    expect((await installPackages(installDir, { ms: '2.1.3' }, () => {})).cached).toBe(false);
    expect((await installPackages(installDir, { ms: '2.1.3' }, () => {})).cached).toBe(true);
    symlinkSync(outside, join(installDir, 'node_modules', 'ms', 'etc'));
    const again = await installPackages(installDir, { ms: '2.1.3' }, () => {});
    expect(again.cached).toBe(false);
    expectRealMs(installDir);
    expect(existsSync(join(installDir, 'node_modules', 'ms', 'etc'))).toBe(false);
    expect(readFileSync(join(outside, 'secret.txt'), 'utf8')).toBe('secret');
  }, 120_000);

  it('secureInstallDir (before a child starts): removes top-level links and foreign files and a node_modules holding a link; the work folder stays', () => {
    const installDir = project('before-spawn');
    mkdirSync(join(installDir, 'node_modules', 'x'), { recursive: true });
    symlinkSync(outside, join(installDir, 'node_modules', 'x', 'up'));
    symlinkSync(outside, join(installDir, 'old-data'));
    writeFileSync(join(installDir, '.npmrc'), UNREACHABLE_NPMRC);
    mkdirSync(join(installDir, '.tmp'));
    writeFileSync(join(installDir, 'work', 'data.json'), '{}');
    const removed = secureInstallDir(installDir);
    expect(removed.sort()).toEqual(['.npmrc', '.tmp', 'node_modules', 'old-data']);
    expect(existsSync(join(installDir, 'work', 'data.json'))).toBe(true);
    expect(readFileSync(join(outside, 'secret.txt'), 'utf8')).toBe('secret');
  });
});

describe('registry packages whose own dependencies are not registry versions', () => {
  let registry: Server;
  let registryUrl: string;
  const requested: string[] = [];
  let plantIn = '';
  /** Where the install script would write (under `base`, known once the outer beforeAll ran). */
  const scriptRan = () => join(base, 'script-ran');
  const saved: Record<string, string | undefined> = {};

  /** A loopback registry with one package per kind of non-registry dependency. */
  beforeAll(async () => {
    const tarballs = new Map<string, Buffer>();
    const packuments = new Map<string, (url: string) => unknown>();
    const publish = (name: string, dependencies: (url: string) => Record<string, string>, manifest: Record<string, unknown> = {}) => {
      const dir = join(base, 'publish', name, 'package');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', ...manifest }));
      writeFileSync(join(dir, 'cli.js'), '#!/usr/bin/env node\n');
      execFileSync('tar', ['czf', join(base, 'publish', `${name}.tgz`), '-C', join(base, 'publish', name), 'package']);
      const tgz = readFileSync(join(base, 'publish', `${name}.tgz`));
      tarballs.set(`/${name}-1.0.0.tgz`, tgz);
      const integrity = `sha512-${createHash('sha512').update(tgz).digest('base64')}`;
      packuments.set(`/${name}`, (url) => ({
        name,
        'dist-tags': { latest: '1.0.0' },
        versions: { '1.0.0': { name, version: '1.0.0', ...manifest, dependencies: dependencies(url), dist: { tarball: `${url}${name}-1.0.0.tgz`, integrity } } },
      }));
    };
    publish('needs-folder', () => ({ ms: `file:${outside}` }));
    publish('needs-url', (url) => ({ ms: `${url}elsewhere/ms.tgz` }));
    publish('needs-git', (url) => ({ ms: `git+${url}elsewhere/ms.git` }));
    publish('plants-a-link', () => ({}));
    publish('has-a-bin-and-a-script', () => ({}), {
      bin: { 'some-cli': 'cli.js' },
      scripts: { postinstall: `node -e "require('fs').writeFileSync('${scriptRan()}', 'ran')"` },
    });
    registry = createServer((req, res) => {
      requested.push(req.url ?? '');
      // Something making a link while npm runs (the check after npm must find it).
      if (req.url === '/plants-a-link-1.0.0.tgz') {
        mkdirSync(join(plantIn, 'node_modules'), { recursive: true });
        symlinkSync(outside, join(plantIn, 'node_modules', 'planted'));
      }
      const packument = packuments.get(req.url ?? '');
      const tarball = tarballs.get(req.url ?? '');
      if (packument) res.setHeader('Content-Type', 'application/json').end(JSON.stringify(packument(registryUrl)));
      else if (tarball) res.end(tarball);
      else res.writeHead(404).end('{}');
    });
    await new Promise<void>((resolve) => registry.listen(0, '127.0.0.1', resolve));
    registryUrl = `http://127.0.0.1:${(registry.address() as AddressInfo).port}/`;
    // The developer's registry and cache reach npm through these (npmEnv); a cache of its own keeps ~/.npm clean.
    for (const key of ['npm_config_registry', 'npm_config_cache']) saved[key] = process.env[key];
    process.env.npm_config_registry = registryUrl;
    process.env.npm_config_cache = join(base, 'npm-cache');
  });

  afterAll(() => {
    registry.close();
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  it.each(['needs-folder', 'needs-url', 'needs-git'])('%s: the install fails, nothing is fetched from elsewhere, node_modules holds no link', async (name) => {
    const installDir = project(name);
    requested.length = 0;
    await expect(installPackages(installDir, { [name]: '1.0.0' }, () => {})).rejects.toThrow(/npm install (failed|was refused)/);
    expect(requested).toContain(`/${name}`);
    expect(requested.filter((url) => url.startsWith('/elsewhere'))).toEqual([]);
    expect(treeProblem(installDir)).toBeNull();
    const ms = join(installDir, 'node_modules', 'ms');
    expect(existsSync(ms) && lstatSync(ms).isSymbolicLink() ? readlinkSync(ms) : null).toBeNull();
  }, 120_000);

  it('a package with a bin and an install script installs, with no .bin link and the script not run', async () => {
    const installDir = project('bin-and-script');
    await installPackages(installDir, { 'has-a-bin-and-a-script': '1.0.0' }, () => {});
    expect(existsSync(join(installDir, 'node_modules', 'has-a-bin-and-a-script', 'cli.js'))).toBe(true);
    expect(existsSync(join(installDir, 'node_modules', '.bin'))).toBe(false);
    expect(existsSync(scriptRan())).toBe(false);
  }, 120_000);

  it('a link that appears while npm runs: the install is refused, node_modules removed (not what the link points to), nothing marked installed', async () => {
    const installDir = (plantIn = project('link-during-install'));
    const install = () => installPackages(installDir, { 'plants-a-link': '1.0.0' }, () => {});
    await expect(install()).rejects.toThrow(`npm install was refused: node_modules/planted is a symbolic link (to ${outside}). The installed packages were removed.`);
    expect(existsSync(join(installDir, 'node_modules'))).toBe(false);
    expect(readFileSync(join(outside, 'secret.txt'), 'utf8')).toBe('secret');
    expect(readdirSync(installDir).sort()).toEqual(['package.json', 'work']);
  }, 120_000);

  it('the tree check alone refuses the link npm makes for a folder dependency (npm run without --allow-directory=none)', async () => {
    const installDir = project('folder-without-flag');
    writeFileSync(join(installDir, 'package.json'), JSON.stringify({ name: 'p', private: true, dependencies: { 'needs-folder': '1.0.0' } }));
    // What older npm (no --allow-directory) does with the same package: a link, found by the check that runs after npm.
    // (Not execFileSync: the registry answers from this process.)
    await promisify(execFile)('npm', ['install', '--ignore-scripts', '--no-package-lock', '--no-audit', '--no-fund'], { cwd: installDir });
    expect(lstatSync(join(installDir, 'node_modules', 'ms')).isSymbolicLink()).toBe(true);
    expect(treeProblem(installDir)).toMatch(/^node_modules\/ms is a symbolic link/);
  }, 120_000);
});

describe('checkDependencies: registry versions only', () => {
  const refused = [
    'file:..', 'file:../../../../etc', 'link:..', '..', '.', './x', '...', '../x', '/etc', '~/x', 'C:x',
    'git+https://github.com/a/b.git', 'git://github.com/a/b', 'github:user/repo', 'user/repo', 'gitlab:a/b', 'git@github.com:a/b',
    'npm:foo@1', 'http://127.0.0.1/x.tgz', 'https://example.com/x.tgz', 'x.tgz', 'X.TGZ', 'x.tar', 'x.tar.gz', ' ./x', 'a\\b',
  ];

  it.each(refused)('refuses the spec %j', (spec) => {
    expect(checkDependencies({ ms: spec })).toMatchObject({ ok: false, error: expect.stringMatching(/version range or a tag/) });
  });

  it.each(['../x', '..', 'a/../../b', '@scope/../x', '@../x', 'Uppercase', 'MS', '.hidden', '_private', '', 'a b', 'a:b', 'x'.repeat(215)])(
    'refuses the name %j',
    (name) => {
      expect(checkDependencies({ [name]: '1.0.0' })).toMatchObject({ ok: false, error: expect.stringMatching(/not an npm package name/) });
    },
  );

  it('accepts ranges, versions and tags such as latest', () => {
    const fine = { ms: 'latest', 'is-number': '7.0.0', '@types/node': '^22.1.0', a: '~1.2', b: '1.x', c: '>=1 <2', d: '1.0.0 - 2.0.0', e: '*', f: 'next', g: '1.0.0-beta.1' };
    expect(checkDependencies(fine)).toEqual({ ok: true, dependencies: fine });
  });

  it('every spec it accepts is one npm reads as a registry version, range or tag (npm\'s own npm-package-arg decides)', () => {
    const npmRoot = execFileSync('npm', ['root', '-g'], { encoding: 'utf8' }).trim();
    const npa = createRequire(join(npmRoot, 'npm', 'package.json'))('npm-package-arg') as { resolve(name: string, spec: string, where: string): { type: string } };
    const alphabet = 'abxz019.^~<>=|*+ -_TGZtgzr';
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const specs = ['.tgz', 'a.tgz', 'a.tar', '.x', ' .tgz', 'tgz', 'latest', ...Array.from({ length: 20_000 }, () =>
      Array.from({ length: 1 + Math.floor(random() * 8) }, () => alphabet[Math.floor(random() * alphabet.length)]).join(''))];
    const leaks: string[] = [];
    for (const spec of specs) {
      if (!checkDependencies({ ms: spec }).ok) continue;
      let type: string;
      try {
        type = npa.resolve('ms', spec, base).type;
      } catch {
        continue; // npm refuses it outright
      }
      if (!['version', 'range', 'tag'].includes(type)) leaks.push(`${JSON.stringify(spec)} → ${type}`);
    }
    expect(leaks).toEqual([]);
  });
});

describe('npm output on the page', () => {
  it('is whole lines, at most 200 of them, each cut to 300 characters, with the rest counted', () => {
    const shown: string[] = [];
    const output = new OutputLines((line) => shown.push(line));
    output.push('out', 'first half ');
    output.push('out', 'of a line\n');
    output.push('err', `${'x'.repeat(10_000)}\n`);
    for (let i = 0; i < 1000; i++) output.push('out', `line ${i}\n`);
    output.push('out', 'no newline at the end');
    output.end();
    expect(shown[0]).toBe('first half of a line');
    expect(shown[1]).toBe(`${'x'.repeat(300)}…`);
    expect(shown).toHaveLength(201);
    expect(shown[200]).toBe('… 803 more lines of npm output not shown');
    expect(output.last.at(-1)).toBe('no newline at the end');
  });
});
