// What out/main/engine.js exports (electron.vite.config.ts bundles it): the Engine as the studio
// and the bundled command line ship it, for scripts and the benchmark to run without stripping
// and loading the engine's TypeScript modules one by one.

export { Engine } from './engine.ts';
export { prestartPool } from './prestart.ts';
