// One Monaco editor over the project: a model per file (file:///app/api/hello/route.ts, so relative imports
// type-check), edits reported on every change, build messages as markers, types for the runtime, keyboard manners.
import type { BuildMessage, Files, RuntimeName } from '../../../workers/protocol';
import { nextFocusable } from './focus';
import { changedSpan } from './changed-span';
import { buildMarkers } from './markers';
import { EDITOR_THEMES } from './themes';
import type { ColourScheme } from '../theme.svelte';
import { monaco, typescript } from './monaco';
import { extraLibsFor, libFor, type EditorTypeTraits, type ExtraLib } from './types';
import { loadNodeTypes } from './node-types';

type Editor = ReturnType<typeof monaco.editor.create>;
type Model = ReturnType<typeof monaco.editor.createModel>;

export interface SessionOptions {
  /** Where Monaco renders. */
  element: HTMLElement;
  /** Called on every edit with the file's full text. */
  onChange(path: string, source: string): void;
  /** The editor's accessible name for a file. */
  label(path: string): string;
  /** Word wrap at the start; `setWordWrap` changes it. */
  wordWrap: boolean;
  /** The person pressed Alt+Z (VS Code's key for word wrap): the owner flips its setting and calls `setWordWrap`. */
  onToggleWordWrap(): void;
  /** Refuses typing, with Monaco's "Cannot edit in read-only editor" (embed `?readonly`). @default false */
  readOnly?: boolean;
}

const BUILD_OWNER = 'build';
const NO_MARKS = JSON.stringify([[], []]);
/** A moved file keeps this many undo stops at most (replaying each costs an edit of the new model). */
const MAX_CARRIED_UNDO_STOPS = 500;
const MONO = 'ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace';

const uriOf = (path: string) => monaco.Uri.parse('file:///' + path);
/** Monaco's language for a file: TypeScript's service for scripts (and JSON, which it parses by the extension), the
 * highlighters monaco.ts registers for the other runtimes' languages and config files, plain text for the rest. */
const LANGUAGES: [RegExp, string][] = [
  [/\.[cm]?jsx?$/, 'javascript'],
  [/\.([cm]?tsx?|json)$/, 'typescript'],
  [/\.py$/, 'python'],
  [/(\.rb|(^|\/)(Gemfile|config\.ru))$/, 'ruby'],
  [/\.go$/, 'go'],
  [/\.(md|mdx)$/, 'markdown'],
  [/\.ya?ml$/, 'yaml'],
  [/\.(toml|ini|cfg)$/, 'ini'],
];
const languageOf = (path: string) => LANGUAGES.find(([pattern]) => pattern.test(path))?.[1] ?? 'plaintext';

// Shift+Alt+F formats everywhere, as the page says; Monaco binds it on Windows and macOS only (Linux: Ctrl+Shift+I).
monaco.editor.addKeybindingRule({
  keybinding: monaco.KeyMod.Shift | monaco.KeyMod.Alt | monaco.KeyCode.KeyF,
  command: 'editor.action.formatDocument',
  when: 'editorTextFocus && editorHasDocumentFormattingProvider && !editorReadonly',
});

let typesFor: string | null = null;
let wantedTypes: { runtime: RuntimeName; traits: EditorTypeTraits } | null = null;
let nodeTypes: readonly ExtraLib[] | null = null;

/**
 * TypeScript's settings are global to the page: one runtime's types at a time, that of the file being edited. Node's
 * full types come on first use; meanwhile a Node.js file gets loose stand-ins, then the full types when they arrive.
 */
export function useRuntimeTypes(runtime: RuntimeName, traits: EditorTypeTraits): void {
  wantedTypes = { runtime, traits };
  if (runtime === 'nodejs' && !nodeTypes) {
    loadNodeTypes().then(
      (libs) => {
        nodeTypes = libs;
        if (wantedTypes) applyTypes(wantedTypes.runtime, wantedTypes.traits);
      },
      (e: unknown) => console.error('The editor could not load the Node.js types', e),
    );
  }
  applyTypes(runtime, traits);
}

let optionsSet = false;

