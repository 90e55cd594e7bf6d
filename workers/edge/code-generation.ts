// Code generation is refused as on Vercel (D01, D02, D05, D06). The sandbox's CSP (no 'unsafe-eval', no
// 'wasm-unsafe-eval', inherited by its blob: workers) is what really refuses it; these wrappers only give the common
// spellings the exact errors V8 throws on the edge, where the CSP would word them as a policy violation.

const STRINGS_DISALLOWED = 'Code generation from strings disallowed for this context';
const JS_MIME = /^\s*(application|text)\/(x-)?(java|ecma|j|live)script\b|^\s*text\/(jscript|livescript)\b/i;

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

/** A blob: URL to a script is a way to run a string as code, so only non-script blobs get URLs. */
function guardScriptBlobs(): void {
  const native = URL.createObjectURL;
  URL.createObjectURL = function createObjectURL(object: Blob | MediaSource): string {
    if (object instanceof Blob && JS_MIME.test(object.type)) throw new EvalErrorCtor(STRINGS_DISALLOWED);
    return native.call(URL, object);
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
