// Next.js's and Vercel's own words about runtime declarations, by message family (profiles.ts picks the family).
// Quoted from runtime-spec.md §2 (≤14) and runtime-spec-2026.md §1.3 and §7 (15+, Turbopack, Vercel).
import type { Literal } from './segment-config';
import type { MessageFamily } from './profiles';

export type Router = 'app' | 'pages';

export interface Where {
  router: Router;
  /** The route Next names: `/api/x` (the normalised app path, or the pages path). */
  route: string;
  file: string;
  /** The key Next's schema names: `runtime`, or `config.runtime` for a pages `config` export. */
  at: 'runtime' | 'config.runtime';
}

const SEGMENT_DOCS = 'https://nextjs.org/docs/app/api-reference/file-conventions/route-segment-config';
const PAGE_CONFIG_DOCS = 'https://nextjs.org/docs/messages/invalid-page-config';

const choices = (values: readonly string[]) => `Please leave it empty or choose one of: ${values.join(', ')}`;

/** zod's name for a received value's type: `received number`. */
function zodType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function zodPrefix(where: Where): string {
  const docs = where.router === 'app' ? SEGMENT_DOCS : PAGE_CONFIG_DOCS;
  return `Invalid segment configuration options detected for "${where.route}". Read more at ${docs}: `;
}

const zodEnum = (values: readonly string[]) => values.map((v) => `'${v}'`).join(' | ');

/** The build error for a `runtime` value a version does not accept; `accepted` is the profile's list for the router. */
export function invalidRuntimeMessage(family: MessageFamily, value: Literal, accepted: readonly string[], where: Where): string {
  const isString = value.kind === 'string';
  switch (family) {
    case 'next13.0':
      // 13.0 interpolates `config.runtime`, so an `export const runtime` prints "undefined" (runtime-spec.md §2).
      if (!isString) return `The \`runtime\` config must be a string. ${choices(accepted)}`;
      return `Provided runtime "${where.at === 'config.runtime' ? value.value : 'undefined'}" is not supported. ${choices(accepted)}`;
    case 'next13':
      if (!isString) return `The \`runtime\` config must be a string. ${choices(accepted)}`;
      return `Provided runtime "${value.value}" is not supported. ${choices(accepted)}`;
    case 'turbopack':
      // Turbopack checks app files first (its NextRuntime accepts `experimental-edge` as an alias; zod then refuses it).
      if (where.router === 'app' && !isString) return "Next.js can't recognize the exported `runtime` field in route. It needs to be a static string.";
      if (where.router === 'app' && value.kind === 'string' && !['nodejs', 'edge', 'experimental-edge'].includes(value.value))
        return `Next.js can't recognize the exported \`runtime\` field in route. It has an invalid value: unknown variant \`${value.value}\`, expected one of \`nodejs\`, \`edge\`, \`experimental-edge\`.`;
    // falls through: zod's check runs after Turbopack's
    case 'zod':
      if (!isString) return `${zodPrefix(where)}Expected ${zodEnum(accepted)}, received ${zodType(value.value)} at "${where.at}"`;
      return `${zodPrefix(where)}Invalid enum value. Expected ${zodEnum(accepted)}, received '${value.value}' at "${where.at}"`;
  }
}

/** A `runtime` export Next cannot read statically: `export { runtime }` or a non-literal value. */
export function notLiteralMessage(family: MessageFamily, file: string, page: string, reexport: boolean, text: string): string {
  if (family === 'zod' || family === 'turbopack') {
    if (reexport)
      return `Next.js can't recognize the exported \`runtime\` field in "${page}", it may be re-exported from another file. The default config will be used instead.`;
    const id = /^[A-Za-z_$][\w$]*$/.test(text) ? `Unknown identifier "${text}"` : `Unsupported node type at "runtime"`;
    return `Next.js can't recognize the exported \`config\` field in route "${page}":\n${id}.\nRead More - ${PAGE_CONFIG_DOCS}`;
  }
  return `Next.js can't recognize the exported \`runtime\` field in "${file}" as it was not assigned to a string literal.\nThe default runtime will be used instead.`;
}

/** `export const config` in an app/ file (R07): 13.4–14 fail the build, 16's Turbopack warns, 15 (webpack) says nothing. */
export const APP_CONFIG_BUILD_ERROR = (file: string) =>
  `\`export const config\` in ${file} is deprecated. Please change \`runtime\` property to segment export config. See ${SEGMENT_DOCS}`;
export const APP_CONFIG_TURBOPACK_WARNING =
  "Next.js can't recognize the exported `config` field in route. Page config in `config` is deprecated and ignored, use individual exports instead.";

/** R09 (13.1+). */
export const EXPERIMENTAL_EDGE_API_WARNING = (route: string) => `${route} provided runtime 'experimental-edge'. It can be updated to 'edge' instead.`;

/** 16.3+: any route that resolves to edge. */
export const EDGE_DEPRECATED_WARNING =
  'The Edge Runtime is deprecated. You can use the "nodejs" runtime instead. Learn more: https://nextjs.org/docs/messages/edge-runtime-deprecated';

/** Vercel's own check of `config.runtime` in a plain function (`@vercel/node`, runtime-spec-2026.md §2.6). */
export const VERCEL_INVALID_RUNTIME = (file: string, value: unknown) =>
  `${file}: unsupported "runtime" value in \`config\`: ${JSON.stringify(value)} (must be one of: ["edge","experimental-edge","nodejs"]). Learn more: https://vercel.link/creating-edge-functions`;

/** Next's middleware and proxy messages (runtime-spec-2026.md §1.3, §7: Turbopack wording where 16 builds with it). */
export const MIDDLEWARE_NODE_NEEDS_FLAG =
  'nodejs runtime support for middleware requires experimental.nodeMiddleware be enabled in your next.config';
export const NODE_MIDDLEWARE_CANARY_ONLY =
  'The experimental feature "experimental.nodeMiddleware" can only be enabled when using the latest canary version of Next.js.';
export const MIDDLEWARE_DEPRECATED =
  'The "middleware" file convention is deprecated. Please use "proxy" instead. Learn more: https://nextjs.org/docs/messages/middleware-to-proxy';
export const BOTH_MIDDLEWARE_AND_PROXY = (middleware: string, proxy: string) =>
  `Both middleware file "./${middleware}" and proxy file "./${proxy}" are detected. Please use "./${proxy}" only. Learn more: https://nextjs.org/docs/messages/middleware-to-proxy`;
/** 16's default build (Turbopack) for a `proxy.ts` that declares edge; webpack and dev word it as PROXY_SEGMENT_CONFIG. */
export const PROXY_EDGE_TURBOPACK = "Next.js can't recognize the exported `config` field in route. Proxy does not support Edge runtime.";
export const PROXY_SEGMENT_CONFIG = (file: string) =>
  `Route segment config is not allowed in Proxy file at "./${file}". Proxy always runs on Node.js runtime. Learn more: https://nextjs.org/docs/messages/middleware-to-proxy`;
