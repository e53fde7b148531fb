// `tributary scheduler`: the headless scheduler and runner. It fires the store's schedules and
// runs their runs (and any retries due) until Ctrl-C or SIGTERM, then stops cleanly: no new fire,
// the lease given up so the studio can take over at once, running runs cancelled and recorded so.

import { enableCompileCache } from 'node:module';
import { SqliteRunStore } from '../services/runs/sqlite-store.ts';
import { runStoreDir } from '../services/runs/store-home.ts';
import { Runner } from '../services/runs/runner.ts';
import { Scheduler } from '../services/schedules/scheduler.ts';
import { listSchedules } from '../services/schedules/schedule-service.ts';

export async function run(argv: readonly string[]): Promise<number> {
  if (argv.length > 0) {
    console.error(`tributary scheduler: unexpected '${argv[0]}'\nusage: tributary scheduler`);
    return 2;
  }
  enableCompileCache();
  let store: SqliteRunStore;
  try {
    store = SqliteRunStore.open(runStoreDir(process.cwd()));
  } catch (e) {
    console.error(`tributary scheduler: ${(e as Error).message}`);
    return 1;
  }
  const { Engine } = await import('../../engine/exec/engine.ts');
  const engine = new Engine();
  const runner = new Runner({ store, engine: () => engine });
  const stamp = (): string => new Date().toISOString();
  const iso = (ms: number): string => new Date(ms).toISOString();
  runner.listen({
    onHistory: (c) => {
      if (c.state === 'PENDING' || c.state === 'RUNNING') return;
      const r = store.get(c.runId);
      console.log(`${stamp()} run ${c.runId} (${r?.trigger ?? '?'}) ${c.state}${r?.error ? `: ${r.error.message}` : ''}`);
    },
  });
  const scheduler = new Scheduler({
    store,
    onTick: (reports) => {
      const missed = new Map<string, number[]>();
      for (const f of reports) {
        if (f.action === 'inserted') console.log(`${stamp()} ${f.schedule}: fired for ${iso(f.fireAt)} as run ${f.runId}`);
        else if (f.action === 'skipped-overlap') console.log(`${stamp()} ${f.schedule}: skipped ${iso(f.fireAt)} (a run of it is still waiting or going)`);
        else if (f.action === 'dropped-missed') missed.set(f.schedule, [...missed.get(f.schedule) ?? [], f.fireAt]);
      }
      for (const [name, times] of missed) {
        console.log(`${stamp()} ${name}: ${times.length} fire time(s) missed while no scheduler ran (${iso(times[0]!)} to ${iso(times.at(-1)!)}), not run under its catch-up policy`);
      }
    },
  });
  const schedules = listSchedules(store, Date.now(), 1).filter((s) => s.enabled);
  console.log(`tributary scheduler: ${schedules.length} schedule(s) in ${store.location}; Ctrl-C stops`);
  for (const s of schedules) console.log(`  ${s.name}: ${s.description}, next ${new Date(s.nextFireTimes[0]!).toISOString()}`);
  runner.startPolling();
  scheduler.start();
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  console.log(`${stamp()} stopping`);
  scheduler.stop();
  await runner.close();
  await engine.close();
  store.close();
  console.log(`${stamp()} stopped`);
  return 0;
}
