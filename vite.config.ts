import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { virtualModules } from './src/server/virtual-modules.ts';
import { playgroundHeaders } from './src/server/vite-headers.ts';
import { nodeBridge } from './src/server/node-bridge.ts';
import { editorNodeTypes } from './src/server/editor-node-types.ts';
import { languageAssets } from './src/server/language-assets.ts';
import { monacoStages } from './src/server/monaco-stages.ts';

const port = Number(process.env.PORT ?? 5173);

export default defineConfig({
  // nodeBridge: /__node on the dev and preview servers (the local Node host); a build has none.
  plugins: [svelte(), virtualModules(), editorNodeTypes(), playgroundHeaders(), languageAssets(), monacoStages(), nodeBridge()],
  worker: { format: 'es', plugins: () => [virtualModules()] },
  server: { host: 'localhost', port, strictPort: true },
  preview: { host: 'localhost', port, strictPort: true },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 8000,
    rolldownOptions: { input: { main: 'index.html', sandbox: 'sandbox.html', languages: 'languages.html' } },
  },
});