function applyTypes(runtime: RuntimeName, traits: EditorTypeTraits): void {
  const key = `${runtime} ${traits.requestGeo} ${runtime === 'nodejs' && !!nodeTypes}`;
  if (typesFor === key) return;
  typesFor = key;
  const { typescriptDefaults, javascriptDefaults, ModuleKind, ModuleResolutionKind, ScriptTarget, JsxEmit } = typescript;
  const libs = extraLibsFor(runtime, traits, nodeTypes);
  for (const defaults of [typescriptDefaults, javascriptDefaults]) {
    // Set once: the options are the same for every runtime (see libFor), and a change would restart the worker.
    if (!optionsSet) {
      defaults.setCompilerOptions({
        target: ScriptTarget.ESNext,
        module: ModuleKind.ESNext,
        moduleResolution: ModuleResolutionKind.NodeJs,
        lib: libFor(runtime),
        strict: true,
        noEmit: true,
        allowJs: true,
        esModuleInterop: true,
        allowNonTsExtensions: true,
        allowImportingTsExtensions: true,
        isolatedModules: true,
        skipLibCheck: true,
        jsx: JsxEmit.Preserve,
      });
      // Every model reaches the worker, not only open ones: imports of files not shown yet resolve.
      defaults.setEagerModelSync(true);
    }
    defaults.setExtraLibs(libs);
  }
  optionsSet = true;
}

let themesDefined = false;

/** Monaco's theme is global to the page, like the page's own: one call switches every editor. */
export function useEditorTheme(scheme: ColourScheme): void {
  if (!themesDefined) {
    for (const t of Object.values(EDITOR_THEMES)) monaco.editor.defineTheme(t.name, t.data);
    themesDefined = true;
  }
  monaco.editor.setTheme(EDITOR_THEMES[scheme].name);
}

export class EditorSession {
  readonly #editor: Editor;
  readonly #options: SessionOptions;
  /** The text each model had when we last heard of it, so store updates that came from the editor are not re-applied. */
  readonly #known = new Map<string, string>();
  readonly #views = new Map<string, ReturnType<Editor['saveViewState']>>();
  #path = '';
  #applying = false;
  #pointer = false;
  /**
   * The build messages last marked: a run that ends with the same ones (most end with none) leaves Monaco alone.
   * Forgotten when text or models change under marks, so the next run marks afresh.
   */
  #marked: string | null = null;
  readonly #cleanup: (() => void)[] = [];

