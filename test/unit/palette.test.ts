// The page's palette and the code editor's themes read at WCAG AA: every text colour 4.5:1 on every background it
// is drawn on, in light and in dark.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EDITOR_THEMES } from '../../src/lib/editor/themes';
import { contrastRatio } from '../contrast';

/** `--name: light-dark(#light, #dark)` from theme.css, by scheme. */
function palette(): Record<'light' | 'dark', Record<string, string>> {
  const css = readFileSync(new URL('../../src/styles/theme.css', import.meta.url), 'utf8');
  const out = { light: {} as Record<string, string>, dark: {} as Record<string, string> };
  for (const [, name, light, dark] of css.matchAll(/--([\w-]+):\s*light-dark\(\s*(#[0-9a-f]+)\s*,\s*(#[0-9a-f]+)\s*\)/gi)) {
    out.light[name] = light;
    out.dark[name] = dark;
  }
  return out;
}

const PAGE_TEXT = ['fg', 'fg-muted', 'accent', 'ok', 'redirect', 'client', 'server'];
const PAGE_BACKGROUNDS = ['bg', 'bg-soft', 'bg-sunk', 'bg-selected'];
/** Text drawn on its own tinted background (notes, the error box, the primary button, hovered or not). */
const PAIRS: [text: string, background: string][] = [
  ['warn-fg', 'warn-bg'],
  ['error-fg', 'error-bg'],
  ['server', 'error-bg'],
  ['accent-fg', 'accent'],
  ['accent-fg', 'accent-hover'],
];

describe('the palette (theme.css)', () => {
  const schemes = palette();

  it('defines every colour for both schemes', () => {
    for (const name of [...PAGE_TEXT, ...PAGE_BACKGROUNDS, ...PAIRS.flat(), 'focus', 'border']) {
      expect(schemes.light[name], name).toMatch(/^#/);
      expect(schemes.dark[name], name).toMatch(/^#/);
    }
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`${scheme}: text colours are 4.5:1 on each page background, and on their own tints`, () => {
      const colours = schemes[scheme];
      const low: string[] = [];
      const check = (text: string, background: string) => {
        const ratio = contrastRatio(colours[text], colours[background]);
        if (ratio < 4.5) low.push(`${text} on ${background}: ${ratio.toFixed(2)}`);
      };
      for (const text of PAGE_TEXT) for (const background of PAGE_BACKGROUNDS) check(text, background);
      for (const [text, background] of PAIRS) check(text, background);
      expect(low).toEqual([]);
    });

    it(`${scheme}: the focus ring is 3:1 on each page background`, () => {
      const colours = schemes[scheme];
      for (const background of PAGE_BACKGROUNDS) expect(contrastRatio(colours.focus, colours[background])).toBeGreaterThanOrEqual(3);
    });
  }
});

type ThemeRules = { rules: { token: string; foreground?: string }[] };

/** Monaco's built-in theme data (a module with no types of its own; plain data with colour-registry imports). */
async function monacoThemes(): Promise<Record<string, ThemeRules>> {
  const specifier = 'monaco-editor/editor/standalone/common/themes';
  const { vs, vs_dark } = (await import(/* @vite-ignore */ specifier)) as { vs: ThemeRules; vs_dark: ThemeRules };
  return { vs, 'vs-dark': vs_dark };
}

describe('the code editor themes', () => {
  for (const [scheme, { name, data }] of Object.entries(EDITOR_THEMES)) {
    it(`${scheme} (${name}): line numbers, dimmed and current, and bracket colours are 4.5:1 on the editor`, () => {
      const colors = data.colors;
      const background = colors['editor.background'];
      const keys = Object.keys(colors).filter((k) => /^editorLineNumber\.|^editorBracketHighlight\./.test(k));
      expect(keys).toEqual(
        expect.arrayContaining(['editorLineNumber.foreground', 'editorLineNumber.dimmedForeground', 'editorBracketHighlight.foreground2']),
      );
      for (const key of keys) expect(contrastRatio(colors[key], background), key).toBeGreaterThanOrEqual(4.5);
    });

    it(`${scheme} (${name}): every token colour, Monaco's inherited rules with ours over them, is 4.5:1 on the editor`, async () => {
      const base = (await monacoThemes())[data.base];
      const effective = new Map(base.rules.map((r) => [r.token, r.foreground]));
      for (const r of data.rules) effective.set(r.token, r.foreground);
      const background = data.colors['editor.background'];
      const low = [...effective]
        .filter(([, fg]) => fg && contrastRatio(`#${fg}`, background) < 4.5)
        .map(([token, fg]) => `${token} #${fg}: ${contrastRatio(`#${fg}`, background).toFixed(2)}`);
      expect(base.rules.length).toBeGreaterThan(20);
      expect(low).toEqual([]);
    });
  }

  it('each matches the page background of its scheme', () => {
    const schemes = palette();
    expect(EDITOR_THEMES.light.data.colors['editor.background']).toBe(schemes.light.bg);
    expect(EDITOR_THEMES.dark.data.colors['editor.background']).toBe(schemes.dark.bg);
  });
});

describe('contrastRatio', () => {
  it('is 21 for black on white and 1 for a colour on itself; translucent text is blended first', () => {
    expect(contrastRatio('#000', '#fff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#0a5cc2', '#0a5cc2')).toBe(1);
    // Monaco's light theme, as axe measured it: the dimmed line number 1.75:1, the second bracket colour 3.92:1.
    expect(contrastRatio('#a7c9d3', '#fffffe')).toBeCloseTo(1.75, 1);
    expect(contrastRatio('#319331', '#fffffe')).toBeCloseTo(3.92, 1);
    expect(contrastRatio('rgba(0, 0, 0, 0.5)', 'rgb(255, 255, 255)')).toBeCloseTo(contrastRatio('#808080', '#fff'), 1);
  });
});
