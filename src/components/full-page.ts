// What only the full page uses, in a chunk of its own: its layout, shared links and the run history. main.ts loads
// it before mounting the full page; the embed view never loads it.
export { default as FullLayout } from './FullLayout.svelte';
export { RunHistory } from '../lib/run-history';
export { startSharedLink } from '../lib/share/open-link.svelte';
