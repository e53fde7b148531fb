// The CLI's runner over the run store of the folder it runs in (or $TRIBUTARY_HOME): retries
// and the scheduler's runs are picked up while it polls.

import type { Engine } from '../../engine/exec/engine.ts';
import { Runner } from '../services/runs/runner.ts';
import { SqliteRunStore } from '../services/runs/sqlite-store.ts';
import { runStoreDir } from '../services/runs/store-home.ts';

export async function openRunner(engine: Engine, options: { pickUp?: 'all' | 'own' } = {}): Promise<Runner> {
  const store = SqliteRunStore.open(runStoreDir(process.cwd()));
  const runner = new Runner({ store, engine: () => engine, pickUp: options.pickUp ?? 'own' });
  runner.startPolling();
  return runner;
}
