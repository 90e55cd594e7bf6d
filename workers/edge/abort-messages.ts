// AbortSignal reasons in the edge runtime's words (Node's): `This operation was aborted` for an abort without a
// reason, `The operation was aborted due to timeout` for AbortSignal.timeout, where Chromium says `signal is aborted
// without reason` and `signal timed out`. The types stay DOMException AbortError and TimeoutError.
const { DOMException: DOMExceptionCtor, AbortController: AbortControllerCtor, AbortSignal: AbortSignalCtor } = globalThis;
const nativeAbort = AbortControllerCtor.prototype.abort;
const nativeSignalAbort = AbortSignalCtor.abort;
const defineProperty = Object.defineProperty;

const aborted = () => new DOMExceptionCtor('This operation was aborted', 'AbortError');
const timedOut = () => new DOMExceptionCtor('The operation was aborted due to timeout', 'TimeoutError');

/** `new AbortSignal()`: `TypeError: Illegal constructor`, without Chromium's `Failed to construct 'AbortSignal': `. */
function abortSignalClass(): typeof AbortSignal {
  const AbortSignalClass = new Proxy(AbortSignalCtor, {
    construct() {
      throw new TypeError('Illegal constructor');
    },
  });
  defineProperty(AbortSignalCtor.prototype, 'constructor', { value: AbortSignalClass, writable: true, enumerable: false, configurable: true });
  return AbortSignalClass;
}

/** `setTimeout` is the worker's own, held before user code can replace it. */
export function alignAbortReasons(global: Record<string, unknown>, setTimer: (callback: () => void, ms: number) => unknown): void {
  global.AbortSignal = abortSignalClass();
  defineProperty(AbortControllerCtor.prototype, 'abort', {
    value: function abort(this: AbortController, reason?: unknown): void {
      nativeAbort.call(this, reason === undefined ? aborted() : reason);
    },
    writable: true,
    enumerable: true,
    configurable: true,
  });
  defineProperty(AbortSignalCtor, 'abort', {
    value: function abort(reason?: unknown): AbortSignal {
      return nativeSignalAbort.call(AbortSignalCtor, reason === undefined ? aborted() : reason);
    },
    writable: true,
    enumerable: true,
    configurable: true,
  });
  defineProperty(AbortSignalCtor, 'timeout', {
    value: function timeout(ms: number): AbortSignal {
      // WebIDL's [EnforceRange] unsigned long long, as the native one checks it.
      const delay = Number(ms);
      if (!Number.isFinite(delay) || delay < 0 || delay > Number.MAX_SAFE_INTEGER) {
        throw new TypeError(`Value is outside the 'unsigned long long' value range.`);
      }
      const controller = new AbortControllerCtor();
      setTimer(() => nativeAbort.call(controller, timedOut()), Math.trunc(delay));
      return controller.signal;
    },
    writable: true,
    enumerable: true,
    configurable: true,
  });
}
