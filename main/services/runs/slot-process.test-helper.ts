// One runner process over a shared history database, for cross-process.test.ts: the real store,
// runner and engine, started with `node slot-process.test-helper.ts CONFIG_JSON`. It submits its
// runs when it reads "go" on stdin (so both processes are open before either submits) and says
// what happened on stdout: `SUBMITTED id pipeline state` (the state right after the slot claim),
// `RUNNING id`, then `DONE` when every run it submitted has ended.

import path from 'node:path';
import { createInterface } from 'node:readline';
import type { PipelineDocument } from '../../../engine/document/document-types.ts';
import { Engine } from '../../../engine/exec/engine.ts';
import { Runner } from './runner.ts';
import { SqliteRunStore } from './sqlite-store.ts';

interface Config {
  readonly home: string;
  readonly baseDir: string;
  readonly limit: number;
  readonly leaseMs: number;
  readonly heartbeatEveryMs: number;
  readonly runs: readonly { readonly pipeline: string; readonly rows: number }[];
}

const config = JSON.parse(process.argv[2]!) as Config;
const pipeline = (name: string, rows: number): PipelineDocument => ({
  version: 1, name,
  nodes: [
    { id: 'events', kind: 'source.sample', params: { dataset: 'events', rows } },
    { id: 'sorted', kind: 'transform.sort', params: { keys: [{ column: 'amount', descending: true }] } },
    { id: 'save', kind: 'sink.csv', params: { path: `out/${name}.csv` } },
  ],
  edges: [{ from: 'events', to: 'sorted' }, { from: 'sorted', to: 'save' }],
});

const store = SqliteRunStore.open(config.home, { leaseMs: config.leaseMs, heartbeatEveryMs: config.heartbeatEveryMs });
const engine = new Engine({ threads: 1 });
const runner = new Runner({ store, engine: () => engine, maxConcurrentRuns: config.limit, maxRunsPerPipeline: 1, pollEveryMs: 50 });
runner.listen({ onHistory: (c) => { if (c.state === 'RUNNING') console.log(`RUNNING ${c.runId}`); } });
runner.startPolling();

const lines = createInterface({ input: process.stdin });
for await (const line of lines) if (line === 'go') break;
const done: Promise<unknown>[] = [];
for (const r of config.runs) {
  const submitted = runner.submit({ document: pipeline(r.pipeline, r.rows), pipeline: path.join(config.baseDir, `${r.pipeline}.json`), baseDir: config.baseDir, trigger: 'cli' });
  console.log(`SUBMITTED ${submitted.runId} ${r.pipeline} ${store.get(submitted.runId)?.state}`);
  done.push(submitted.done);
}
await Promise.all(done);
console.log('DONE');
await runner.close();
store.close();
await engine.close();
lines.close();
