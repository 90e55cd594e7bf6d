// The editor and the file tree as a person uses them, in real Chromium against the production build: completions,
// hover and signature help from Monaco's TypeScript worker, per-runtime types (Node's loaded only for a Node.js
// file), Format, word wrap, and renaming, moving and deleting files without losing a character.
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { EDGE_ROUTE, HELPER, HELPER_FORMATTED, LONG, NODE_ROUTE, PROJECT, VERCEL_FUNCTION } from './fixtures/editor/project';
import { baseUrl, getBrowser } from './harness';

type Replies = { __replies: { type?: string }[] };
let pages: Page[] = [];

afterEach(async () => {
  await Promise.all(pages.map((p) => p.context().close()));
  pages = [];
});

/** Loads the fixture as the page's own project (an unframed page's load comes from its own origin). */
async function load(page: Page): Promise<void> {
  await page.waitForFunction(() => (window as unknown as Replies).__replies.some((m) => m?.type === 'playground:ready'));
  await page.evaluate((files) => window.postMessage({ type: 'playground:load', id: 'project', files }, '*'), PROJECT);
  await page.waitForFunction(() => (window as unknown as Replies).__replies.some((m) => m?.type === 'playground:loaded'));
  await page.locator('.monaco-editor').waitFor({ timeout: 30_000 });
}

/** A fresh page with the fixture loaded; `before` runs on the page's own (edge-only) project first. */
async function open(before?: (page: Page & { requested: string[] }) => Promise<void>): Promise<Page & { errors: string[]; requested: string[] }> {
  const context = await (await getBrowser()).newContext({ viewport: { width: 1400, height: 1000 } });
  const page = (await context.newPage()) as Page & { errors: string[]; requested: string[] };
  pages.push(page);
  page.errors = [];
  page.requested = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  page.on('request', (r) => page.requested.push(r.url()));
  await page.addInitScript(() => {
    (window as unknown as Replies).__replies = [];
    window.addEventListener('message', (e) => (window as unknown as Replies).__replies.push(e.data));
  });
  await page.goto(baseUrl() + '/');
  await before?.(page);
  await load(page);
  return page;
}

const row = (page: Page, path: string) => page.locator(`nav [data-path="${path}"]`);
/** The editor's text as shown, empty lines included (the files here fit on screen). */
const editorText = (page: Page) =>
  page.locator('.monaco-editor .view-lines').evaluate((el) =>
    [...el.querySelectorAll<HTMLElement>('.view-line')]
      .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
      .map((line) => (line.textContent ?? '').replace(/\u00a0/g, ' '))
      .join('\n')
      .trim(),
  );
const suggestions = (page: Page) => page.locator('.suggest-widget.visible .monaco-list-row').allTextContents();
const errorMarks = (page: Page) => page.locator('.monaco-editor .squiggly-error');
const nodeTypesRequested = (page: { requested: string[] }) => page.requested.filter((u) => /editor-node-types/.test(u)).length;

