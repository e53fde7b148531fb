// Builds the three parts of the desktop app into out/: the main process (main/electron/main.ts,
// with the services and the engine bundled in), the preload (CommonJS: a sandboxed preload
// cannot be an ES module) and the renderer (React, from renderer/index.html). Browser mode
// serves the same out/renderer.

import { posix, resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';

const root = import.meta.dirname;
const POOL_FILE = resolve(root, 'engine/exec/pool.ts');
const WORKER_ENTRY = resolve(root, 'engine/exec/worker-entry.ts');
const WORKER_URL = /new URL\((['"])\.\/worker-entry\.ts\1, import\.meta\.url\)/;

/** The engine's worker pool loads its worker file by URL (`./worker-entry.ts` beside pool.ts),
 *  which a bundle would not contain: emit the worker as its own entry and point the URL at the
 *  emitted file, wherever the pool's chunk lands. Fails the build if the pool stops matching. */
function engineWorker(): Plugin {
  const placeholder = '__TRIBUTARY_ENGINE_WORKER_URL__';
  const workerFile = 'worker-entry.js';
  return {
    name: 'tributary-engine-worker',
    transform(code, id) {
      if (id !== POOL_FILE) return null;
      if (!WORKER_URL.test(code)) {
        this.error(`${POOL_FILE} no longer loads its worker as new URL('./worker-entry.ts', import.meta.url): update engineWorker()`);
      }
      this.emitFile({ type: 'chunk', id: WORKER_ENTRY, fileName: workerFile });
      return code.replace(WORKER_URL, `new URL('${placeholder}', import.meta.url)`);
    },
    renderChunk(code, chunk) {
      if (!code.includes(placeholder)) return null;
      // Relative to the chunk the pool ended up in.
      const rel = posix.relative(posix.dirname(chunk.fileName), workerFile);
      return code.replaceAll(placeholder, rel.startsWith('.') ? rel : `./${rel}`);
    },
  };
}

export default defineConfig({
  main: {
    plugins: [engineWorker()],
    build: {
      outDir: resolve(root, 'out/main'),
      // Pure-JS dependencies with many module files are bundled too (loading apache-arrow's
      // ~200 ES modules one by one is most of a short run); packages that carry wasm or native
      // code stay external.
      externalizeDeps: { exclude: ['apache-arrow', 'zod', 'flatbuffers', 'tslib'] },
      rolldownOptions: {
        // index.js is package.json "main"; the engine's worker is emitted by engineWorker().
        // cli.js is the same command line as main/cli.ts, bundled: a fresh process starts in about
        // a third of the time, since Node then neither resolves ~150 modules nor strips their types.
        input: {
          index: resolve(root, 'main/electron/main.ts'),
          cli: resolve(root, 'main/cli.ts'),
          // The engine alone (Engine, prestartPool), as shipped: `npm run bench` measures this.
          engine: resolve(root, 'engine/exec/bundle-entry.ts'),
          // The `tributary` library (package.json "exports"): pipelines written in TypeScript.
          lib: resolve(root, 'lib/index.ts'),
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
      // Minified: the page parses less on every start (electron-vite leaves it off by default).
      minify: true,
      rolldownOptions: {
        input: { index: resolve(root, 'renderer/index.html') },
      },
    },
  },
});
