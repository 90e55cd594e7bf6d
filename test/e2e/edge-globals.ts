// edge-globals.txt §5, the edge runtime's global names as measured (a copy kept in test/fixtures/, so the tests check
// against the measurement and not against the allow-list the worker is built from).
import { readFileSync } from 'node:fs';

export const EDGE_GLOBALS_SECTION_5: string[] = readFileSync(new URL('../fixtures/edge-globals.txt', import.meta.url), 'utf8')
  .split('# ---- Section 5')[1]
  .split('# ---- Section 6')[0]
  .split('\n')
  .slice(1)
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));
