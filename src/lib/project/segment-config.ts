// Reads the statically declared runtime of a file: `export const runtime = …` and `export const config = { runtime }`.
// Next.js reads these from the AST without running the file; a literal is all it accepts, and so do we.

export type Literal = { kind: 'string'; value: string } | { kind: 'other'; text: string; value: unknown };

export interface Declared {
  value: Literal;
  line: number; // 1-based
}

export interface SegmentConfig {
  /** `export const runtime = <literal>` */
  runtime?: Declared;
  /** `export { runtime }` (`reexport`) or a non-literal value (`text`): Next warns and uses the default. */
  runtimeNotLiteral?: { line: number; reexport: boolean; text: string };
  /** `export const config = { … }` was found (app/ deprecates it). */
  config?: { line: number; runtime?: Declared };
}

/** Blanks comments (keeping newlines and string contents) so the patterns below only see code. */
export function stripComments(src: string): string {
  let out = '';
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    const next = src[i + 1];
    if (c === '"' || c === "'" || c === '`') {
      const start = i;
      for (i++; i < src.length && src[i] !== c; i++) if (src[i] === '\\') i++;
      out += src.slice(start, i + 1);
    } else if (c === '/' && next === '/') {
      while (i < src.length && src[i] !== '\n') (out += ' '), i++;
      out += src[i] ?? '';
    } else if (c === '/' && next === '*') {
      const end = src.indexOf('*/', i + 2);
      const stop = end === -1 ? src.length : end + 2;
      out += src.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop - 1;
    } else out += c;
  }
  return out;
}

function lineAt(src: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (src.charCodeAt(i) === 10) line++;
  return line;
}

/** A value expression as written: a string literal, or anything else (kept as text, with its value when simple). */
export function parseLiteral(text: string): Literal | null {
  const t = text.trim().replace(/\s+as\s+const$/, '');
  const str = /^(['"])((?:\\.|(?!\1).)*)\1$/.exec(t) ?? /^`([^`$]*)`$/.exec(t);
  if (str) return { kind: 'string', value: str[2] ?? str[1] };
  if (/^-?\d+(\.\d+)?$/.test(t)) return { kind: 'other', text: t, value: Number(t) };
  if (t === 'true' || t === 'false') return { kind: 'other', text: t, value: t === 'true' };
  if (t === 'null') return { kind: 'other', text: t, value: null };
  return null;
}

/** The text of the balanced `{ … }` that starts at `open`. */
function objectAt(src: string, open: number): string {
  let depth = 0;
  for (let i = open; i < src.length; i++) {
    if (src[i] === '{') depth++;
    else if (src[i] === '}' && --depth === 0) return src.slice(open, i + 1);
  }
  return src.slice(open);
}

export function readSegmentConfig(source: string): SegmentConfig {
  const src = stripComments(source);
  const result: SegmentConfig = {};

  const rt = /\bexport\s+(?:const|let|var)\s+runtime\s*(?::\s*[^=]+?)?=\s*([^;\n]+)/.exec(src);
  if (rt) {
    const value = parseLiteral(rt[1]);
    const line = lineAt(src, rt.index);
    if (value) result.runtime = { value, line };
    else result.runtimeNotLiteral = { line, reexport: false, text: rt[1].trim() };
  } else {
    const reexport = /\bexport\s*\{[^}]*\bruntime\b[^}]*\}/.exec(src);
    if (reexport) result.runtimeNotLiteral = { line: lineAt(src, reexport.index), reexport: true, text: reexport[0] };
  }

  const cfg = /\bexport\s+(?:const|let|var)\s+config\s*(?::\s*[^=]+?)?=\s*\{/.exec(src);
  if (cfg) {
    const open = cfg.index + cfg[0].length - 1;
    const body = objectAt(src, open);
    result.config = { line: lineAt(src, cfg.index) };
    const inner = /(?:^\{|,)\s*(?:runtime|'runtime'|"runtime")\s*:\s*([^,}\n]+)/.exec(body);
    if (inner) {
      const value = parseLiteral(inner[1]) ?? { kind: 'other' as const, text: inner[1].trim(), value: undefined };
      result.config.runtime = { value, line: lineAt(src, open + inner.index + inner[0].indexOf('runtime')) };
    }
  }
  return result;
}
