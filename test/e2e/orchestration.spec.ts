// Editing a schedule in the Schedules tab and the run target selector, in Chromium against browser
// mode with servers of their own. A schedule added on the command line is edited in place in the
// panel (a bad cron refused as typed, the new timing's words and next fire times shown before
// saving); `tributary schedule list --json` then shows the same schedule changed. The target
// selector: with pyspark installed Spark is offered and its master (the studio's setting, else
// SPARK_MASTER, else local[*]) is kept in the studio's data folder, not in the document; with no
// pyspark (PYTHON pointing nowhere) the Spark option is disabled and says how to install it.
// The Spark run itself takes over a minute here (a JVM per run): test/spark/run-on-spark-history
// covers a studio run on Spark landing in the history as target spark.

import { execFile } from 'node:child_process';
import { copyFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';
import { CLI, NODE, ROOT, startStudio, stopStudio, type Studio } from './own-studio.ts';

const exec = promisify(execFile);
const studios: Studio[] = [];
test.afterAll(async () => { for (const s of studios.splice(0)) await stopStudio(s); });

async function cli(studio: Studio, ...args: string[]): Promise<string> {
  const { stdout } = await exec(NODE, [CLI, ...args], { cwd: studio.workspace, env: { ...process.env, TRIBUTARY_HOME: path.join(studio.workspace, '.tributary') } });
  return stdout;
}

test('a schedule is edited in place: the new timing in words and its next fire times before saving, its name kept', async ({ page }) => {
  const studio = await startStudio('schedule-edit');
  studios.push(studio);
  copyFileSync(path.join(ROOT, 'assets/examples/revenue-by-country.json'), path.join(studio.workspace, 'revenue.json'));
  await cli(studio, 'schedule', 'add', 'revenue.json', '--cron', '0 6 * * *', '--tz', 'Europe/Berlin', '--name', 'nightly');

  await page.setViewportSize({ width: 1600, height: 1000 });
  await page.addInitScript(() => localStorage.setItem('tributary.panelSizes', JSON.stringify({ bottom: 460 })));
  await page.goto(studio.pageUrl);
  await expect(page.locator('.studio[data-ready="true"]')).toBeVisible({ timeout: 30_000 });
  await page.locator('.tab', { hasText: 'Schedules' }).click();
  const panel = page.locator('[data-testid="schedules-panel"]');
  const row = panel.locator('[data-testid="schedule-row"]', { hasText: 'nightly' });
  await expect(row).toContainText('every day at 06:00, Europe/Berlin');
  await row.getByRole('button', { name: 'Edit nightly' }).click();
  await expect(panel.getByText('Edit schedule nightly')).toBeVisible();
  await expect(panel.getByLabel('Cron expression')).toHaveValue('0 6 * * *');
  await expect(panel.getByLabel('Schedule name')).toBeDisabled();

  await panel.getByLabel('Cron expression').fill('30 7 * 13 *');
  const preview = panel.locator('[data-testid="schedule-preview"]');
  await expect(preview).toContainText("field 4 (month, at character 8) is '13'");
  await expect(panel.getByRole('button', { name: 'Save schedule' })).toBeDisabled();
  await panel.getByLabel('Cron expression').fill('30 7 * * MON-FRI');
  await panel.getByLabel('Time zone').fill('America/New_York');
  await expect(preview).toContainText('every weekday at 07:30, America/New_York');
  await expect(preview.locator('.muted')).toHaveText(/^Next: (.+ · ){2,}.+$/);
  await panel.getByLabel('Retries').fill('3');
  await panel.getByLabel('Overlap policy').selectOption('queue');
  await panel.getByRole('button', { name: 'Save schedule' }).click();

  await expect(row).toContainText('every weekday at 07:30, America/New_York');
  await expect(row).toContainText('overlap queue');
  await expect(row).toContainText('retries 3');
  await expect(panel.locator('[data-testid="schedule-row"]')).toHaveCount(1);
  const listed = JSON.parse(await cli(studio, 'schedule', 'list', '--json')) as Record<string, unknown>[];
  expect(listed).toHaveLength(1);
  expect(listed[0]).toMatchObject({ name: 'nightly', cron: '30 7 * * MON-FRI', timezone: 'America/New_York', retries: 3, overlap: 'queue', enabled: true });
  await expect(panel.getByText('Add a schedule for')).toBeVisible();

  // The History tab shows each run's target and filters by it.
  await cli(studio, 'run', 'revenue.json');
  await page.locator('.tab', { hasText: 'History' }).click();
  const rows = page.locator('[data-testid="history-row"]');
  await expect(rows).toHaveCount(1);
  await expect(rows.first().locator('[data-testid="run-target"]')).toHaveText('local');
  await page.getByLabel('Filter by target').selectOption('spark');
  await expect(rows).toHaveCount(0);
  await page.getByLabel('Filter by target').selectOption('local');
  await expect(rows).toHaveCount(1);
  await rows.first().click();
  await expect(page.locator('[data-testid="run-detail-target"]')).toHaveText('on the local engine');
});

test('the target selector offers Spark with its master from the studio settings, kept outside the document', async ({ page }) => {
  const studio = await startStudio('target-spark', { SPARK_MASTER: '' });
  studios.push(studio);
  await page.goto(studio.pageUrl);
  await expect(page.locator('.studio[data-ready="true"]')).toBeVisible({ timeout: 30_000 });
  const select = page.getByLabel('Run on');
  await expect(select).toHaveValue('local');
  await expect(select.locator('option[value="spark"]')).toBeEnabled({ timeout: 60_000 });
  await select.selectOption('spark');
  const master = page.getByLabel('Spark master');
  await expect(master).toHaveAttribute('placeholder', 'local[*]');
  await master.fill('local[3');
  await master.press('Enter');
  await expect(page.locator('.toast')).toContainText("'local[3' is not a Spark master URL: use local[*], local[N]");
  await master.fill('local[2]');
  await master.press('Enter');
  // The settings file appears when the studio has saved it: until then (or while it is being
  // written) the poll sees nothing; a read that throws would end the poll at once.
  const saved = (): unknown => {
    try {
      return JSON.parse(readFileSync(path.join(studio.workspace, '.tributary', 'spark.json'), 'utf8')) as unknown;
    } catch {
      return null;
    }
  };
  await expect.poll(saved).toEqual({ master: 'local[2]' });
  await page.reload();
  await page.getByLabel('Run on').selectOption('spark');
  await expect(page.getByLabel('Spark master')).toHaveValue('local[2]');
});

test('without pyspark the Spark option is disabled and says why and how to install it', async ({ page }) => {
  const studio = await startStudio('target-no-spark', { PYTHON: path.join(ROOT, 'no-such-python') });
  studios.push(studio);
  await page.goto(studio.pageUrl);
  await expect(page.locator('.studio[data-ready="true"]')).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('[data-testid="spark-unavailable"]')).toContainText('pyspark is not installed', { timeout: 30_000 });
  await expect(page.locator('[data-testid="spark-unavailable"]')).toContainText('pip install pyspark');
  await expect(page.getByLabel('Run on').locator('option[value="spark"]')).toBeDisabled();
  await expect(page.getByLabel('Run on')).toHaveValue('local');
});
