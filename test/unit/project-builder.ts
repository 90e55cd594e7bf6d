// The compiler's ProjectBuilder on esbuild-wasm, for unit tests: esbuild starts once per test file, a builder is made
// before the tests of the calling suite and disposed after them.
import * as esbuild from 'esbuild-wasm';
import polyfills from 'virtual:edge-polyfills';
import builtins from 'virtual:node-builtins';
import { afterAll, beforeAll } from 'vitest';
import { ProjectBuilder } from '../../workers/compiler/builder';

let started: Promise<void> | null = null;

/** Registers the builder's set-up and tear-down in the calling suite; `build` reaches the builder of that suite. */
export function useProjectBuilder(): Pick<ProjectBuilder, 'build'> {
  let builder: ProjectBuilder | null = null;
  beforeAll(async () => {
    await (started ??= esbuild.initialize({}));
    builder = new ProjectBuilder(esbuild, { polyfills, builtins });
  }, 60_000);
  afterAll(() => builder?.dispose());
  return { build: (...args) => builder!.build(...args) };
}
