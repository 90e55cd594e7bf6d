// The cases as the files a project holds: one Vercel edge function (or Next.js route) answering every `run` case by
// `?case=`, and one function per `module` case. The reference test evaluates the same texts in @edge-runtime/vm.
import { PRELUDE, WEB_API_CASES, type WebApiCase } from './cases';

export const TABLE_FUNCTION = 'api/web-apis.ts';
export const TABLE_ROUTE = 'app/api/web-apis/route.ts';
export const moduleFunction = (c: WebApiCase) => `api/listeners/${c.id}.ts`;

/** `async (ctx) => …` of one case. */
export const caseFunction = (c: WebApiCase) => `async (ctx) => {\n${c.run}\n}`;

const table = () => {
  const entries = WEB_API_CASES.filter((c) => c.run).map((c) => `  ${JSON.stringify(c.id)}: ${caseFunction(c)},`);
  return `${PRELUDE}\nconst CASES = {\n${entries.join('\n')}\n};
async function answer(request) {
  const url = new URL(request.url);
  const run = CASES[url.searchParams.get('case')];
  try {
    return Response.json({ value: (await run({ server: url.searchParams.get('server') })) ?? null });
  } catch (e) {
    return Response.json({ threw: errorText(e) });
  }
}\n`;
};

/** A plain Vercel edge function: EdgeVM's scope, none of Next's additions. */
export const tableFunctionSource = () => `export const config = { runtime: 'edge' };\n${table()}export default answer;\n`;
/** A Next.js App Router edge route: Next's sandbox around the same cases. */
export const tableRouteSource = () => `export const runtime = 'edge';\n${table()}export const GET = answer;\n`;
export const moduleFunctionSource = (c: WebApiCase) => `export const config = { runtime: 'edge' };\n${c.module!.source}\n`;

/** What a table run answers: the case's value, or what it threw. */
export type TableAnswer = { value: unknown } | { threw: string };
