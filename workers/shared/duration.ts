// Durations as the playground's messages print them: whole seconds as `10 s`, anything else in milliseconds.

export function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

/** FUNCTION_INVOCATION_TIMEOUT's message for a Vercel Function (Node.js harness, language sandbox): before or after the head. */
export function maxDurationMessage(ms: number, streaming: boolean): string {
  return streaming
    ? `The response was still streaming after ${seconds(ms)}, the function's maxDuration, so it was cut.`
    : `The function did not respond within ${seconds(ms)}, its maxDuration.`;
}