  constructor(options: SessionOptions) {
    this.#options = options;
    this.#editor = monaco.editor.create(options.element, {
      model: null,
      automaticLayout: true,
      minimap: { enabled: false },
      fontFamily: MONO,
      fontSize: 13,
      lineHeight: 20,
      tabSize: 2,
      insertSpaces: true,
      // The playground's style is two spaces: Format writes it whatever indentation a file happens to start with.
      detectIndentation: false,
      scrollBeyondLastLine: false,
      padding: { top: 8, bottom: 8 },
      renderLineHighlight: 'line',
      stickyScroll: { enabled: false },
      fixedOverflowWidgets: true,
      // An embed must not swallow the page's scrolling.
      scrollbar: { alwaysConsumeMouseWheel: false },
      accessibilitySupport: 'auto',
      wordWrap: options.wordWrap ? 'on' : 'off',
      readOnly: options.readOnly ?? false,
    });
    this.#editor.addAction({
      id: 'playground.toggleWordWrap',
      label: 'Toggle Word Wrap',
      keybindings: [monaco.KeyMod.Alt | monaco.KeyCode.KeyZ],
      run: () => this.#options.onToggleWordWrap(),
    });
    this.#editor.onDidChangeModelContent(() => {
      const model = this.#editor.getModel();
      if (this.#applying || !model) return;
      const source = model.getValue();
      this.#known.set(this.#path, source);
      // A build message describes the text it was built from; once that text changes the marker would mislead.
      monaco.editor.setModelMarkers(model, BUILD_OWNER, []);
      this.#forgetMarks();
      this.#options.onChange(this.#path, source);
    });
    this.#keyboardManners();
  }

  /**
   * Tab and Escape, the way CodeMirror 6 (the Svelte REPL's editor) handles them for keyboard users: an editor
   * reached with Tab does not capture Tab, so Tab and Shift+Tab keep moving through the page, until the person
   * presses any other key there, which means they are editing; from then on Tab indents. Entering with the mouse
   * means editing at once. Escape (when no widget such as suggestions or find is open, which Escape closes first)
   * leaves the editor: focus moves to the next control, and the next entry starts in "Tab moves focus" again.
   */
  #keyboardManners(): void {
    const el = this.#options.element;
    const tabMovesFocus = (on: boolean) => this.#editor.updateOptions({ tabFocusMode: on });
    const onPointer = () => (this.#pointer = true);
    el.addEventListener('pointerdown', onPointer, true);
    this.#editor.onDidFocusEditorText(() => {
      tabMovesFocus(!this.#pointer);
      this.#pointer = false;
    });
    this.#editor.onKeyDown((e) => {
      const key = e.browserEvent.key;
      if (!['Tab', 'Shift', 'Control', 'Alt', 'Meta', 'Escape', 'CapsLock'].includes(key)) tabMovesFocus(false);
    });
    // Listening on the parent runs after Monaco's own keydown handler, which marks the keys it uses.
    const scope = el.parentElement ?? el;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || e.shiftKey) return;
      if (!this.#editor.hasTextFocus()) return;
      const next = nextFocusable(el);
      if (!next) return;
      e.preventDefault();
      tabMovesFocus(true);
      next.focus();
    };
    scope.addEventListener('keydown', onKey);
    this.#cleanup.push(() => {
      el.removeEventListener('pointerdown', onPointer, true);
      scope.removeEventListener('keydown', onKey);
    });
  }

  /**
   * Brings the models in line with the project: new files get a model, changed text is applied, removed files go.
   * A file that went and one that came with the very same text in one update is a rename or move: its model's undo
   * history, cursor and scroll go with it.
   */
  sync(files: Files): void {
    const gone = [...this.#known.keys()].filter((path) => !(path in files));
    for (const [path, source] of Object.entries(files)) {
      if (this.#known.get(path) === source) continue;
      // Empty files are alike without being the same file: only a text is a fingerprint.
      const from = this.#known.has(path) || !source ? -1 : gone.findIndex((g) => this.#known.get(g) === source);
      this.#known.set(path, source);
      this.#forgetMarks();
      if (from >= 0) {
        this.#move(gone.splice(from, 1)[0], path, source);
        continue;
      }
      const model = monaco.editor.getModel(uriOf(path));
      if (!model) monaco.editor.createModel(source, languageOf(path), uriOf(path));
      else this.#replace(model, model.getValue(), source);
    }
    for (const path of gone) {
      this.#forgetMarks();
      this.#known.delete(path);
      this.#views.delete(path);
      monaco.editor.getModel(uriOf(path))?.dispose();
    }
  }

  /**
   * A model's URI cannot change, so a moved file gets a new model that replays the old one's undo history: one undo
   * stop per stop of the old model (the redo history is not carried). The text always ends as the project's.
   */
  #move(from: string, to: string, source: string): void {
    const old = monaco.editor.getModel(uriOf(from));
    const history = old ? this.#pastTexts(old) : [];
    const model = monaco.editor.createModel(history[0] ?? source, languageOf(to), uriOf(to));
    this.#applying = true;
    try {
      for (const text of [...history.slice(1), source]) {
        model.pushStackElement();
        this.#edit(model, model.getValue(), text);
      }
      model.pushStackElement();
    } finally {
      this.#applying = false;
    }
    this.#known.delete(from);
    const view = from === this.#path ? this.#editor.saveViewState() : this.#views.get(from);
    this.#views.delete(from);
    if (from === this.#path) {
      this.#path = to;
      this.#editor.setModel(model);
      this.#editor.updateOptions({ ariaLabel: this.#options.label(to) });
      if (view) this.#editor.restoreViewState(view);
    } else if (view) this.#views.set(to, view);
    old?.dispose();
  }

  /**
   * The texts a model had at each undo stop, oldest first, ending with its text now: walked by undoing to the start
   * and redoing back, so the model ends as it was. Monaco's models have `undo`/`redo` (what its Undo command calls)
   * without typings for them; where they are missing, only the text now.
   */
  #pastTexts(model: Model): string[] {
    const m = model as Model & Partial<{ undo(): unknown; redo(): unknown; canUndo(): boolean; canRedo(): boolean }>;
    const texts = [model.getValue()];
    if (!m.undo || !m.redo || !m.canUndo) return texts;
    model.pushStackElement();
    this.#applying = true;
    try {
      let steps = 0;
      for (; steps < MAX_CARRIED_UNDO_STOPS && m.canUndo(); steps++) {
        m.undo();
        texts.unshift(model.getValue());
      }
      for (let i = 0; i < steps; i++) m.redo();
    } finally {
      this.#applying = false;
    }
    return texts;
  }

  /**
   * Replaces a model's text as one undoable edit (the project was replaced from outside: embed load, share link).
   * Only the span that differs is edited: Monaco then re-tokenizes and re-renders those lines, not the whole file.
   */
  #replace(model: Model, old: string, source: string): void {
    this.#applying = true;
    try {
      this.#edit(model, old, source);
    } finally {
      this.#applying = false;
    }
  }

  #edit(model: Model, old: string, source: string): void {
    if (old === source) return;
    const { start, oldEnd, newEnd } = changedSpan(old, source);
    const from = model.getPositionAt(start);
    const to = model.getPositionAt(oldEnd);
    const range = { startLineNumber: from.lineNumber, startColumn: from.column, endLineNumber: to.lineNumber, endColumn: to.column };
    model.pushEditOperations([], [{ range, text: source.slice(start, newEnd) }], () => null);
  }

  #forgetMarks(): void {
    if (this.#marked !== NO_MARKS) this.#marked = null;
  }

  /** Shows a file, keeping each file's cursor and scroll. */
  open(path: string): void {
    if (path === this.#path && this.#editor.getModel()) return;
    const model = monaco.editor.getModel(uriOf(path));
    if (!model) return;
    if (this.#path) this.#views.set(this.#path, this.#editor.saveViewState());
    this.#path = path;
    this.#editor.setModel(model);
    this.#editor.updateOptions({ ariaLabel: this.#options.label(path) });
    const view = this.#views.get(path);
    if (view) this.#editor.restoreViewState(view);
  }

  /** The current run's build errors and warnings (and where it threw), as markers on the files they point at. */
  setBuildMessages(errors: readonly BuildMessage[], warnings: readonly BuildMessage[]): void {
    const key = JSON.stringify([errors, warnings]);
    if (key === this.#marked) return;
    this.#marked = key;
    monaco.editor.removeAllMarkers(BUILD_OWNER);
    const lineText = (path: string, line: number) => {
      const model = monaco.editor.getModel(uriOf(path));
      if (!model) return null;
      return model.getLineContent(Math.min(Math.max(line, 1), model.getLineCount()));
    };
    for (const [path, markers] of buildMarkers(errors, warnings, lineText)) {
      const model = monaco.editor.getModel(uriOf(path));
      if (!model) continue;
      monaco.editor.setModelMarkers(
        model,
        BUILD_OWNER,
        markers.map((m) => ({ ...m, severity: m.severity === 'error' ? monaco.MarkerSeverity.Error : monaco.MarkerSeverity.Warning })),
      );
    }
  }

  /** Moves the cursor to a place in a file (from the problems list). */
  reveal(line: number, column: number): void {
    const position = { lineNumber: line, column: column + 1 };
    this.#editor.setPosition(position);
    this.#editor.revealPositionInCenterIfOutsideViewport(position);
    this.#editor.focus();
  }

  focus(): void {
    this.#editor.focus();
  }

  /** Formats the open file with TypeScript's formatter, as Shift+Alt+F does, as one undoable edit. */
  async format(): Promise<void> {
    await this.#editor.getAction('editor.action.formatDocument')?.run();
  }

  setWordWrap(on: boolean): void {
    this.#editor.updateOptions({ wordWrap: on ? 'on' : 'off' });
  }

  dispose(): void {
    for (const fn of this.#cleanup) fn();
    this.#editor.dispose();
    for (const path of this.#known.keys()) monaco.editor.getModel(uriOf(path))?.dispose();
    this.#known.clear();
  }
}

