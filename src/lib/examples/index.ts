// The examples gallery's one table: every example of the docs the playground follows, plus a demo per limit and
// per difference between the runtimes, in the order the gallery lists them.
import { DIFFERENCE_EXAMPLES } from './differences';
import { LANGUAGE_EXAMPLES } from './languages';
import { LIMIT_EXAMPLES } from './limits';
import { NEXT_RUNTIME_EXAMPLES } from './next-runtime';
import { EXAMPLE_GROUPS, type Example, type ExampleGroup } from './types';
import { VERCEL_NODE_EXAMPLES } from './vercel-node';

export { EXAMPLE_GROUPS, type Example, type ExampleGroup, type ExampleRequest } from './types';

export const EXAMPLES: readonly Example[] = [...NEXT_RUNTIME_EXAMPLES, ...VERCEL_NODE_EXAMPLES, ...LANGUAGE_EXAMPLES, ...LIMIT_EXAMPLES, ...DIFFERENCE_EXAMPLES];

export function exampleById(id: string): Example | null {
  return EXAMPLES.find((e) => e.id === id) ?? null;
}

/** The examples whose title, text, id, group or file names hold every word of `query`, by group in gallery order. */
export function searchExamples(query: string): { group: ExampleGroup; examples: Example[] }[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const hits = EXAMPLES.filter((e) => {
    const text = [e.id, e.title, e.look, e.group, e.source, ...Object.keys(e.files)].join(' ').toLowerCase();
    return words.every((w) => text.includes(w));
  });
  return EXAMPLE_GROUPS.map((group) => ({ group, examples: hits.filter((e) => e.group === group) })).filter((g) => g.examples.length);
}
