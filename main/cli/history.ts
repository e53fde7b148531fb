// `tributary history [--pipeline FILE] [--state STATE] [--limit N] [--json]`: recorded runs,
// newest first. `tributary history show RUN_ID [--json]`: one run whole (RUN_ID may be the first
// characters of the id, as `tributary history` prints them). The store is $TRIBUTARY_HOME, else
// .tributary/ in the current folder.

import path from 'node:path';
import { RUN_STATES, RUN_TARGETS, type RunState, type RunTarget } from '../services/runs/run-types.ts';
import { SqliteRunStore } from '../services/runs/sqlite-store.ts';
import { runStoreDir } from '../services/runs/store-home.ts';
import { closest } from '../../engine/document/closest.ts';
import { details, recordJson, summaryJson, table } from './history-format.ts';

const USAGE = 'usage: tributary history [--pipeline FILE] [--state STATE] [--target local|spark] [--limit N] [--json]\n' +
  '       tributary history show RUN_ID [--json]';

export async function run(argv: readonly string[]): Promise<number> {
  if (argv[0] === 'show') return show(argv.slice(1));
  let pipeline: string | undefined;
  let state: RunState | undefined;
  let limit = 20;
  let target: RunTarget | undefined;
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--json') json = true;
    else if (a === '--pipeline') {
      const v = argv[++i];
      if (!v) return usage('--pipeline expects a pipeline file');
      pipeline = path.resolve(v);
    } else if (a === '--state') {
      const v = (argv[++i] ?? '').toUpperCase();
      if (!(RUN_STATES as readonly string[]).includes(v)) {
        const near = closest(v, RUN_STATES);
        return usage(`--state '${argv[i] ?? ''}' is not a run state${near ? `: did you mean ${near}?` : ''} (one of ${RUN_STATES.join(', ')})`);
      }
      state = v as RunState;
    } else if (a === '--target') {
      const v = argv[++i] ?? '';
      if (!(RUN_TARGETS as readonly string[]).includes(v)) return usage(`--target '${v}' is not a run target (one of ${RUN_TARGETS.join(', ')})`);
      target = v as RunTarget;
    } else if (a === '--limit') {
      limit = Number(argv[++i]);
      if (!Number.isInteger(limit) || limit < 1) return usage('--limit expects a whole number from 1, e.g. --limit 50');
    } else return usage(`unknown ${a.startsWith('--') ? 'option' : 'argument'} '${a}'`);
  }
  return withStore((store) => {
    const runs = store.list({ limit, ...(pipeline ? { pipeline } : {}), ...(state ? { state } : {}), ...(target ? { target } : {}) });
    console.log(json ? JSON.stringify(runs.map(summaryJson), null, 2) : table(runs));
    return 0;
  });
}

function show(argv: readonly string[]): Promise<number> {
  const json = argv.includes('--json');
  const rest = argv.filter((a) => a !== '--json');
  if (rest.length !== 1 || rest[0]!.startsWith('--')) return Promise.resolve(usage(rest.length === 0 ? 'missing RUN_ID' : `unexpected '${rest[1] ?? rest[0]}'`));
  const wanted = rest[0]!;
  return withStore((store) => {
    const ids = store.get(wanted) ? [wanted] : store.idsStartingWith(wanted);
    if (ids.length !== 1) {
      console.error(ids.length === 0
        ? `tributary history: no run '${wanted}' in ${store.location}; 'tributary history' lists the runs`
        : `tributary history: '${wanted}' could be any of ${ids.join(', ')}: give more of the id`);
      return 1;
    }
    const record = store.get(ids[0]!)!;
    console.log(json ? JSON.stringify(recordJson(record), null, 2) : details(record));
    return 0;
  });
}

async function withStore(body: (store: SqliteRunStore) => number): Promise<number> {
  let store: SqliteRunStore;
  try {
    store = SqliteRunStore.open(runStoreDir(process.cwd()), { heartbeatTimer: false });
  } catch (e) {
    console.error(`tributary history: ${(e as Error).message}`);
    return 1;
  }
  try {
    return body(store);
  } finally {
    store.close();
  }
}

function usage(problem: string): number {
  console.error(`tributary history: ${problem}\n${USAGE}`);
  return 2;
}
