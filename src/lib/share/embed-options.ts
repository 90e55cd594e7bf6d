// The embed view's options from its URL (`?embed&view=editor&readonly&runtime=nodejs&file=…&clickToLoad`): defaults,
// and a plain sentence for each value the page cannot use, instead of a silent default.
import type { RuntimeName } from '../../../workers/protocol';

export const EMBED_VIEWS = ['both', 'editor', 'response'] as const;
export type EmbedView = (typeof EMBED_VIEWS)[number];
export const EMBED_RUNTIMES: readonly RuntimeName[] = ['edge', 'nodejs'];

/** The URL parameters this module reads (`theme` and `example` are read where they apply). */
export const EMBED_PARAMS = { view: 'view', readonly: 'readonly', runtime: 'runtime', file: 'file', clickToLoad: 'clickToLoad' } as const;

export interface EmbedOptions {
  /** Which panes show: the editor, the request and response (the code still builds and runs), or both. @default 'both' */
  view: EmbedView;
  /** The editor refuses typing; files are neither renamed nor deleted; nothing is saved. @default false */
  readonly: boolean;
  /** Every run uses this runtime, whatever the code declares; null: the code decides. @default null */
  runtime: RuntimeName | null;
  /** The file opened first, after a load or an example; one the project lacks is ignored with a console warning. @default null */
  file: string | null;
  /** A light placeholder and a "Load playground" button; nothing heavy loads before the click. @default false */
  clickToLoad: boolean;
  /** What the URL asked for that the page cannot do, one sentence each, shown in the embed. */
  problems: string[];
}

/** A flag is on by its presence (`&readonly`); `=false` or `=0` turns it off. */
function flag(q: URLSearchParams, name: string): boolean {
  const value = q.get(name);
  return value !== null && value !== 'false' && value !== '0';
}

export function embedOptions(search: string): EmbedOptions {
  const q = new URLSearchParams(search);
  const problems: string[] = [];
  const view = q.get(EMBED_PARAMS.view);
  const runtime = q.get(EMBED_PARAMS.runtime);
  const file = q.get(EMBED_PARAMS.file);
  const knownView = view === null || (EMBED_VIEWS as readonly string[]).includes(view);
  if (!knownView) problems.push(`view=${view} is not a view: use view=editor, view=response or view=both. Showing both.`);
  const knownRuntime = runtime === null || (EMBED_RUNTIMES as readonly string[]).includes(runtime);
  if (!knownRuntime)
    problems.push(`runtime=${runtime} is not a runtime: use runtime=edge or runtime=nodejs. Each run uses the runtime its code declares.`);
  return {
    view: view !== null && knownView ? (view as EmbedView) : 'both',
    readonly: flag(q, EMBED_PARAMS.readonly),
    runtime: runtime !== null && knownRuntime ? (runtime as RuntimeName) : null,
    file: file ? file.replace(/^\/+/, '') : null,
    clickToLoad: flag(q, EMBED_PARAMS.clickToLoad),
    problems,
  };
}
