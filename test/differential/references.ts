// The real things the playground is compared with: one fixture folder each (package.json + package-lock.json).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NEXT_NAMES, type NextName } from './cases';

export const FIXTURES = new URL('.', import.meta.url).pathname;

export interface NextReference {
  name: NextName;
  /** The exact `next` version in the fixture's package.json, passed to the embed API as `nextVersion`. */
  nextVersion: string;
  /** next.config.js: no type check or lint in `next build` (they change no response; they cost build time). */
  nextConfig: string;
}

const nextVersionOf = (name: string): string =>
  JSON.parse(readFileSync(join(FIXTURES, name, 'package.json'), 'utf8')).dependencies.next;

const WEBPACK_CONFIG = `module.exports = { typescript: { ignoreBuildErrors: true }, eslint: { ignoreDuringBuilds: true } };\n`;
// 13.2–13.3 serve app/ (and so route handlers) only behind this flag: the reference turns it on, as anyone using
// route handlers on 13.2 does, and the playground reads the same next.config.js.
const APP_DIR_CONFIG = `module.exports = { experimental: { appDir: true }, typescript: { ignoreBuildErrors: true }, eslint: { ignoreDuringBuilds: true } };\n`;
// 16 dropped the `eslint` option (and lint in `next build`) and builds with Turbopack by default, as people get it.
const TURBOPACK_CONFIG = `module.exports = { typescript: { ignoreBuildErrors: true } };\n`;

const configOf = (name: NextName) => (name === 'next-13.2' ? APP_DIR_CONFIG : name.startsWith('next-16') ? TURBOPACK_CONFIG : WEBPACK_CONFIG);

/** One per name in cases.ts's NEXT_NAMES, oldest first. */
export const NEXT_REFERENCES: NextReference[] = NEXT_NAMES.map((name) => ({ name, nextVersion: nextVersionOf(name), nextConfig: configOf(name) }));

export const VERCEL_REFERENCE = 'vercel-node';
