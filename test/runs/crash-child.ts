// A process that dies mid-run (crash-recovery.test.ts kills it with SIGKILL): it starts a real
// run through the Runner, and once the run is RUNNING leaves behind what a sink caught mid-write
// leaves (the temp file engine/io/write.ts names `.NAME.tmp-PID-*`, and a spill folder), prints
// the run id and blocks its thread, so nothing of the run can finish or clean up.
// usage: node test/runs/crash-child.ts STORE_DIR WORK_DIR

import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Engine } from '../../engine/exec/engine.ts';
import { Runner } from '../../main/services/runs/runner.ts';
import { SqliteRunStore } from '../../main/services/runs/sqlite-store.ts';

const [storeDir, workDir] = process.argv.slice(2) as [string, string];
const store = SqliteRunStore.open(storeDir);
const runner = new Runner({ store, engine: () => new Engine({ threads: 1 }) });
runner.listen({
  onRunEvent(e) {
    if (e.type !== 'run.started') return;
    writeFileSync(path.join(workDir, `.by-country.csv.tmp-${process.pid}-0badf00d`), 'user_id,country\n1,DE\n');
    mkdirSync(path.join(tmpdir(), `tributary-run-${e.runId}-crash`), { recursive: true });
    console.log(`RUNNING ${e.runId}`);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0); // block: the run never ends
  },
});
runner.submit({
  trigger: 'cli', pipeline: path.join(workDir, 'p.json'), baseDir: workDir,
  document: {
    version: 1, name: 'crashing',
    nodes: [
      { id: 'users', kind: 'source.sample', params: { dataset: 'users', rows: 5000 } },
      { id: 'save', kind: 'sink.csv', params: { path: 'by-country.csv' } },
    ],
    edges: [{ from: 'users', to: 'save' }],
  },
});
