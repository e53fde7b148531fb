// `tributary schedule add|list|pause|resume|remove` and `tributary scheduler` as real processes
// over a real store in a temp TRIBUTARY_HOME: the scheduler fires an interval, its run completes,
// and SIGTERM stops it cleanly (exit 0, lease given up).

import { execFile, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const exec = promisify(execFile);
const cli = new URL('../cli.ts', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'tributary-schedule-'));
const env = { ...process.env, TRIBUTARY_HOME: join(dir, 'home') };
const file = join(dir, 'revenue.json');
copyFileSync(new URL('../../assets/examples/revenue-by-country.json', import.meta.url), file);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const tributary = (...args: string[]) => exec(process.execPath, [cli, ...args], { env, cwd: dir });

describe('tributary schedule / scheduler', () => {
  it('adds a cron schedule and prints it in words with its next fire times', async () => {
    const { stdout } = await tributary('schedule', 'add', 'revenue.json', '--cron', '0 6 * * MON-FRI', '--tz', 'Europe/Berlin', '--name', 'morning');
    expect(stdout).toContain(`schedule 'morning': every weekday at 06:00, Europe/Berlin, runs ${file}`);
    expect(stdout.split('\n')[1]!.split(', ')).toHaveLength(5);
    const [s] = JSON.parse((await tributary('schedule', 'list', '--json')).stdout) as Record<string, unknown>[];
    expect(s).toMatchObject({ name: 'morning', kind: 'cron', cron: '0 6 * * MON-FRI', timezone: 'Europe/Berlin', enabled: true, overlap: 'skip', catchUp: 'latest' });
    for (const t of s!['nextFireTimes'] as string[]) expect(['04:00', '05:00']).toContain(t.slice(11, 16)); // 06:00 Berlin in UTC
  });

  it('pauses, resumes and removes by name; unknown names and bad input get what to do', async () => {
    expect((await tributary('schedule', 'pause', 'morning')).stdout).toContain("paused schedule 'morning'");
    expect((await tributary('schedule', 'list')).stdout).toContain('PAUSED');
    expect((await tributary('schedule', 'resume', 'morning')).stdout).toContain("resumed schedule 'morning'; next:");
    await expect(tributary('schedule', 'pause', 'mornin')).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining("no schedule named 'mornin'; the schedules are morning") });
    await expect(tributary('schedule', 'add', 'revenue.json', '--cron', '0 6 * * *', '--tz', 'Europe/Berln', '--name', 'x'))
      .rejects.toMatchObject({ stderr: expect.stringContaining("did you mean 'Europe/Berlin'?") });
    await expect(tributary('schedule', 'add', 'missing.json', '--every', '1h'))
      .rejects.toMatchObject({ stderr: expect.stringContaining('no pipeline file') });
    expect((await tributary('schedule', 'remove', 'morning')).stdout).toContain("removed schedule 'morning'");
    expect((await tributary('schedule', 'list')).stdout).toContain('no schedules yet');
  });

  it('edits a schedule in place: timing, zone, retries and policies change, its name and runs stay', async () => {
    await tributary('schedule', 'add', 'revenue.json', '--cron', '0 6 * * *', '--tz', 'Europe/Berlin', '--name', 'nightly', '--retries', '2');
    const { stdout } = await tributary('schedule', 'edit', 'nightly', '--cron', '30 7 * * MON-FRI', '--tz', 'America/New_York', '--retries', '4', '--overlap', 'queue');
    expect(stdout).toContain(`schedule 'nightly': every weekday at 07:30, America/New_York, runs ${file}`);
    const [s] = (JSON.parse((await tributary('schedule', 'list', '--json')).stdout) as Record<string, unknown>[]).filter((x) => x['name'] === 'nightly');
    expect(s).toMatchObject({ cron: '30 7 * * MON-FRI', timezone: 'America/New_York', retries: 4, overlap: 'queue', catchUp: 'latest', enabled: true });
    for (const t of s!['nextFireTimes'] as string[]) expect(['11:30', '12:30']).toContain(t.slice(11, 16)); // 07:30 New York in UTC
    expect((await tributary('schedule', 'edit', 'nightly', '--pause', '--retries', 'default')).stdout).toContain('paused');
    const [p] = (JSON.parse((await tributary('schedule', 'list', '--json')).stdout) as Record<string, unknown>[]).filter((x) => x['name'] === 'nightly');
    expect(p).toMatchObject({ enabled: false, retries: null, cron: '30 7 * * MON-FRI' });
    await expect(tributary('schedule', 'edit', 'nightly', '--cron', '0 6 * 13 *'))
      .rejects.toMatchObject({ code: 1, stderr: expect.stringContaining("field 4 (month, at character 7) is '13'") });
    await expect(tributary('schedule', 'edit', 'nightly', '--name', 'other'))
      .rejects.toMatchObject({ code: 2, stderr: expect.stringContaining("a schedule's name is its id and stays") });
    await expect(tributary('schedule', 'edit', 'nightly')).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('edit expects what to change') });
    await tributary('schedule', 'remove', 'nightly');
  });

  it('the headless scheduler fires an interval, the run completes, and SIGTERM stops it cleanly', async () => {
    await tributary('schedule', 'add', 'revenue.json', '--every', '1s', '--name', 'often');
    const child = spawn(process.execPath, [cli, 'scheduler'], { env, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const lines: string[] = [];
    for await (const line of createInterface({ input: child.stdout })) {
      lines.push(line);
      if (/run \S+ \(schedule:often\) COMPLETED/.test(line)) break;
    }
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(lines.some((l) => /often: fired for \S+ as run /.test(l))).toBe(true);
    const runs = JSON.parse((await tributary('history', '--json', '--state', 'COMPLETED')).stdout) as Record<string, unknown>[];
    expect(runs[0]).toMatchObject({ trigger: 'schedule:often', schedule: 'often', pipeline: file });
    expect(JSON.parse((await tributary('history', '--json', '--state', 'RUNNING')).stdout)).toEqual([]);
  });
});
