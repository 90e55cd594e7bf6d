// What the edge build's checks parse with (acorn, acorn-walk, source maps), in one chunk of its own: plugin.ts loads it
// on the first source that passes a guard of scan-guards.ts, not with the compiler worker.
export { declaredNames, findAllowDynamic, findDynamicCode, matchesGlob, parseModule } from './dynamic-code';
export { findFreeName, findNodeApis } from './node-apis';
export { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';
