// "Copy embed code": the snippet loads /embed.js from the playground's origin and passes the project exactly, even
// when a file holds `</script>` or `<!--`, which would end or change an inline script written naively.
import { describe, expect, it } from 'vitest';
import type { SharedProject } from '../../src/lib/share/codec';
import { embedSnippet } from '../../src/lib/share/embed-snippet';

const project: SharedProject = {
  files: {
    'app/api/x/route.ts': "const s = '</script><script>alert(1)</script>'; // <!-- --> \u2028\u2029 😀\n",
    'lib/a.ts': 'export {}',
  },
  active: 'app/api/x/route.ts',
  request: { method: 'GET', url: '/api/x', headers: [], cookies: [], bodyType: 'none', body: '' },
  nextVersion: null,
  plan: 'hobby',
  generation: 'fluid',
};

/** What the inline script passes to RuntimePlayground.embed, run as a browser would run it. */
function embedCall(snippet: string): { target: string; options: Record<string, unknown> } {
  const scripts = [...snippet.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
  expect(scripts).toHaveLength(1); // the HTML parser ends a script at the first </script>: only one, so none inside
  let call: { target: string; options: Record<string, unknown> } | undefined;
  new Function('RuntimePlayground', scripts[0])({ embed: (target: string, options: Record<string, unknown>) => (call = { target, options }) });
  return call!;
}

describe('embed snippet', () => {
  it('loads embed.js from the origin and passes files and path exactly, a </script> in a file included', () => {
    const snippet = embedSnippet(project, 'https://play.example');
    expect(snippet.startsWith('<div id="pg"></div>\n<script src="https://play.example/embed.js"></script>\n')).toBe(true);
    expect(snippet).not.toContain('<!--');
    const { target, options } = embedCall(snippet);
    expect(target).toBe('#pg');
    expect(options).toStrictEqual({ files: project.files, path: project.active });
  });

  it('names the plan, platform and Next.js version only when they are not the defaults', () => {
    const { options } = embedCall(embedSnippet({ ...project, plan: 'pro', generation: 'legacy', nextVersion: '15.5' }, 'https://play.example'));
    expect(options).toMatchObject({ plan: 'pro', platform: 'legacy', nextVersion: '15.5' });
  });
});
