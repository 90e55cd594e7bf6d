// The code editor's two themes, beside the page's palette (theme.css): Monaco's own, on the page's backgrounds,
// with every colour Monaco draws below 4.5:1 raised to it (its light theme's dimmed line number is 1.75:1, its
// second bracket colour 3.92:1; its dark comments and regular expressions about 4.5 here). Plain data, so a unit
// test checks each colour, Monaco's inherited token rules included, without loading the editor.
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
      rules: [
        { token: 'annotation', foreground: '6e6e6e' },
        { token: 'metatag.html', foreground: '6e6e6e' },
        { token: 'metatag.xml', foreground: '6e6e6e' },
        { token: 'metatag.content.html', foreground: 'd60000' },
        { token: 'attribute.name', foreground: 'd60000' },
        { token: 'string.sql', foreground: 'd60000' },
        { token: 'operator.sql', foreground: '5c6b7a' },
      ],
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
      rules: [
        { token: 'comment', foreground: '6a9955' },
        { token: 'regexp', foreground: 'd16969' },
        { token: 'variable.predefined', foreground: '6b8fd6' },
        { token: 'tag.id.pug', foreground: '6b8fd6' },
        { token: 'tag.class.pug', foreground: '6b8fd6' },
        { token: 'string.sql', foreground: 'ff5a5a' },
      ],
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
