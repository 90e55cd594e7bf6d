// The static-hosting header files (public/_headers, vercel.json) made from headers.ts; a unit test keeps the
// committed files equal to these (UPDATE_HEADERS=1 rewrites them).
import { STATIC_RULES } from './headers.ts';

export function headersFile(): string {
  const rules = STATIC_RULES.map(({ path, headers }) => [path, ...Object.entries(headers).map(([k, v]) => `  ${k}: ${v}`)].join('\n'));
  return rules.join('\n') + '\n';
}

export function vercelJson(): string {
  const source = (path: string) => (path.endsWith('/*') ? path.slice(0, -2) + '/(.*)' : path);
  const headers = STATIC_RULES.map(({ path, headers }) => ({
    source: source(path),
    headers: Object.entries(headers).map(([key, value]) => ({ key, value })),
  }));
  return JSON.stringify({ $schema: 'https://openapi.vercel.sh/vercel.json', headers }, null, 2) + '\n';
}
