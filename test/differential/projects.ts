// Which cases go into which project: per Next version, the main project (built and served) and the probe project
// (the files that version's `next build` rejects, built on their own so the main build succeeds); and the Vercel one.
import { appliesTo, CASES, isVercelCase, type Case, type NextName } from './cases';
import type { NextReference } from './references';

const filesOf = (cases: Case[]) => Object.fromEntries(cases.filter((c) => c.source).map((c) => [c.file, c.source]));

const casesOf = (name: NextName) => CASES.filter((c) => !isVercelCase(c) && appliesTo(c, name));
export const nextCases = (name: NextName) => casesOf(name).filter((c) => !c.buildFailsOn?.includes(name));
export const probeCases = (name: NextName) => casesOf(name).filter((c) => c.buildFailsOn?.includes(name));
export const vercelCases = () => CASES.filter(isVercelCase);

export function nextProjectFiles(ref: NextReference, cases: Case[]): Record<string, string> {
  return { 'next.config.js': ref.nextConfig, ...filesOf(cases) };
}

export const vercelProjectFiles = () => filesOf(vercelCases());
