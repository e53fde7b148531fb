// `tributary schedule add FILE (--cron "EXPR" [--tz ZONE] | --every DURATION [--anchor ISO])
//   [--name NAME] [--retries N] [--overlap skip|queue|cancel-running] [--catch-up none|latest|all]
//   [--catch-up-cap N]`; `tributary schedule edit NAME [the same options] [--retries default]
//   [--pause|--resume]` changes one in place (its name and its runs stay);
//   `tributary schedule list [--json]`; `tributary schedule pause|resume|remove NAME`.
// Schedules live in the run store; `tributary scheduler` (or the open studio) fires them.

import { SqliteRunStore } from '../services/runs/sqlite-store.ts';
import { runStoreDir } from '../services/runs/store-home.ts';
import { addSchedule, editSchedule, listSchedules, removeSchedule, setEnabled, type ScheduleEdit, type ScheduleInput, type ScheduleView } from '../services/schedules/schedule-service.ts';

const USAGE = [
  'usage: tributary schedule add FILE (--cron "EXPR" [--tz ZONE] | --every DURATION [--anchor ISO]) [--name NAME]',
  '                          [--retries N] [--overlap skip|queue|cancel-running] [--catch-up none|latest|all] [--catch-up-cap N]',
  '       tributary schedule edit NAME [--cron "EXPR"] [--tz ZONE] [--every DURATION] [--anchor ISO] [--retries N|default]',
  '                          [--overlap ...] [--catch-up ...] [--catch-up-cap N] [--pause|--resume]',
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
      case 'edit': return edit(rest);
      case 'pause': case 'resume': case 'remove': return change(verb, rest);
      default: return usage(verb === undefined ? 'missing what to do (add, edit, list, pause, resume, remove)' : `unknown '${verb}'`);
    }
  } catch (e) {
    console.error(`tributary schedule: ${(e as Error).message}`);
    return 1;
  }
}

/** The options add and edit share, and the one word beside them (FILE or NAME); a string is a usage problem. */
function options(argv: readonly string[], forEdit: boolean): { input: Record<string, string | number | boolean | null>; word?: string } | string {
  const input: Record<string, string | number | boolean | null> = {};
  let word: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const key = VALUE_OPTIONS[a];
    if (forEdit && (a === '--pause' || a === '--resume')) {
      if (input['enabled'] !== undefined) return 'give --pause or --resume, not both';
      input['enabled'] = a === '--resume';
    } else if (forEdit && a === '--name') return "--name: a schedule's name is its id and stays; remove it and add it anew to rename";
    else if (key || a === '--retries' || a === '--catch-up-cap') {
      const v = argv[++i];
      if (v === undefined) return `${a} expects a value`;
      if (key) input[key] = v;
      else if (forEdit && a === '--retries' && v === 'default') input['retries'] = null;
      else {
        const n = Number(v);
        if (!Number.isInteger(n)) return `${a} expects a whole number${forEdit && a === '--retries' ? " (or 'default')" : ''}, got '${v}'`;
        input[a === '--retries' ? 'retries' : 'catchUpCap'] = n;
      }
    } else if (a.startsWith('--')) return `unknown option '${a}'`;
    else if (word === undefined) word = a;
    else return `unexpected '${a}'`;
  }
  return { input, ...(word !== undefined ? { word } : {}) };
}

function edit(argv: readonly string[]): number {
  const parsed = options(argv, true);
  if (typeof parsed === 'string') return usage(parsed);
  if (!parsed.word) return usage('edit expects the schedule NAME');
  if (Object.keys(parsed.input).length === 0) return usage('edit expects what to change: --cron, --tz, --every, --retries, --overlap, --catch-up, --pause...');
  const name = parsed.word;
  return withStore((store) => {
    const v = editSchedule(store, { ...parsed.input, name } as ScheduleEdit, Date.now());
    console.log(`schedule '${v.name}': ${v.description}, runs ${v.pipeline}`);
    console.log(v.enabled ? `next: ${v.nextFireTimes.map(local).join(', ')}` : 'paused');
    return 0;
  });
}

function add(argv: readonly string[]): number {
  const parsed = options(argv, false);
  if (typeof parsed === 'string') return usage(parsed);
  const { input, word: file } = parsed;
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
