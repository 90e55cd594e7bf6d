// What an embed shows before its playground starts: the file that will open, as plain text (and the example's title).
import type { Files } from '../../../workers/protocol';
import { exampleTable } from '../examples/load';
import { DEFAULT_ENTRY, DEFAULT_FILES } from '../project/examples';
import { handlerFiles } from '../project/routes';

export interface EmbedPreview {
  /** The example's title; null for a loaded or the default project. */
  title: string | null;
  path: string;
  source: string;
}

/**
 * `loaded`: the host's held `playground:load` (it wins over `?example=`), `file`: the URL's `file=`. The examples table
 * is loaded for an `?example=` page before it mounts (main.ts).
 */
export function embedPreview(loaded: { files: Files; path?: string } | null, file: string | null, exampleId: string | null): EmbedPreview {
  const example = loaded || exampleId === null ? null : (exampleTable.loaded?.exampleById(exampleId) ?? null);
  const files = loaded?.files ?? example?.files ?? DEFAULT_FILES;
  const open = loaded ? (loaded.path ?? handlerFiles(files)[0] ?? Object.keys(files)[0]) : (example?.open ?? DEFAULT_ENTRY);
  const path = file !== null && Object.hasOwn(files, file) ? file : open;
  return { title: example?.title ?? null, path, source: files[path] ?? '' };
}
