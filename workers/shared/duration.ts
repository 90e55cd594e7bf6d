// Durations as the playground's messages print them: whole seconds as `10 s`, anything else in milliseconds.

export function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
