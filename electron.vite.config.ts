// Builds the three parts of the desktop app into out/: the main process (main/electron/main.ts,
// with the services and the engine bundled in), the preload (CommonJS: a sandboxed preload
// cannot be an ES module) and the renderer (React, from renderer/index.html). Browser mode
// serves the same out/renderer.

import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

const root = import.meta.dirname;

export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      rolldownOptions: {
        // index.js is package.json "main"; the engine's worker file must be emitted beside it.
        input: {
          index: resolve(root, 'main/electron/main.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      rolldownOptions: {
        input: { preload: resolve(root, 'main/electron/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    plugins: [react()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      rolldownOptions: {
        input: { index: resolve(root, 'renderer/index.html') },
      },
    },
  },
});
