// The examples table is a chunk of its own: the page loads it before it mounts only for `?example=`, and the menu
// loads it when it opens, so a reader of the starter project or of an embedded handler never downloads it.
type Table = typeof import('./index');

let table: Table | null = null;
let loading: Promise<Table> | null = null;

export function loadExamples(): Promise<Table> {
  return (loading ??= import('./index').then((t) => (table = t)));
}

/** The table once `loadExamples` has resolved; null before. */
export const loadedExamples = (): Table | null => table;
