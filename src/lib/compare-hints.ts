// Does a handler's behaviour depend on the runtime it runs on? The page then suggests comparing the two runtimes.
import { stripComments } from './project/segment-config';

/** Node.js built-in modules a handler may import; on the edge runtime they fail or are absent. */
const NODE_BUILTINS = ['fs', 'fs/promises', 'path', 'os', 'child_process', 'crypto', 'http', 'https', 'net', 'tls', 'dns', 'zlib', 'stream', 'worker_threads', 'cluster', 'vm', 'module', 'process'];
/** npm packages that run on Node.js only (native addons, Node sockets and files). */
const NODE_ONLY_PACKAGES = ['bcrypt', 'sharp', 'pg', 'mysql2', 'sqlite3', 'better-sqlite3', 'canvas', 'puppeteer', 'nodemailer', 'ws', 'express', 'fs-extra', 'jsonwebtoken', 'mongodb'];

const specifiers = (src: string) => [...src.matchAll(/\b(?:from\s*|import\s*\(\s*|require\s*\(\s*)(['"])([^'"]+)\1/g)].map((m) => m[2]);

/** What in `source` makes its answer depend on the runtime, in a few words each (`fs`, `eval`); empty when nothing. */
export function runtimeDependence(source: string): string[] {
  const src = stripComments(source);
  const found: string[] = [];
  if (/\bEdgeRuntime\b/.test(src)) found.push('EdgeRuntime');
  if (/\brequire\b/.test(src)) found.push('require');
  if (/\beval\s*\(|\bnew\s+Function\s*\(/.test(src)) found.push('eval');
  if (/\bprocess\s*\.\s*(?!env\b)\w+/.test(src)) found.push('process.*');
  for (const spec of specifiers(src)) {
    const bare = spec.replace(/^node:/, '');
    const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
    if (spec.startsWith('node:') || NODE_BUILTINS.includes(bare)) found.push(bare);
    else if (NODE_ONLY_PACKAGES.includes(pkg)) found.push(pkg);
  }
  return [...new Set(found)];
}
