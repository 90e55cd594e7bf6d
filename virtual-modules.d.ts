declare module 'virtual:edge-polyfills' {
  /** A loader of the CommonJS source of each polyfilled Node built-in, by module name. */
  const sources: Record<'buffer' | 'events' | 'util' | 'assert', () => Promise<string>>;
  export default sources;
}
declare module 'virtual:node-builtins' {
  /** Export names of each Node built-in module (without `node:`). */
  const names: Record<string, string[]>;
  export default names;
}
declare module 'virtual:edge-worker-source' {
  /** The edge worker runtime as one classic script. */
  const source: string;
  export default source;
}
declare module 'virtual:node-harness-source' {
  /** The Node harness (workers/node-harness, built by buildHarness()) as the text of one ESM file. */
  const source: string;
  export default source;
}
declare module 'virtual:node-build-runner-source' {
  /** The vercel-build runner (workers/node-harness/build-runner.ts, built by buildBuildRunner()) as one ESM file's text. */
  const source: string;
  export default source;
}
declare module 'virtual:editor-node-types' {
  /** The editor's Node.js types (trimmed @types/node, src/server/editor-node-types.ts) as Monaco extra libs. */
  const libs: { filePath: string; content: string }[];
  export default libs;
}
declare module 'virtual:language-worker/*' {
  /** A language's worker (workers/<lang>/worker.ts) as one classic script, for a data: worker in languages.html. */
  const source: string;
  export default source;
}
declare module 'virtual:monaco-stages' {
  /** Monaco's modules in evaluation order, one import per stage (src/server/monaco-stages.ts); empty in dev. */
  const stages: (() => Promise<unknown>)[];
  export default stages;
}
