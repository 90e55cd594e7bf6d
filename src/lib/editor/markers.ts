// Build messages (esbuild: line 1-based, column 0-based) as editor markers (Monaco: both 1-based), grouped by file.
import type { BuildMessage } from '../../../workers/protocol';
import { errorLocation } from '../error-location';

export type Severity = 'error' | 'warning';

export interface Marker {
  severity: Severity;
  message: string;
  startLineNumber: number;
  startColumn: number;
  endLineNumber: number;
  endColumn: number;
}

/** The project path of a build message's file: esbuild may prefix a namespace (`fs:`) or a leading slash. */
export function projectPath(file: string): string {
  return file.replace(/^[a-z-]+:(?!\/\/)/i, '').replace(/^file:\/\//, '').replace(/^\/+/, '');
}

/**
 * Markers per project path. `lineText` gives a line's text so a marker can cover the token at its column (a marker
 * of one character is hard to see); lines past the end are clamped, as a stale message may point past an edit.
 */
export function buildMarkers(
  errors: readonly BuildMessage[],
  warnings: readonly BuildMessage[],
  lineText: (path: string, line: number) => string | null,
): Map<string, Marker[]> {
  const byFile = new Map<string, Marker[]>();
  const add = (m: BuildMessage, severity: Severity) => {
    const path = projectPath(m.file);
    const text = lineText(path, m.line);
    if (text === null) return;
    const start = Math.min(m.column, text.length);
    const token = /^[\w$]+/.exec(text.slice(start))?.[0].length ?? 1;
    const marker: Marker = {
      severity,
      message: m.text,
      startLineNumber: Math.max(1, m.line),
      startColumn: start + 1,
      endLineNumber: Math.max(1, m.line),
      endColumn: Math.min(start + Math.max(token, 1), Math.max(text.length, start + 1)) + 1,
    };
    byFile.set(path, [...(byFile.get(path) ?? []), marker]);
  };
  for (const m of errors) add(m, 'error');
  for (const m of warnings) add(m, 'warning');
  return byFile;
}

/**
 * Where a runtime error happened in the project (the innermost frame in a project file, in any runtime's stack
 * format: src/lib/error-location.ts), as a build-style message (column 0-based).
 */
export function stackLocation(stack: string | undefined, files: Record<string, string>, text: string): BuildMessage | null {
  const where = errorLocation(stack, files);
  return where ? { file: where.file, line: where.line, column: Math.max(0, (where.column ?? 1) - 1), text } : null;
}
