// What differs from Vercel for each language, said in one short line where the page names the interpreter (beside
// the runtime chip). README "Python, Ruby and Go" says the same at length; keep the two in step.
import type { LanguageName } from '../../../workers/protocol';

export const LANGUAGE_NOTES: Record<LanguageName, string> = {
  python: 'Pyodide (CPython 3.14 in WebAssembly; Vercel runs 3.12 by default): no threads or sockets; only the standard library and shipped packages (Flask)',
  ruby: 'CRuby 3.3 in WebAssembly: no threads, network or gems beyond WEBrick',
  go: 'Interpreted by yaegi (Go 1.19; Vercel compiles 1.13–1.26): only the standard library, no cgo',
};
