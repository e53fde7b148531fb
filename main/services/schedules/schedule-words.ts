// A schedule in words for the Schedules panel and `tributary schedule list`: "every weekday at
// 06:00, Europe/Berlin", "every 15 minutes". Common cron shapes only; others read "cron '...'".

import type { ScheduleTiming } from './schedule-types.ts';

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const DAY_NAMES: Readonly<Record<string, number>> = { SUN: 0, MON: 1, TUE: 2, WED: 3, THU: 4, FRI: 5, SAT: 6 };
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export function describeTiming(timing: ScheduleTiming): string {
  if (timing.kind === 'every') return `every ${durationWords(timing.everyMs)}`;
  return `${cronWords(timing.cron)}, ${timing.timezone}`;
}

export function durationWords(ms: number): string {
  const units: [number, string][] = [[86_400_000, 'day'], [3_600_000, 'hour'], [60_000, 'minute'], [1000, 'second']];
  const parts: string[] = [];
  let rest = ms;
  for (const [size, name] of units) {
    const n = Math.floor(rest / size);
    if (n > 0) { parts.push(n === 1 && parts.length === 0 && rest === size ? name : `${n} ${name}${n > 1 ? 's' : ''}`); rest -= n * size; }
  }
  return parts.join(' ') || `${ms} ms`;
}

function cronWords(cron: string): string {
  const f = cron.trim().split(/\s+/);
  if (f.length !== 5) return `cron '${cron}'`;
  const [min, hour, dom, month, dow] = f as [string, string, string, string, string];
  const step = /^\*\/(\d+)$/;
  if (step.test(min) && hour === '*' && dom === '*' && month === '*' && dow === '*') return `every ${step.exec(min)![1]} minutes`;
  if (min === '*' && hour === '*' && dom === '*' && month === '*' && dow === '*') return 'every minute';
  if (/^\d+$/.test(min) && hour === '*' && dom === '*' && month === '*' && dow === '*') return `every hour at minute ${min}`;
  if (!/^\d+$/.test(min) || !/^\d+(,\d+)*$/.test(hour)) return `cron '${cron}'`;
  const at = `at ${hour.split(',').map((h) => `${h.padStart(2, '0')}:${min.padStart(2, '0')}`).join(' and ')}`;
  const days = dayWords(dow);
  if (days === undefined) return `cron '${cron}'`;
  if (dom === '*' && month === '*') return `${days} ${at}`;
  if (/^\d+$/.test(dom) && dow === '*') {
    const where = month === '*' ? 'every month' : /^\d+$/.test(month) ? `every ${MONTHS[Number(month) - 1] ?? month}` : undefined;
    if (where) return `on day ${dom} of ${where} ${at}`;
  }
  return `cron '${cron}'`;
}

function dayWords(dow: string): string | undefined {
  const d = dow.toUpperCase();
  if (d === '*') return 'every day';
  if (d === '1-5' || d === 'MON-FRI') return 'every weekday';
  if (d === '0,6' || d === '6,0' || d === 'SAT,SUN' || d === 'SUN,SAT') return 'every weekend day';
  const list = d.split(',').map((x) => (x in DAY_NAMES ? DAY_NAMES[x]! : /^\d$/.test(x) ? Number(x) : -1));
  if (list.some((x) => x < 0 || x > 7)) return undefined;
  return `every ${list.map((x) => DAYS[x]).join(' and ')}`;
}
