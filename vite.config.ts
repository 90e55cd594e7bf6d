import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { virtualModules } from './src/server/virtual-modules.ts';
import { playgroundHeaders } from './src/server/vite-headers.ts';

const port = Number(process.env.PORT ?? 5173);

export default defineConfig({
  plugins: [svelte(), virtualModules(), playgroundHeaders()],
  worker: { format: 'es', plugins: () => [virtualModules()] },
  server: { host: 'localhost', port, strictPort: true },
  preview: { host: 'localhost', port, strictPort: true },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 8000,
    rolldownOptions: { input: { main: 'index.html', sandbox: 'sandbox.html' } },
  },
});
