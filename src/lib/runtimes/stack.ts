// Maps `blob:` frame positions in an edge error's stack back to the user's files, through the bundle's inline source map.
import { TraceMap, originalPositionFor } from '@jridgewell/trace-mapping';
import { base64ToBytes } from '../../../workers/shared/base64';

const MAP_COMMENT = '//# sourceMappingURL=data:application/json';
const INLINE_MAP = /^(?:;charset=[\w-]+)?;base64,([A-Za-z0-9+/=]+)\s*$/;
/** `blob:null/uuid:12:5` (V8: 1-based line and column), with or without the parentheses of a named frame. */
const BLOB_FRAME = /blob:[^\s()]+?:(\d+):(\d+)/g;

const decodeBase64 = (text: string) => new TextDecoder().decode(base64ToBytes(text));

/** The source map an esbuild bundle carries inline, or null. */
export function inlineSourceMap(code: string): TraceMap | null {
  const at = code.lastIndexOf(MAP_COMMENT);
  const match = at < 0 ? null : INLINE_MAP.exec(code.slice(at + MAP_COMMENT.length));
  if (!match) return null;
  try {
    return new TraceMap(decodeBase64(match[1]));
  } catch {
    return null;
  }
}

export class StackMapper {
  #map: TraceMap | null;

  constructor(code: string) {
    this.#map = inlineSourceMap(code);
  }

  /** Rewrites every blob: position that maps to a source; others are left as they are. */
  map(text: string): string {
    const map = this.#map;
    if (!map || !text.includes('blob:')) return text;
    return text.replace(BLOB_FRAME, (frame, line: string, column: string) => {
      const original = originalPositionFor(map, { line: Number(line), column: Number(column) - 1 });
      if (original.source === null || original.line === null) return frame;
      return `${original.source.replace(/^(\.\.\/)+/, '')}:${original.line}:${original.column + 1}`;
    });
  }
}

/** A few recent bundles' mappers, so a stream of error logs does not parse the same map again. */
const cache = new Map<string, StackMapper>();

export function mapStack(text: string, code: string): string {
  if (!text.includes('blob:')) return text;
  let mapper = cache.get(code);
  if (!mapper) {
    mapper = new StackMapper(code);
    cache.set(code, mapper);
    if (cache.size > 4) cache.delete(cache.keys().next().value!);
  }
  return mapper.map(text);
}
