// Loads the full page's chunk (full-page.ts) once; App reads it synchronously, as main.ts mounts it after the load.
type FullPage = typeof import('./full-page');

let page: FullPage | null = null;

export const loadFullPage = async (): Promise<FullPage> => (page ??= await import('./full-page'));

export function loadedFullPage(): FullPage {
  if (!page) throw new Error('The full page mounts after loadFullPage() (main.ts).');
  return page;
}
