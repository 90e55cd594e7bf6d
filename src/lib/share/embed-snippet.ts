// "Copy embed code": the HTML a tutorial author pastes to embed the project with /embed.js (README "Embedding").
import { DEFAULT_GENERATION } from '../limits';
import type { SharedProject } from './codec';

/**
 * JSON that is safe inside an inline <script>: `<` as \u003c, so a file holding `</script>` or `<!--` cannot end the
 * script early, and the line separators some older parsers reject as \u2028 / \u2029.
 */
function scriptJson(value: unknown, indent: number): string {
  return JSON.stringify(value, null, indent)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** The snippet for `p` on the playground at `origin`; options equal to the defaults are left out. */
export function embedSnippet(p: SharedProject, origin: string): string {
  const options: Record<string, unknown> = { files: p.files, path: p.active };
  if (p.plan !== 'hobby') options.plan = p.plan;
  if (p.generation !== DEFAULT_GENERATION) options.platform = p.generation;
  if (p.nextVersion !== null) options.nextVersion = p.nextVersion;
  const src = new URL('/embed.js', origin).href;
  return [
    '<div id="pg"></div>',
    `<script src="${src.replace(/"/g, '&quot;')}"></script>`,
    `<script>RuntimePlayground.embed('#pg', ${scriptJson(options, 2)})</script>`,
    '',
  ].join('\n');
}
