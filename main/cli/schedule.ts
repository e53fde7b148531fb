// `tributary schedule add FILE (--cron "EXPR" [--tz ZONE] | --every DURATION [--anchor ISO])
//   [--name NAME] [--retries N] [--overlap skip|queue|cancel-running] [--catch-up none|latest|all]
//   [--catch-up-cap N]`; `tributary schedule list [--json]`; `tributary schedule pause|resume|remove NAME`.
// Schedules live in the run store; `tributary scheduler` (or the open studio) fires them.

import { SqliteRunStore } from '../services/runs/sqlite-store.ts';
import { runStoreDir } from '../services/runs/store-home.ts';
import { addSchedule, listSchedules, removeSchedule, setEnabled, type ScheduleInput, type ScheduleView } from '../services/schedules/schedule-service.ts';

const USAGE = [
  'usage: tributary schedule add FILE (--cron "EXPR" [--tz ZONE] | --every DURATION [--anchor ISO]) [--name NAME]',
  '                          [--retries N] [--overlap skip|queue|cancel-running] [--catch-up none|latest|all] [--catch-up-cap N]',
  '       tributary schedule list [--json]',
  '       tributary schedule pause|resume|remove NAME',
].join('\n');

const VALUE_OPTIONS: Readonly<Record<string, keyof ScheduleInput>> = {
  '--cron': 'cron', '--tz': 'timezone', '--every': 'every', '--anchor': 'anchor', '--name': 'name',
  '--overlap': 'overlap', '--catch-up': 'catchUp',
};

export async function run(argv: readonly string[]): Promise<number> {
  const [verb, ...rest] = argv;
  try {
    switch (verb) {
      case 'add': return add(rest);
      case 'list': return list(rest);
      case 'pause': case 'resume': case 'remove': return change(verb, rest);
      default: return usage(verb === undefined ? 'missing what to do (add, list, pause, resume, remove)' : `unknown '${verb}'`);
    }
  } catch (e) {
    console.error(`tributary schedule: ${(e as Error).message}`);
    return 1;
  }
}

function add(argv: readonly string[]): number {
  const input: Record<string, string | number> = {};
  let file: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const key = VALUE_OPTIONS[a];
    if (key || a === '--retries' || a === '--catch-up-cap') {
      const v = argv[++i];
      if (v === undefined) return usage(`${a} expects a value`);
      if (key) input[key] = v;
      else {
        const n = Number(v);
        if (!Number.isInteger(n)) return usage(`${a} expects a whole number, got '${v}'`);
        input[a === '--retries' ? 'retries' : 'catchUpCap'] = n;
      }
    } else if (a.startsWith('--')) return usage(`unknown option '${a}'`);
    else if (file === undefined) file = a;
    else return usage(`unexpected '${a}'`);
  }
  if (!file) return usage('missing FILE');
  return withStore((store) => {
    const view = addSchedule(store, { ...input, pipeline: file } as ScheduleInput, process.cwd(), Date.now());
    console.log(`schedule '${view.name}': ${view.description}, runs ${view.pipeline}`);
    console.log(`next: ${view.nextFireTimes.map(local).join(', ')}`);
    return 0;
  });
}

function list(argv: readonly string[]): number {
  const json = argv.includes('--json');
  if (argv.some((a) => a !== '--json')) return usage(`unexpected '${argv.find((a) => a !== '--json')}'`);
  return withStore((store) => {
    const views = listSchedules(store, Date.now(), json ? 5 : 3);
    if (json) console.log(JSON.stringify(views.map(toJson), null, 2));
    else if (views.length === 0) console.log("no schedules yet: 'tributary schedule add FILE --cron \"0 6 * * *\"' adds one");
    else for (const v of views) console.log(line(v));
    return 0;
  });
}

function change(verb: 'pause' | 'resume' | 'remove', argv: readonly string[]): number {
  if (argv.length !== 1) return usage(`${verb} expects one schedule NAME`);
  const name = argv[0]!;
  return withStore((store) => {
    if (verb === 'remove') {
      removeSchedule(store, name);
      console.log(`removed schedule '${name}' (its runs stay in the history)`);
    } else {
      const v = setEnabled(store, name, verb === 'resume', Date.now());
      console.log(`${verb === 'resume' ? 'resumed' : 'paused'} schedule '${name}'${v.enabled ? `; next: ${v.nextFireTimes.slice(0, 1).map(local).join('')}` : ''}`);
    }
    return 0;
  });
}

const local = (ms: number): string => new Date(ms).toISOString().replace('T', ' ').replace(/\.000Z$/, 'Z');

function line(v: ScheduleView): string {
  const last = v.lastRun ? `last ${v.lastRun.state} ${local(v.lastRun.scheduledAt ?? v.lastRun.createdAt)}` : 'never ran';
  const next = v.enabled ? `next ${v.nextFireTimes.map(local).join(', ')}` : 'PAUSED';
  return `${v.name}  ${v.description}  ${v.pipeline}\n  overlap ${v.overlap}, catch-up ${v.catchUp}${v.catchUp === 'all' ? ` (at most ${v.catchUpCap})` : ''}` +
    `${v.retries !== undefined ? `, retries ${v.retries}` : ''}; ${last}; ${next}`;
}

function toJson(v: ScheduleView): Record<string, unknown> {
  return {
    name: v.name, pipeline: v.pipeline, enabled: v.enabled, description: v.description, ...v.timing,
    ...(v.timing.kind === 'every' ? { anchor: new Date(v.timing.anchor).toISOString() } : {}),
    overlap: v.overlap, catchUp: v.catchUp, catchUpCap: v.catchUpCap, retries: v.retries ?? null,
    nextFireTimes: v.nextFireTimes.map((t) => new Date(t).toISOString()),
    lastRun: v.lastRun ? { id: v.lastRun.id, state: v.lastRun.state, scheduledAt: new Date(v.lastRun.scheduledAt ?? v.lastRun.createdAt).toISOString() } : null,
  };
}

function withStore(body: (store: SqliteRunStore) => number): number {
  const store = SqliteRunStore.open(runStoreDir(process.cwd()), { heartbeatTimer: false });
  try {
    return body(store);
  } finally {
    store.close();
  }
}

function usage(problem: string): number {
  console.error(`tributary schedule: ${problem}\n${USAGE}`);
  return 2;
}
