// The examples table is a chunk of its own: the page loads it before it mounts only for `?example=`, the full page's
// menu in idle time or when it opens, so a reader of the starter project or of an embedded handler never downloads it.
import { lazyModule } from '../lazy-module';

export const exampleTable = lazyModule(() => import('./index'));
