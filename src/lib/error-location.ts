// Where a runtime error happened in the project: the innermost stack frame in a project file, read from the stack
// each runtime sends. V8 (edge, Node.js) and Go frames end in `file:line:column` (`at GET (app/api/x/route.ts:3:11)`,
// `    at api/boom.go:6:2`), innermost first; Ruby's read `from /var/task/api/x.rb:3:in 'block'`, innermost first;
// Python's traceback reads `File "api/x.py", line 6, in do_GET`, innermost last.

export interface ErrorLocation {
  /** A project path, `api/boom.go`. */
  file: string;
  line: number;
  /** 1-based; null when the runtime names only the line (Python, Ruby). */
  column: number | null;
}

/** The project root of a Vercel function (Python, Ruby), as a stack may print it. */
const TASK_ROOT = /^\/var\/task\//;

/** A stack's file as a project path: a URL scheme (`file://`, a namespace such as `fs:`), the task root, leading slashes off. */
function projectFile(file: string): string {
  return file.replace(/^[a-z-]+:(?!\/\/)/i, '').replace(/^file:\/\//, '').replace(TASK_ROOT, '').replace(/^\/+/, '');
}

const POSITION = /\(?((?:[a-z-]+:\/\/\/?)?[\w@.\-[\]()/]+?):(\d+):(\d+)\)?$/gm;
const RUBY = /^\s*(?:from\s+)?(\S+?\.rb):(\d+):in\b/gm;
const PYTHON = /^\s*File "([^"]+)", line (\d+)/gm;

export function errorLocation(stack: string | undefined, files: Record<string, string>): ErrorLocation | null {
  if (!stack) return null;
  const inProject = (file: string) => projectFile(file) in files;
  const python = [...stack.matchAll(PYTHON)].filter((m) => inProject(m[1]));
  if (python.length) {
    const m = python[python.length - 1];
    return { file: projectFile(m[1]), line: Number(m[2]), column: null };
  }
  const candidates: { index: number; location: ErrorLocation }[] = [];
  for (const m of stack.matchAll(POSITION)) {
    if (inProject(m[1])) candidates.push({ index: m.index, location: { file: projectFile(m[1]), line: Number(m[2]), column: Number(m[3]) } });
  }
  for (const m of stack.matchAll(RUBY)) {
    if (inProject(m[1])) candidates.push({ index: m.index, location: { file: projectFile(m[1]), line: Number(m[2]), column: null } });
  }
  candidates.sort((a, b) => a.index - b.index);
  return candidates[0]?.location ?? null;
}

/** `api/boom.go:6` (the column left out: a person looks for the line). */
export const formatLocation = (l: ErrorLocation) => `${l.file}:${l.line}`;
