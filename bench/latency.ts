// The 10k-row pipeline's latency: a fresh `node main/cli.ts run FILE --json` process (and the bundled out/main/cli.js)
// per repetition (spawn to exit, measured by the parent), and warm: repeated runs inside one
// Engine whose worker pool stays up between runs, as in the studio.

import { createEngine, loadPipeline, runDocument } from './engines/tributary.ts';
import { median } from './results.ts';

export const LATENCY_PIPELINE = 'small-10k.json';

/** Runs the pipeline once to warm up, then `reps` timed runs; figures in milliseconds. */
export async function measureWarm(pipelineName: string, reps: number): Promise<Record<string, number>> {
  const file = pipelineName.endsWith('.json') ? pipelineName : `${pipelineName}.json`;
  const doc = loadPipeline(file);
  const engine = await createEngine();
  try {
    const coldStarted = performance.now();
    await runDocument(engine, doc);
    const firstMs = performance.now() - coldStarted;
    const times: number[] = [];
    for (let i = 0; i < reps; i++) {
      const started = performance.now();
      await runDocument(engine, doc);
      times.push(performance.now() - started);
    }
    return { firstMs, medianMs: median(times) ?? NaN, minMs: Math.min(...times), maxMs: Math.max(...times), reps };
  } finally {
    await engine.close();
  }
}
