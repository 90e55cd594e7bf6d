// The real things the playground is compared with: one fixture folder each (package.json + package-lock.json).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NextName } from './cases';

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

export const NEXT_REFERENCES: NextReference[] = [
  { name: 'next-13.5', nextVersion: nextVersionOf('next-13.5'), nextConfig: WEBPACK_CONFIG },
  { name: 'next-15.5', nextVersion: nextVersionOf('next-15.5'), nextConfig: WEBPACK_CONFIG },
  // 16 dropped the `eslint` option (and lint in `next build`) and builds with Turbopack by default, as people get it.
  { name: 'next-16', nextVersion: nextVersionOf('next-16'), nextConfig: `module.exports = { typescript: { ignoreBuildErrors: true } };\n` },
];

export const VERCEL_REFERENCE = 'vercel-node';
