// `tributary run FILE [--partitions N] [--json] [--on local|spark [--master URL]]`: runs a pipeline through the runner, so the run
// is recorded in the run store ($TRIBUTARY_HOME/tributary.db, else .tributary/ here) like every
// other, and prints its id. On a terminal a live progress bar per node, then a summary (with the
// fitted models' summaries); piped: plain lines; --json: the RunResult (its runId is the record's).
// A pipeline with settings.retries is tried again after its delays; the last try's result counts.
// Exit code 0 when the run completed, 1 when it failed, 130 when cancelled (Ctrl-C).

import { ProgressView } from './run-progress.ts';
import { withPipelineEngine } from './with-engine.ts';
import { openRunner } from './open-runner.ts';

const USAGE = 'usage: tributary run FILE [--partitions N] [--memory SIZE] [--json] [--no-skew-mitigation] [--on local|spark] [--master URL]';

export async function run(argv: readonly string[]): Promise<number> {
  let file: string | undefined;
  let partitions: number | undefined;
  let json = false;
  let on = 'local';
  let master: string | undefined;
  let skewMitigation = true;
  let memory: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--partitions') partitions = Number(argv[++i]);
    else if (a === '--json') json = true;
    else if (a === '--on') on = argv[++i] ?? '';
    else if (a === '--master') master = argv[++i];
    else if (a === '--no-skew-mitigation') skewMitigation = false;
    else if (a === '--memory') memory = argv[++i] ?? '';
    else if (a.startsWith('--')) return usage(`unknown option '${a}'`);
    else file = a;
  }
  if (!file) return usage('missing FILE');
  if (partitions !== undefined && (!Number.isInteger(partitions) || partitions < 1)) {
    return usage('--partitions expects a whole number from 1, e.g. --partitions 4');
  }
  if (on !== 'local' && on !== 'spark') return usage(`--on expects local or spark, got '${on}'`);
  if (master !== undefined && on !== 'spark') return usage('--master goes with --on spark');
  let memoryBudgetMB: number | undefined;
  try {
    if (memory !== undefined) memoryBudgetMB = (await import('../../engine/exec/memory/budget.ts')).parseMemorySize(memory) / (1024 * 1024);
  } catch (e) {
    return usage((e as Error).message);
  }
  return withPipelineEngine('run', file, async ({ document: asWritten, engine, baseDir, signal, path }) => {
    // --no-skew-mitigation and --memory are this run's settings: recorded with the document as it ran.
    const settings = {
      ...asWritten.settings, ...(skewMitigation ? {} : { skewMitigation: false }), ...(memoryBudgetMB !== undefined ? { memoryBudgetMB } : {}),
    };
    const document = skewMitigation && memoryBudgetMB === undefined ? asWritten : { ...asWritten, settings };
    // A Spark run is recorded like a local one (target 'spark', its application id, Spark's stages
    // and tasks as stages and partitions); its master: --master, else SPARK_MASTER, else local[*].
    if (on === 'spark') {
      const { sparkUnavailable } = await import('../services/spark/spark-errors.ts');
      const missing = sparkUnavailable();
      if (missing) { console.error(`${file}: ${missing}`); return 1; }
    }
    const runner = await openRunner(engine);
    const view = json ? undefined : new ProgressView(process.stdout.isTTY === true, (s) => process.stdout.write(s));
    const stop = runner.listen({ onRunEvent: (e) => view?.onEvent(e) });
    try {
      const { runId, done } = runner.submit({
        document, pipeline: path, baseDir, trigger: 'cli', ...(partitions !== undefined ? { partitions } : {}),
        ...(on === 'spark' ? { target: 'spark' as const, ...(master !== undefined ? { master } : {}) } : {}),
      });
      if (!json) console.log(`run ${runId} (recorded in ${runner.store.location})`);
      const onAbort = (): void => { for (const r of runner.store.activeRuns({ pipeline: path })) runner.cancel(r.id); };
      signal.addEventListener('abort', onAbort);
      const outcome = await done;
      signal.removeEventListener('abort', onAbort);
      const last = runner.store.get(outcome.runId);
      if (!outcome.result) {
        // Refused before it ran, or its last attempt ran in another process (a scheduler's runner).
        if (outcome.state === 'COMPLETED') console.log(`run ${outcome.runId} COMPLETED in another process: tributary history show ${outcome.runId}`);
        else console.error(`${file}: ${last?.error?.message ?? `the run ended ${outcome.state}`}`);
        return outcome.state === 'COMPLETED' ? 0 : outcome.state === 'CANCELLED' ? 130 : 1;
      }
      if (json) console.log(JSON.stringify(outcome.result, null, 2));
      else {
        if (outcome.runId !== runId) console.log(`\nattempt ${last?.attempt} of ${last?.maxAttempts}: run ${outcome.runId}`);
        console.log(`\n${view!.summary(outcome.result)}`);
      }
      return outcome.state === 'COMPLETED' ? 0 : outcome.state === 'CANCELLED' ? 130 : 1;
    } finally {
      stop();
      await runner.close();
      runner.store.close();
    }
  });
}

function usage(problem: string): number {
  console.error(`tributary run: ${problem}\n${USAGE}`);
  return 2;
}
