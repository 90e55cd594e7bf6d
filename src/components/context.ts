// The playground store, shared with every component through Svelte context instead of props.
import { getContext, setContext } from 'svelte';
import type { Playground } from '../lib/playground.svelte';

const key = Symbol('playground');

export const setPlayground = (p: Playground) => setContext(key, p);
export const getPlayground = () => getContext<Playground>(key);
