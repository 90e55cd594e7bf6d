// The view in the URL's query, so a link reproduces it: the Next.js version, the plan, the platform generation and the
// compare mode. Read once on load; written with replaceState on change. Other parameters (?embed, ?nodeHost,
// ?example, ?theme) and the #hash are left as they are.
import { DEFAULT_GENERATION, GENERATIONS, PLANS, type Generation, type Plan } from './limits';
import { profileFor } from './project/profiles';
import type { CompareMode } from './compare.svelte';
import type { Playground } from './playground.svelte';

/** The query parameters this module owns. */
export const VIEW_PARAMS = { next: 'next', plan: 'plan', generation: 'generation', compare: 'compare', versions: 'versions' } as const;

export interface ViewState {
  nextVersion: string | null;
  plan: Plan;
  generation: Generation;
  compare: CompareMode | null;
  versions: [string, string] | null;
}

const isVersion = (v: string) => profileFor(v).ok;

/** The view a query asks for; what it does not say, or says wrongly, is the default. */
export function readView(search: string): ViewState {
  const q = new URLSearchParams(search);
  const next = q.get(VIEW_PARAMS.next);
  const plan = q.get(VIEW_PARAMS.plan) as Plan | null;
  const generation = q.get(VIEW_PARAMS.generation) as Generation | null;
  const compare = q.get(VIEW_PARAMS.compare);
  const versions = q.get(VIEW_PARAMS.versions)?.split(',') ?? [];
  return {
    nextVersion: next && isVersion(next) ? next : null,
    plan: plan && PLANS.includes(plan) ? plan : 'hobby',
    generation: generation && GENERATIONS.includes(generation) ? generation : DEFAULT_GENERATION,
    // `?compare` alone compares runtimes.
    compare: compare === null ? null : compare === 'versions' ? 'versions' : 'runtimes',
    versions: versions.length === 2 && versions.every(isVersion) ? [versions[0], versions[1]] : null,
  };
}

/** `href` with the view's parameters set (defaults left out) and every other part kept. */
export function writeView(href: string, view: ViewState): string {
  const url = new URL(href);
  const set = (name: string, value: string | null) => (value === null ? url.searchParams.delete(name) : url.searchParams.set(name, value));
  set(VIEW_PARAMS.next, view.nextVersion);
  set(VIEW_PARAMS.plan, view.plan === 'hobby' ? null : view.plan);
  set(VIEW_PARAMS.generation, view.generation === DEFAULT_GENERATION ? null : view.generation);
  set(VIEW_PARAMS.compare, view.compare);
  set(VIEW_PARAMS.versions, view.compare === 'versions' && view.versions ? view.versions.join(',') : null);
  return url.href;
}

/** Applies the URL's view to the playground, then keeps the URL in step with it; returns a function that stops. */
export function syncViewUrl(playground: Playground, win: Window = window): () => void {
  const view = readView(win.location.search);
  // What the URL does not name stays as the page opened it (saved work, an example).
  const named = new URLSearchParams(win.location.search);
  if (view.nextVersion !== null) playground.nextVersion = view.nextVersion;
  if (named.has(VIEW_PARAMS.plan)) playground.plan = view.plan;
  if (named.has(VIEW_PARAMS.generation)) playground.generation = view.generation;
  playground.compare.mode = view.compare;
  if (view.versions) playground.compare.versions = view.versions;
  return $effect.root(() => {
    $effect(() => {
      const { compare } = playground;
      const next = writeView(win.location.href, {
        nextVersion: playground.nextVersion,
        plan: playground.plan,
        generation: playground.generation,
        compare: compare.mode,
        versions: [...compare.versions] as [string, string],
      });
      if (next !== win.location.href) win.history.replaceState(win.history.state, '', next);
    });
  });
}
