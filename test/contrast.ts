// WCAG 2 contrast between two colours (`#rgb`, `#rrggbb`, `#rrggbbaa` over the background, or `rgb()`/`rgba()`).

type Rgb = [number, number, number];

function parse(colour: string): { rgb: Rgb; alpha: number } {
  const c = colour.trim().toLowerCase();
  const fn = /^rgba?\(([^)]+)\)$/.exec(c);
  if (fn) {
    const parts = fn[1].split(/[\s,/]+/).filter(Boolean).map(Number);
    return { rgb: [parts[0], parts[1], parts[2]], alpha: parts[3] ?? 1 };
  }
  let hex = c.replace(/^#/, '');
  if (hex.length === 3 || hex.length === 4) hex = [...hex].map((d) => d + d).join('');
  if (!/^[0-9a-f]{6}([0-9a-f]{2})?$/.test(hex)) throw new Error(`Not a colour: ${colour}`);
  const n = (i: number) => parseInt(hex.slice(i, i + 2), 16);
  return { rgb: [n(0), n(2), n(4)], alpha: hex.length === 8 ? n(6) / 255 : 1 };
}

const channel = (v: number) => {
  const s = v / 255;
  return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
};
const luminance = ([r, g, b]: Rgb) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);

/** The contrast ratio of `fg` drawn on the opaque `bg` (a translucent `fg` is blended over `bg` first). */
export function contrastRatio(fg: string, bg: string): number {
  const back = parse(bg).rgb;
  const { rgb, alpha } = parse(fg);
  const front = rgb.map((v, i) => v * alpha + back[i] * (1 - alpha)) as Rgb;
  const [a, b] = [luminance(front), luminance(back)].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
}
