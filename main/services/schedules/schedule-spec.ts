// Reading what a person types for a schedule: a cron expression (croner: 5 fields, or 6 with
// seconds first) in an IANA time zone, or an interval such as "30s", "15m", "1h30m", "1d". Bad
// input names the field, its position and the allowed values; an unknown zone gets the closest.
// Fire times come from croner, so daylight-saving transitions behave as croner documents them
// (a time in the spring gap fires once at the first valid time after it, a repeated autumn hour once).

import { Cron } from 'croner';
import { closest } from '../../../engine/document/closest.ts';
import type { ScheduleTiming } from './schedule-types.ts';

export class ScheduleInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScheduleInputError';
  }
}

const FIVE = [
  ['minute', '0-59'], ['hour', '0-23'], ['day of month', '1-31'], ['month', '1-12 or JAN-DEC'], ['day of week', '0-7 or SUN-SAT (0 and 7 are Sunday)'],
] as const;
const SIX = [['second', '0-59'], ...FIVE] as const;

/** Throws ScheduleInputError naming the field (number, name, character position) at fault. */
export function checkCron(expression: string): void {
  const text = expression.trim();
  const fields = text.split(/\s+/);
  if (text === '' || (fields.length !== 5 && fields.length !== 6)) {
    throw new ScheduleInputError(`invalid cron expression '${expression}': expected 5 fields (minute hour day-of-month month ` +
      `day-of-week, e.g. "0 6 * * MON-FRI") or 6 with seconds first; got ${text === '' ? 'none' : fields.length}`);
  }
  try {
    new Cron(text, { paused: true });
    return;
  } catch (whole) {
    const names = fields.length === 6 ? SIX : FIVE;
    for (let i = 0; i < fields.length; i++) {
      const probe = fields.map((f, j) => (j === i ? f : '*')).join(' ');
      try {
        new Cron(probe, { paused: true });
      } catch {
        const column = columnOf(text, i) + 1;
        const [name, range] = names[i]!;
        throw new ScheduleInputError(`invalid cron expression '${expression}': field ${i + 1} (${name}, at character ${column}) ` +
          `is '${fields[i]}'; the ${name} field takes ${range}, with * , - and /`);
      }
    }
    throw new ScheduleInputError(`invalid cron expression '${expression}': ${(whole as Error).message.replace(/^CronPattern: /, '')}`);
  }
}

function columnOf(text: string, field: number): number {
  const re = /\S+/g;
  let m: RegExpExecArray | null;
  for (let i = 0; (m = re.exec(text)); i++) if (i === field) return m.index;
  return 0;
}

let zones: readonly string[] | undefined;
/** The zone, checked; throws with the closest known zone when it is not one. */
export function checkTimeZone(zone: string): string {
  zones ??= [...Intl.supportedValuesOf('timeZone'), 'UTC', 'Etc/UTC'];
  if (zones.includes(zone)) return zone;
  const lower = zone.toLowerCase();
  const caseOnly = zones.find((z) => z.toLowerCase() === lower);
  const near = caseOnly ?? closest(zone, zones) ?? closest(zone, zones.map((z) => z.split('/').at(-1)!));
  const full = near && !near.includes('/') ? zones.find((z) => z.endsWith(`/${near}`)) ?? near : near;
  throw new ScheduleInputError(`unknown time zone '${zone}'${full ? `: did you mean '${full}'?` : ''} ` +
    '(an IANA name such as Europe/Berlin or America/New_York)');
}

export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "90s", "15m", "1h30m", "2d" -> milliseconds (at least one second). */
export function parseDuration(text: string): number {
  const parts = [...text.trim().matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)];
  const consumed = parts.map((p) => p[0]).join('');
  if (parts.length === 0 || consumed !== text.trim()) {
    throw new ScheduleInputError(`invalid interval '${text}': write a number with a unit, such as 30s, 15m, 1h30m or 1d`);
  }
  const ms = parts.reduce((sum, p) => sum + Number(p[1]) * UNIT_MS[p[2]!]!, 0);
  if (ms < 1000) throw new ScheduleInputError(`interval '${text}' is under a second: the scheduler fires at most once a second`);
  return ms;
}

/** Fire times strictly after `after`, at most `count`. */
export function nextFireTimes(timing: ScheduleTiming, after: number, count: number): number[] {
  if (timing.kind === 'every') {
    const k = Math.floor((after - timing.anchor) / timing.everyMs) + 1;
    return Array.from({ length: count }, (_, i) => timing.anchor + (k + i) * timing.everyMs);
  }
  const cron = new Cron(timing.cron, { timezone: timing.timezone, paused: true });
  return cron.nextRuns(count, new Date(after)).map((d) => d.getTime());
}

/** Fire times in (from, to], oldest first; when there are more than `max`, the newest `max`
 *  (and `dropped` says how many older ones there were). */
export function fireTimesBetween(timing: ScheduleTiming, from: number, to: number, max: number): { times: number[]; dropped: number } {
  if (timing.kind === 'every') {
    const first = Math.floor((from - timing.anchor) / timing.everyMs) + 1;
    const last = Math.floor((to - timing.anchor) / timing.everyMs);
    const total = Math.max(0, last - first + 1);
    const start = Math.max(first, last - max + 1);
    const times: number[] = [];
    for (let k = start; k <= last; k++) times.push(timing.anchor + k * timing.everyMs);
    return { times, dropped: total - times.length };
  }
  const cron = new Cron(timing.cron, { timezone: timing.timezone, paused: true });
  const times: number[] = [];
  let dropped = 0;
  for (let at = new Date(from); ;) {
    const next = cron.nextRun(at);
    if (!next || next.getTime() > to) break;
    times.push(next.getTime());
    if (times.length > max) { times.shift(); dropped++; }
    at = next;
  }
  return { times, dropped };
}