/** Opens a file from the tree and puts the cursor at the end of line `line` of the editor. */
async function openAt(page: Page, path: string, line: number): Promise<void> {
  await row(page, path).click();
  await expect.poll(() => page.locator('.editor-head .file').textContent()).toBe(path);
  await page.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('ControlOrMeta+Home');
  for (let i = 1; i < line; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('End');
}

describe('the editor helps', () => {
  it('completions: `request.` in a route handler lists NextRequest members (headers, nextUrl); Ctrl+Space lists them again', async () => {
    const page = await open();
    await openAt(page, EDGE_ROUTE, 7);
    await page.keyboard.press('Enter');
    await page.keyboard.type('request.');
    await expect.poll(() => suggestions(page), { timeout: 20_000 }).toContain('headers');
    await page.keyboard.type('nextU');
    await expect.poll(() => suggestions(page)).toEqual([expect.stringContaining('nextUrl')]);
    await page.keyboard.press('Escape');
    expect(await page.locator('.suggest-widget.visible').count()).toBe(0);
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Control+Space');
    await expect.poll(() => suggestions(page)).toEqual([expect.stringContaining('nextUrl')]);
    expect(page.errors).toEqual([]);
  });

  it('hover shows a type; signature help shows the parameters of a call', async () => {
    const page = await open();
    await openAt(page, EDGE_ROUTE, 6);
    await page.keyboard.press('Home');
    for (let i = 0; i < 'export function GET(re'.length; i++) await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ControlOrMeta+K');
    await page.keyboard.press('ControlOrMeta+I');
    await expect.poll(() => page.locator('.monaco-hover:not(.hidden)').allTextContents(), { timeout: 20_000 }).toContainEqual(expect.stringContaining('request: NextRequest'));
    await page.keyboard.press('Escape');
    await openAt(page, EDGE_ROUTE, 7);
    await page.keyboard.press('Enter');
    await page.keyboard.type('greet(');
    await expect.poll(() => page.locator('.parameter-hints-widget.visible').textContent(), { timeout: 20_000 }).toContain('name: string');
  });

  it('D09: `import fs from \'fs\'` is marked in an edge file and not in a Node.js file, whose Node types load only then and are real', async () => {
    // The page's own project has edge files only: its editor never asks for Node's types.
    const page = await open(async (p) => {
      await p.locator('.monaco-editor').waitFor({ timeout: 30_000 });
      await p.waitForTimeout(3000);
      expect(nodeTypesRequested(p)).toBe(0);
    });
    await openAt(page, EDGE_ROUTE, 7);
    await page.keyboard.press('ControlOrMeta+Home');
    await page.keyboard.type("import fs from 'fs';\n");
    await expect.poll(() => errorMarks(page).count(), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await page.locator('.editor-head .types').textContent()).toContain('Edge runtime types');

    await openAt(page, NODE_ROUTE, 1);
    await page.keyboard.press('ControlOrMeta+Home');
    await page.keyboard.type("import fs from 'fs';\nexport const size: number = fs.readFileSync(process.cwd() + '/x', 'utf8').length;\n");
    expect(await page.locator('.editor-head .types').textContent()).toContain('Node.js runtime types');
    expect(nodeTypesRequested(page)).toBe(1); // the fixture opens on its Vercel function, a Node.js file
    // Real types, not loose stand-ins: a wrong call is marked, and only that.
    await page.keyboard.type("export const wrong: number = fs.readFileSync('x', 'utf8');\n");
    await expect.poll(() => errorMarks(page).count(), { timeout: 20_000 }).toBe(1);
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ControlOrMeta+Shift+K'); // deletes the line
    await expect.poll(() => errorMarks(page).count(), { timeout: 20_000 }).toBe(0);
  });

  it('Python, Ruby and Go files are highlighted as their language, with no TypeScript checks (no error marks)', async () => {
    const page = await open();
    const files = {
      'api/hello.py': "from http.server import BaseHTTPRequestHandler\n\nclass handler(BaseHTTPRequestHandler):\n    def do_GET(self):\n        self.send_response(200)\n",
      'api/hello.rb': "Handler = Proc.new do |req, res|\n  res.body = 'hi'\nend\n",
      'api/hello.go': 'package handler\n\nimport "net/http"\n\nfunc Handler(w http.ResponseWriter, r *http.Request) {}\n',
      'requirements.txt': 'flask==2.2.2\n',
    };
    await page.evaluate((files) => window.postMessage({ type: 'playground:load', id: 'languages', files }, '*'), files);
    // A keyword of the language that is no TypeScript keyword is a token of its own, coloured unlike the names beside
    // it; under the TypeScript tokenizer it is a name, merged with its neighbours or coloured as they are.
    const classes = (keyword: string, name: string) =>
      page.locator('.monaco-editor .view-lines span span').evaluateAll(
        (spans, [keyword, name]) => ({
          keyword: spans.find((s) => s.textContent?.trim() === keyword)?.className ?? null,
          name: spans.find((s) => s.textContent?.includes(name))?.className ?? null,
        }),
        [keyword, name] as const,
      );
    for (const [path, keyword, name] of [['api/hello.py', 'def', 'do_GET'], ['api/hello.rb', 'end', 'Proc'], ['api/hello.go', 'func', 'Handler']]) {
      await row(page, path).click();
      // Tokens come a moment after the text, and a language's tokenizer loads on first use: until then the lines
      // are plain text, one class throughout. Wait for the keyword to be coloured unlike the name; the TypeScript
      // tokenizer never does that for these words, so this still fails if the language is wrong.
      await expect.poll(async () => {
        const seen = await classes(keyword, name);
        return seen.keyword !== null && seen.name !== null && seen.keyword !== seen.name;
      }, { message: path, timeout: 15_000 }).toBe(true);
    }
    await row(page, 'api/hello.py').click();
    expect(await page.locator('.editor-head .types').textContent()).toContain('Python: highlighting, no type checks');
    await page.waitForTimeout(3000); // the TypeScript worker marks within about a second when it checks a file
    expect(await errorMarks(page).count()).toBe(0);
  });

  it("a Vercel Node.js function gets @vercel/node's VercelResponse: `res.st` completes status", async () => {
    const page = await open();
    await openAt(page, VERCEL_FUNCTION, 4);
    await page.keyboard.press('Enter');
    await page.keyboard.type('res.st');
    await expect.poll(() => suggestions(page), { timeout: 20_000 }).toEqual(expect.arrayContaining([expect.stringMatching(/^status/), expect.stringMatching(/^statusCode/)]));
    await page.keyboard.press('Escape');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    await expect.poll(() => errorMarks(page).count(), { timeout: 20_000 }).toBe(0);
  });

  it('Format (the button, then Shift+Alt+F after an undo) re-indents the file', async () => {
    const page = await open();
    await row(page, HELPER).click();
    await page.locator('.monaco-editor .view-lines').click();
    const before = await editorText(page);
    expect(before).toBe(PROJECT[HELPER].trim());
    await page.getByRole('button', { name: 'Format' }).click();
    await expect.poll(() => editorText(page), { timeout: 20_000 }).toBe(HELPER_FORMATTED);
    await page.keyboard.press('ControlOrMeta+Z');
    await expect.poll(() => editorText(page)).toBe(before);
    await page.keyboard.press('Shift+Alt+F');
    await expect.poll(() => editorText(page), { timeout: 20_000 }).toBe(HELPER_FORMATTED);
  });

  it('word wrap toggles (button and Alt+Z) and is remembered across a reload', async () => {
    const page = await open();
    await row(page, LONG).click();
    const wrap = page.getByRole('button', { name: 'Wrap' });
    const lines = () => page.locator('.monaco-editor .view-line').count();
    expect(await wrap.getAttribute('aria-pressed')).toBe('false');
    expect(await lines()).toBe(2);
    await wrap.click();
    expect(await wrap.getAttribute('aria-pressed')).toBe('true');
    await expect.poll(lines).toBeGreaterThan(3);
    await page.locator('.monaco-editor .view-lines').click();
    await page.keyboard.press('Alt+Z');
    await expect.poll(lines).toBe(2);
    expect(await wrap.getAttribute('aria-pressed')).toBe('false');
    await page.keyboard.press('Alt+Z');
    await expect.poll(lines).toBeGreaterThan(3);

    await page.reload();
    await load(page);
    expect(await page.getByRole('button', { name: 'Wrap' }).getAttribute('aria-pressed')).toBe('true');
    await row(page, LONG).click();
    await expect.poll(lines).toBeGreaterThan(3);
  });
});

describe('files: rename, move, delete', () => {
  it('F2 renames into new folders; the text, and the undo history typed before, go with the file', async () => {
    const page = await open();
    await openAt(page, HELPER, 1);
    await page.keyboard.press('ControlOrMeta+Home');
    await page.keyboard.type('// typed before the rename');
    await page.keyboard.press('Enter');
    const typed = await editorText(page);
    expect(typed.startsWith('// typed before the rename')).toBe(true);

    await row(page, HELPER).focus();
    await page.keyboard.press('F2');
    const field = page.getByRole('textbox', { name: `New path for ${HELPER}` });
    expect(await field.evaluate((el: HTMLInputElement) => el.value.slice(el.selectionStart!, el.selectionEnd!))).toBe('greet');
    await page.keyboard.type('welcome');
    await page.keyboard.press('Enter');
    await row(page, 'lib/welcome.ts').waitFor();
    await row(page, 'lib/welcome.ts').focus();
    await page.keyboard.press('F2');
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('lib/text/hello.ts');
    await page.keyboard.press('Enter');

    await row(page, 'lib/text/hello.ts').waitFor();
    expect(await row(page, HELPER).count()).toBe(0);
    expect(await row(page, 'lib/welcome.ts').count()).toBe(0);
    expect(await page.locator('.editor-head .file').textContent()).toBe('lib/text/hello.ts');
    expect(await page.locator('.monaco-editor [aria-label="Code editor: lib/text/hello.ts"]').count()).toBe(1);
    expect(await editorText(page)).toBe(typed);
    // The edits typed under the old name undo under the new one, back to the file as loaded.
    await page.locator('.monaco-editor .view-lines').click();
    for (let i = 0; i < 12 && (await editorText(page)) !== PROJECT[HELPER].trim(); i++) await page.keyboard.press('ControlOrMeta+Z');
    expect(await editorText(page)).toBe(PROJECT[HELPER].trim());
    expect(page.errors).toEqual([]);
  });

  it('a rename onto an existing file is refused with the reason, and Escape leaves every file as it was', async () => {
    const page = await open();
    await row(page, HELPER).focus();
    await page.keyboard.press('F2');
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type(NODE_ROUTE);
    await page.keyboard.press('Enter');
    expect(await page.locator('nav [role="alert"]').textContent()).toBe(`${NODE_ROUTE} already exists.`);
    await page.keyboard.press('Escape');
    expect(await page.getByRole('textbox', { name: `New path for ${HELPER}` }).count()).toBe(0);
    await row(page, HELPER).click();
    expect(await editorText(page)).toBe(PROJECT[HELPER].trim());
    await row(page, NODE_ROUTE).click();
    expect(await editorText(page)).toBe(PROJECT[NODE_ROUTE].trim());

    await page.getByLabel('Add a file').fill(HELPER);
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    expect(await page.locator('nav [role="alert"]').textContent()).toBe(`${HELPER} already exists.`);
  });

  it('a folder renames as a whole (F2 on it) and a file dragged onto a folder moves there, texts intact', async () => {
    const page = await open();
    await row(page, 'app/api/').focus();
    await page.keyboard.press('F2');
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('src/app/api');
    await page.keyboard.press('Enter');
    for (const path of [EDGE_ROUTE, NODE_ROUTE]) {
      await row(page, 'src/' + path).click();
      await expect.poll(() => page.locator('.editor-head .file').textContent()).toBe('src/' + path);
      expect(await editorText(page)).toBe(PROJECT[path].trim());
    }
    expect(await row(page, EDGE_ROUTE).count()).toBe(0);

    await row(page, HELPER).dragTo(row(page, 'api/'));
    await row(page, 'api/greet.ts').waitFor();
    expect(await row(page, HELPER).count()).toBe(0);
    await row(page, 'api/greet.ts').click();
    expect(await editorText(page)).toBe(PROJECT[HELPER].trim());
  });

  it('Delete removes a file and Undo puts it back with its text; folders fold', async () => {
    const page = await open();
    await row(page, VERCEL_FUNCTION).focus();
    await page.keyboard.press('Delete');
    expect(await row(page, VERCEL_FUNCTION).count()).toBe(0);
    const status = page.getByRole('status').filter({ hasText: 'Deleted' });
    expect(await status.textContent()).toContain(`Deleted ${VERCEL_FUNCTION}.`);
    await status.getByRole('button', { name: 'Undo' }).click();
    await row(page, VERCEL_FUNCTION).click();
    expect(await editorText(page)).toBe(PROJECT[VERCEL_FUNCTION].trim());

    await page.getByRole('button', { name: `Delete ${VERCEL_FUNCTION}` }).click();
    expect(await row(page, VERCEL_FUNCTION).count()).toBe(0);
    expect(await page.locator('.editor-head .file').textContent()).not.toBe(VERCEL_FUNCTION);

    const lib = row(page, 'lib/');
    expect(await lib.getAttribute('aria-expanded')).toBe('true');
    await lib.click();
    expect(await lib.getAttribute('aria-expanded')).toBe('false');
    expect(await row(page, HELPER).count()).toBe(0);
    await lib.press('Enter');
    await row(page, HELPER).waitFor();
  });
});
