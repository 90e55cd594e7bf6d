// Thrown values as text, on every side. The globals are taken at load: in the workers user code runs beside this.
const { Error: ErrorCtor, String: StringCtor, JSON: JSONObject } = globalThis;
const stringify = JSONObject.stringify;

/** An Error's message, or the thrown value as a string. */
export function errorMessage(error: unknown): string {
  return error instanceof ErrorCtor ? error.message : StringCtor(error);
}

/** A thrown value that is not an Error, as Node and the edge runtime print it: a string as itself, else its JSON. Throws for a value that has no text (a throwing `toJSON` and `toString`). */
export function thrownValueText(value: unknown): string {
  return typeof value === 'string' ? value : (stringify(value) ?? StringCtor(value));
}
