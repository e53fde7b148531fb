// The run store under load, and the scheduler's timing:
//   node bench/history-store.ts [--runs 10000] [--drift-seconds 60]
// 1. Inserts N finished runs (each with a 6-node document, 5 stages x 8 partitions of metrics and
//    a state timeline, as a real run stores them) into a fresh store, then times the listings the
//    History panel and `tributary history` make (newest 50; by pipeline; by state; a page deep
//    in) and reports runs listed per second, plus `history show` (get one run whole) per second.
// 2. Runs the real scheduler on the real clock with a 1 s interval schedule for the given seconds
//    and reports how late each fire time was inserted (drift: insert time - fire time).

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SqliteRunStore } from '../main/services/runs/sqlite-store.ts';
import { addSchedule } from '../main/services/schedules/schedule-service.ts';
import { Scheduler } from '../main/services/schedules/scheduler.ts';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const RUNS = arg('--runs', 10_000);
const DRIFT_SECONDS = arg('--drift-seconds', 60);
const dir = mkdtempSync(path.join(os.tmpdir(), 'tributary-bench-history-'));

const document = {
  version: 1 as const, name: 'bench',
  nodes: ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => ({ id, kind: 'transform.filter', params: { condition: 'x > 1' } })),
  edges: [],
};
const stages = Array.from({ length: 5 }, (_, stageId) => ({ stageId, nodeIds: ['a'], partitions: 8, exchange: 'hash(k)' }));
const partitions = stages.flatMap((s) => Array.from({ length: 8 }, (_, partition) => ({
  stageId: s.stageId, partition, rowsIn: 1000, rowsOut: 900, bytes: 72_000, durationMs: 12, spilledBytes: 0,
})));
const spread = { min: 1, median: 2, max: 3 };
const metrics = {
  nodeMetrics: document.nodes.map((n) => ({ nodeId: n.id, rows: 7200, durationMs: 30 })), stages, partitions,
  stageSummaries: stages.map((s) => ({ stageId: s.stageId, rows: spread, durationMs: spread, skewed: false, skewedPartitions: [], slowest: { partition: 0, reason: 'time' } })),
  outputs: [{ nodeId: 'f', path: '/tmp/out.parquet', rows: 7200, bytes: 100_000 }], models: [], durationMs: 450,
};

function timeIt(label: string, calls: number, body: () => number): void {
  let rows = 0;
  const t0 = performance.now();
  for (let i = 0; i < calls; i++) rows += body();
  const s = (performance.now() - t0) / 1000;
  console.log(`  ${label.padEnd(44)} ${(calls / s).toFixed(0).padStart(7)} calls/s  ${(rows / s).toFixed(0).padStart(9)} runs listed/s`);
}

try {
  const store = SqliteRunStore.open(path.join(dir, 'store'), { heartbeatTimer: false });
  const t0 = performance.now();
  const base = Date.UTC(2026, 0, 1);
  for (let i = 0; i < RUNS; i++) {
    const id = `run-${String(i).padStart(6, '0')}`;
    const at = base + i * 60_000;
    store.insertRun({ id, state: 'PENDING', trigger: i % 3 ? 'studio' : 'schedule:nightly', pipeline: `/w/p${i % 20}.json`,
      pipelineName: `p${i % 20}`, contentHash: 'h', document, options: {}, createdAt: at, attempt: 1, firstRunId: id, maxAttempts: 1, baseDir: '/w' });
    store.transition(id, 'RUNNING', at + 10);
    store.transition(id, i % 17 ? 'COMPLETED' : 'FAILED', at + 500, { metrics });
  }
  const insertS = (performance.now() - t0) / 1000;
  console.log(`inserted ${RUNS} runs (3 writes each) in ${insertS.toFixed(1)} s: ${(RUNS / insertS).toFixed(0)} runs/s`);
  console.log(`listing at ${RUNS} runs:`);
  timeIt('newest 50 (History panel, tributary history)', 500, () => store.list({ limit: 50 }).length);
  timeIt('newest 200', 200, () => store.list({ limit: 200 }).length);
  timeIt('one pipeline, newest 50', 500, () => store.list({ pipeline: '/w/p7.json', limit: 50 }).length);
  timeIt('state FAILED, newest 50', 500, () => store.list({ state: 'FAILED', limit: 50 }).length);
  timeIt('a page 5000 runs deep', 500, () => store.list({ limit: 50, before: { createdAt: base + 5000 * 60_000, id: 'run-005000' } }).length);
  timeIt('one run whole (history show)', 1000, () => (store.get(`run-${String(Math.floor(Math.random() * RUNS)).padStart(6, '0')}`) ? 1 : 0));
  store.close();

  if (DRIFT_SECONDS > 0) {
    const pipeline = path.join(dir, 'p.json');
    writeFileSync(pipeline, JSON.stringify(document));
    const drift = SqliteRunStore.open(path.join(dir, 'drift'), { heartbeatTimer: false });
    addSchedule(drift, { pipeline, every: '1s', name: 'tick', overlap: 'queue', catchUp: 'none' }, dir, Date.now());
    const lateness: number[] = [];
    const scheduler = new Scheduler({ store: drift, onTick: (reports) => {
      const now = Date.now();
      for (const r of reports) if (r.action === 'inserted') lateness.push(now - r.fireAt);
    } });
    console.log(`scheduler drift: a 1 s interval for ${DRIFT_SECONDS} s on the real clock...`);
    scheduler.start();
    await new Promise((r) => setTimeout(r, DRIFT_SECONDS * 1000 + 500));
    scheduler.stop();
    drift.close();
    lateness.sort((a, b) => a - b);
    const mean = lateness.reduce((a, b) => a + b, 0) / lateness.length;
    console.log(`  ${lateness.length} fires (expected ${DRIFT_SECONDS}): lateness mean ${mean.toFixed(1)} ms, ` +
      `median ${lateness[lateness.length >> 1]} ms, max ${lateness.at(-1)} ms, min ${lateness[0]} ms`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
