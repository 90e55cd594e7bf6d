// Code generation is refused as on Vercel (D01, D02, D05, D06). The sandbox's CSP (no 'unsafe-eval', no
// 'wasm-unsafe-eval', inherited by its workers) is what really refuses strings and bytes; these wrappers give the common
// spellings the exact errors V8 throws on the edge, where the CSP would word them as a policy violation. The CSP allows
// blob: scripts (the runtime imports its bundle so), so the createObjectURL guard is a defence of its own.
import { mayHaveObjectUrl, NON_SCRIPT_TYPES_SHOWN } from './object-url-types';

const STRINGS_DISALLOWED = 'Code generation from strings disallowed for this context';

const EvalErrorCtor = EvalError;
const TypeErrorCtor = TypeError;
const defineProperty = Object.defineProperty;
const getPrototypeOf = Object.getPrototypeOf;

function refusingConstructor(name: string, prototype: object): () => never {
  // A plain function, not a method: `new Function(...)` must reach the throw, not fail as "not a constructor".
  const refuse = function (): never {
    throw new EvalErrorCtor(STRINGS_DISALLOWED);
  };
  defineProperty(refuse, 'name', { value: name });
  // `fn instanceof Function` and `fn.constructor === Function` keep working.
  defineProperty(refuse, 'prototype', { value: prototype, writable: false, enumerable: false, configurable: false });
  defineProperty(prototype, 'constructor', { value: refuse, writable: true, enumerable: false, configurable: true });
  return refuse;
}

function guardStringEvaluation(global: Record<string, unknown>): void {
  global.eval = function evaluate(source: unknown): unknown {
    // Like V8: eval of a non-string returns it unchanged and generates no code.
    if (typeof source !== 'string') return source;
    throw new EvalErrorCtor(STRINGS_DISALLOWED);
  };
  global.Function = refusingConstructor('Function', Function.prototype);
  refusingConstructor('AsyncFunction', getPrototypeOf(async function () {}));
  refusingConstructor('GeneratorFunction', getPrototypeOf(function* () {}));
  refusingConstructor('AsyncGeneratorFunction', getPrototypeOf(async function* () {}));
}

/** Node's timers (which EdgeVM uses) take only functions; a string timer would be eval. */
function guardStringTimers(global: Record<string, unknown>): void {
  for (const name of ['setTimeout', 'setInterval'] as const) {
    const native = global[name] as (handler: unknown, ms?: number, ...args: unknown[]) => number;
    global[name] = {
      [name](handler: unknown, ms?: number, ...args: unknown[]): number {
        if (typeof handler !== 'function') {
          const shown = typeof handler === 'string' ? ` ('${handler.slice(0, 25)}')` : '';
          const error = new TypeErrorCtor(`The "callback" argument must be of type function. Received type ${typeof handler}${shown}`);
          defineProperty(error, 'code', { value: 'ERR_INVALID_ARG_TYPE', enumerable: false });
          throw error;
        }
        return native(handler, ms, ...args);
      },
    }[name];
  }
}

/**
 * A blob: URL to a script is a way to run a string as code (`import(url)`), so user code gets URLs only for blobs of
 * the non-script types in object-url-types.ts. The type is read with Blob's own getter, which is also the brand
 * check: an own `type` property or a swapped prototype changes nothing.
 */
function guardScriptBlobs(): void {
  const native = URL.createObjectURL;
  const blobType = Object.getOwnPropertyDescriptor(Blob.prototype, 'type')!.get!;
  const apply = Reflect.apply;
  const stringify = JSON.stringify;
  URL.createObjectURL = function createObjectURL(object: Blob): string {
    let type: string;
    try {
      type = apply(blobType, object, []) as string;
    } catch {
      throw new TypeErrorCtor('URL.createObjectURL takes a Blob or a File.');
    }
    if (!mayHaveObjectUrl(type)) {
      throw new EvalErrorCtor(
        `${STRINGS_DISALLOWED}: URL.createObjectURL refuses a blob of type ${stringify(type)}. A blob: URL can be ` +
          `imported as a script, so URLs are given only for blobs of known non-script types (${NON_SCRIPT_TYPES_SHOWN}).`,
      );
    }
    return apply(native, URL, [object]) as string;
  };
}

function wasmDisallowed(api: string): Error {
  return new WebAssembly.CompileError(`WebAssembly.${api}(): Wasm code generation disallowed by embedder`);
}

/** WebAssembly from bytes is refused with V8's embedder message (D05, D06); instantiating a Module stays allowed (D07). */
function guardWasm(): void {
  const wasm = WebAssembly as unknown as Record<string, unknown>;
  const instantiate = WebAssembly.instantiate;
  const NativeModule = WebAssembly.Module;
  wasm.compile = async function compile(): Promise<never> {
    throw wasmDisallowed('compile');
  };
  wasm.compileStreaming = async function compileStreaming(): Promise<never> {
    throw wasmDisallowed('compileStreaming');
  };
  wasm.instantiateStreaming = async function instantiateStreaming(): Promise<never> {
    throw wasmDisallowed('instantiateStreaming');
  };
  wasm.instantiate = function (source: unknown, imports?: WebAssembly.Imports): Promise<unknown> {
    if (source instanceof NativeModule) return instantiate(source, imports);
    return Promise.reject(wasmDisallowed('instantiate'));
  };
  const Module = function Module(): never {
    throw wasmDisallowed('Module');
  };
  Module.prototype = NativeModule.prototype;
  for (const key of ['exports', 'imports', 'customSections'] as const) (Module as unknown as Record<string, unknown>)[key] = NativeModule[key];
  wasm.Module = Module;
}

export function guardCodeGeneration(global: Record<string, unknown>): void {
  guardStringEvaluation(global);
  guardStringTimers(global);
  guardScriptBlobs();
  guardWasm();
}
