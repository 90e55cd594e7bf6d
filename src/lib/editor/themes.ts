// The code editor's two themes, beside the page's palette (theme.css): Monaco's own, with the backgrounds of the
// page and the colours Monaco dims too far raised to 4.5:1 (its light theme's dimmed line number is 1.75:1 and
// its second bracket colour 3.92:1). Plain data, so a unit test checks every pair without loading Monaco.
import type { editor } from 'monaco-editor/editor/editor.api';
import type { ColourScheme } from '../theme.svelte';

export interface EditorTheme {
  name: string;
  data: editor.IStandaloneThemeData;
}

export const EDITOR_THEMES: Record<ColourScheme, EditorTheme> = {
  light: {
    name: 'playground-light',
    data: {
      base: 'vs',
      inherit: true,
      rules: [],
      colors: {
        'editor.background': '#ffffff',
        'editorLineNumber.foreground': '#59636e',
        'editorLineNumber.activeForeground': '#1b1f24',
        'editorLineNumber.dimmedForeground': '#69727c',
        'editorBracketHighlight.foreground1': '#0431fa',
        'editorBracketHighlight.foreground2': '#1a7f37',
        'editorBracketHighlight.foreground3': '#7b3814',
        'editorBracketHighlight.unexpectedBracket.foreground': '#c5221f',
      },
    },
  },
  dark: {
    name: 'playground-dark',
    data: {
      base: 'vs-dark',
      inherit: true,
      // Monaco's dark comment green is 4.48:1 here; VS Code's is 5.3:1.
      rules: [{ token: 'comment', foreground: '6a9955' }],
      colors: {
        'editor.background': '#16181c',
        'editorLineNumber.foreground': '#8b949e',
        'editorLineNumber.activeForeground': '#e6e8eb',
        'editorLineNumber.dimmedForeground': '#7d8590',
        'editorBracketHighlight.foreground1': '#ffd700',
        'editorBracketHighlight.foreground2': '#da70d6',
        'editorBracketHighlight.foreground3': '#179fff',
        'editorBracketHighlight.unexpectedBracket.foreground': '#f28b82',
      },
    },
  },
};
