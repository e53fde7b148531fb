// The pool's worker file. It turns on Node's on-disk compile cache before loading the worker
// (and through it the kernels and readers), so that a fresh worker thread does not strip and
// compile every TypeScript module again: this halves a cold worker's start-up CPU time.

import { enableCompileCache } from 'node:module';

enableCompileCache();
const worker = import('./worker.ts');

export default async function runTask(task: unknown): Promise<unknown> {
  return (await worker).default(task as Parameters<Awaited<typeof worker>['default']>[0]);
}
