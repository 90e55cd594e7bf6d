// One module case's response as both sides observe it: the fields the case looks at, headers as sorted `name: value`.
import type { ObservedResponse, WebApiCase } from './cases';

export function observeResponse(r: { status: number; statusText: string; headers: [string, string][]; body: string }, c: WebApiCase): Partial<ObservedResponse> {
  const full: ObservedResponse = {
    status: r.status,
    statusText: r.statusText,
    headers: r.headers.map(([k, v]) => `${k.toLowerCase()}: ${v}`).sort(),
    body: r.body,
  };
  const fields = c.module?.observe ?? (['status', 'statusText', 'headers', 'body'] as const);
  return Object.fromEntries(fields.map((f) => [f, full[f]]));
}
