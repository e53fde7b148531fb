// What a person types for a schedule: cron checked field by field, time zones with the closest
// suggestion, intervals, fire times (with DST as croner does it) and the words for a timing.

import { describe, expect, it } from 'vitest';
import { checkCron, checkTimeZone, fireTimesBetween, nextFireTimes, parseDuration } from './schedule-spec.ts';
import { describeTiming } from './schedule-words.ts';

const iso = (ms: number[]): string[] => ms.map((t) => new Date(t).toISOString());

describe('schedule input', () => {
  it('names the cron field, its position and its allowed values', () => {
    expect(() => checkCron('0 25 * * *')).toThrow("invalid cron expression '0 25 * * *': field 2 (hour, at character 3) is '25'; the hour field takes 0-23");
    expect(() => checkCron('0 6 * * MON-FRY')).toThrow(/field 5 \(day of week, at character 9\) is 'MON-FRY'; the day of week field takes 0-7 or SUN-SAT/);
    expect(() => checkCron('*/5 * * 13 *')).toThrow(/field 4 \(month, at character 9\) is '13'/);
    expect(() => checkCron('0 6 *')).toThrow(/expected 5 fields .* got 3/);
    expect(() => checkCron('0 0 6 * * MON-FRI')).not.toThrow(); // six fields: seconds first
  });

  it('suggests the closest time zone', () => {
    expect(checkTimeZone('Europe/Berlin')).toBe('Europe/Berlin');
    expect(() => checkTimeZone('Europe/Berln')).toThrow("unknown time zone 'Europe/Berln': did you mean 'Europe/Berlin'?");
    expect(() => checkTimeZone('europe/paris')).toThrow("did you mean 'Europe/Paris'?");
    expect(() => checkTimeZone('Tokio')).toThrow("did you mean 'Asia/Tokyo'?");
  });

  it('reads intervals and refuses what is not one', () => {
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('45s')).toBe(45_000);
    expect(() => parseDuration('15 minutes')).toThrow(/write a number with a unit, such as 30s, 15m/);
    expect(() => parseDuration('500ms')).toThrow(/under a second/);
  });

  it('fires an interval on its anchor grid', () => {
    const anchor = Date.UTC(2026, 0, 5, 0, 5);
    expect(iso(nextFireTimes({ kind: 'every', everyMs: 900_000, anchor }, Date.UTC(2026, 0, 5, 0, 20), 3)))
      .toEqual(['2026-01-05T00:35:00.000Z', '2026-01-05T00:50:00.000Z', '2026-01-05T01:05:00.000Z']);
    const between = fireTimesBetween({ kind: 'every', everyMs: 900_000, anchor }, anchor, anchor + 10 * 900_000, 3);
    expect(between).toEqual({ times: [anchor + 8 * 900_000, anchor + 9 * 900_000, anchor + 10 * 900_000], dropped: 7 });
  });

  it('crosses daylight saving as croner does: the spring gap fires once after it, the autumn repeat once', () => {
    const timing = { kind: 'cron' as const, cron: '30 2 * * *', timezone: 'Europe/Berlin' };
    expect(iso(nextFireTimes(timing, Date.UTC(2026, 2, 28), 3)))
      .toEqual(['2026-03-28T01:30:00.000Z', '2026-03-29T01:00:00.000Z', '2026-03-30T00:30:00.000Z']);
    expect(iso(nextFireTimes(timing, Date.UTC(2026, 9, 24), 3)))
      .toEqual(['2026-10-24T00:30:00.000Z', '2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z']);
  });

  it('says a timing in words', () => {
    expect(describeTiming({ kind: 'cron', cron: '0 6 * * MON-FRI', timezone: 'Europe/Berlin' })).toBe('every weekday at 06:00, Europe/Berlin');
    expect(describeTiming({ kind: 'cron', cron: '*/15 * * * *', timezone: 'UTC' })).toBe('every 15 minutes, UTC');
    expect(describeTiming({ kind: 'cron', cron: '30 7 1 * *', timezone: 'UTC' })).toBe('on day 1 of every month at 07:30, UTC');
    expect(describeTiming({ kind: 'every', everyMs: 5_400_000, anchor: 0 })).toBe('every 1 hour 30 minutes');
    expect(describeTiming({ kind: 'every', everyMs: 60_000, anchor: 0 })).toBe('every minute');
  });
});
