import { describe, expect, it } from 'vitest';
import { embedOptions } from '../../src/lib/share/embed-options';

describe('embed options by URL', () => {
  it('defaults: both panes, editable, the code picks the runtime, no file, no click to load', () => {
    expect(embedOptions('?embed')).toEqual({ view: 'both', readonly: false, runtime: null, file: null, clickToLoad: false, problems: [] });
    expect(embedOptions('')).toEqual(embedOptions('?embed'));
  });

  it('reads each option', () => {
    const o = embedOptions('?embed&view=editor&readonly&runtime=nodejs&file=app/api/hello/route.ts&clickToLoad');
    expect(o).toEqual({ view: 'editor', readonly: true, runtime: 'nodejs', file: 'app/api/hello/route.ts', clickToLoad: true, problems: [] });
    expect(embedOptions('?view=response&runtime=edge').view).toBe('response');
    expect(embedOptions('?view=response&runtime=edge').runtime).toBe('edge');
  });

  it('flags are on by presence, with or without a value, and off only by false or 0', () => {
    expect(embedOptions('?readonly=').readonly).toBe(true);
    expect(embedOptions('?readonly=1').readonly).toBe(true);
    expect(embedOptions('?readonly=true&clickToLoad=yes').clickToLoad).toBe(true);
    expect(embedOptions('?readonly=false').readonly).toBe(false);
    expect(embedOptions('?clickToLoad=0').clickToLoad).toBe(false);
    expect(embedOptions('?clicktoload').clickToLoad).toBe(false); // names are case-sensitive, as embed.js writes them
  });

  it('an unknown runtime is named with the values that work, not silently dropped', () => {
    const o = embedOptions('?embed&runtime=deno');
    expect(o.runtime).toBeNull();
    expect(o.problems).toEqual(['runtime=deno is not a runtime: use runtime=edge or runtime=nodejs. Each run uses the runtime its code declares.']);
    expect(embedOptions('?runtime=').problems[0]).toMatch(/^runtime= is not a runtime/);
    expect(embedOptions('?runtime=auto').problems).toHaveLength(1);
  });

  it('an unknown view is named and both panes show', () => {
    const o = embedOptions('?view=sidebar');
    expect(o.view).toBe('both');
    expect(o.problems).toEqual(['view=sidebar is not a view: use view=editor, view=response or view=both. Showing both.']);
  });

  it('file= is a project path: a leading slash is dropped, an empty value is no file', () => {
    expect(embedOptions('?file=/app/page.ts').file).toBe('app/page.ts');
    expect(embedOptions('?file=app%2Fapi%2Fx%2Froute.ts').file).toBe('app/api/x/route.ts');
    expect(embedOptions('?file=').file).toBeNull();
  });
});
