// `tributary run FILE --on spark`: the pipeline exported as PySpark (engine/export/pyspark), run by
// Spark through pyspark (its JVM started with spark-submit from the pyspark install, or from
// SPARK_HOME when set), with Spark's task metrics streamed as the local engine's RunEvents
// (spark-monitor.ts). The master comes from the caller (--master), else SPARK_MASTER, else
// spark-defaults.conf, else local[*]; never from the pipeline file. Cancel kills the application.

import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { PipelineDocument } from '../../../engine/document/document-types.ts';
import type { RunResult } from '../../../engine/exec/engine.ts';
import type { RunEvent, RunStatus } from '../../../engine/exec/events.ts';
import { exportPipeline } from '../../../engine/export/pyspark/export.ts';
import { DRIVER_PY } from './spark-driver.ts';
import { explainSparkError, masterProblem, python, sparkUnavailable } from './spark-errors.ts';
import { SparkMonitor } from './spark-monitor.ts';

export interface SparkRunOptions {
  readonly baseDir: string;
  readonly master?: string;
  readonly signal?: AbortSignal;
  readonly onEvent?: (e: RunEvent) => void;
  /** The run's id in the events (the run history's, when the runner runs it). */
  readonly runId?: string;
  /** How often Spark's REST API is read (default 250 ms). */
  readonly pollMs?: number;
}

export interface SparkRunResult extends RunResult {
  readonly target: 'spark';
  readonly spark: { readonly applicationId?: string; readonly master?: string };
}

/** A free TCP port on loopback for Spark's UI (and its REST API). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

interface DriverEvent { event: 'started' | 'built' | 'failed'; appId?: string; ui?: string; master?: string; error?: string }

export async function runOnSpark(doc: PipelineDocument, opts: SparkRunOptions): Promise<SparkRunResult> {
  const runId = opts.runId ?? randomUUID();
  const started = Date.now();
  const emit = (e: RunEvent): void => opts.onEvent?.(e);
  const master = opts.master ?? process.env['SPARK_MASTER'];
  const finish = (status: RunStatus, extra: Partial<SparkRunResult> = {}, message?: string): SparkRunResult => {
    const durationMs = Date.now() - started;
    const error = message ? { message } : undefined;
    emit({ type: 'run.finished', runId, status, durationMs, nodes: [], ...(error ? { error } : {}) });
    return { runId, status, durationMs, nodes: [], outputs: [], target: 'spark', spark: {}, ...extra, ...(error ? { error } : {}) };
  };
  emit({ type: 'run.started', runId, at: started, stages: [] });
  const unsubmittable = master === undefined ? undefined : masterProblem(master);
  if (unsubmittable) return finish('FAILED', {}, unsubmittable);
  const missing = sparkUnavailable();
  if (missing) return finish('FAILED', {}, missing);

  const dir = mkdtempSync(join(tmpdir(), 'tributary-spark-run-'));
  const script = join(dir, 'pipeline.py');
  writeFileSync(script, exportPipeline(doc));
  writeFileSync(join(dir, 'driver.py'), DRIVER_PY);
  const port = await freePort();
  const child = spawn(python(), [join(dir, 'driver.py'), script, ...(master ? ['--master', master] : [])], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: {
      ...process.env,
      TRIBUTARY_BASE_DIR: opts.baseDir,
      SPARK_LOCAL_IP: process.env['SPARK_LOCAL_IP'] ?? '127.0.0.1',
      PYSPARK_SUBMIT_ARGS: `--conf spark.ui.port=${port} --conf spark.ui.showConsoleProgress=false pyspark-shell`,
    },
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { stderr = (stderr + d.toString()).slice(-50_000); });
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const onAbort = (): void => { child.kill('SIGKILL'); };
  opts.signal?.addEventListener('abort', onAbort, { once: true });

  let app: DriverEvent | undefined;
  let outcome: DriverEvent | undefined;
  let monitor: SparkMonitor | undefined;
  let polling: Promise<void> = Promise.resolve();
  let timer: ReturnType<typeof setInterval> | undefined;
  const poll = (): void => {
    polling = polling.then(() => monitor?.poll()).then(() => undefined, () => undefined);
  };
  try {
    for await (const line of createInterface({ input: child.stdout })) {
      if (!line.startsWith('TRIBUTARY ')) continue;
      const e = JSON.parse(line.slice('TRIBUTARY '.length)) as DriverEvent;
      if (e.event === 'started') {
        app = e;
        monitor = new SparkMonitor(e.ui ?? `http://127.0.0.1:${port}`, e.appId!, runId, emit, doc.settings?.skewFactor);
        timer = setInterval(poll, opts.pollMs ?? 250);
      } else {
        outcome = e;
        break;
      }
    }
    if (timer) clearInterval(timer);
    await polling;
    // The last stages: read until none is active, then let the driver stop Spark.
    if (monitor && outcome) {
      for (let i = 0; i < 40 && await monitor.poll().catch(() => false); i++) await new Promise((r) => setTimeout(r, 100));
    }
    child.stdin.end('\n');
    const code = await exited;
    const spark = { ...(app?.appId ? { applicationId: app.appId } : {}), ...(app?.master ?? master ? { master: app?.master ?? master } : {}) };
    const stages = monitor?.summaries ?? [];
    if (opts.signal?.aborted) return finish('CANCELLED', { spark, stages }, 'cancelled: the Spark application was stopped');
    if (outcome?.event === 'built' && code === 0) return finish('COMPLETED', { spark, stages });
    // When the JVM never started, the driver only knows that; the JVM said why on stderr.
    const cause = outcome?.error && !/JAVA_GATEWAY_EXITED/.test(outcome.error) ? outcome.error : `${outcome?.error ?? ''}\n${stderr}`;
    return finish('FAILED', { spark, stages }, explainSparkError(cause, master ?? 'local[*]', monitor?.failedStage));
  } finally {
    if (timer) clearInterval(timer);
    opts.signal?.removeEventListener('abort', onAbort);
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}
