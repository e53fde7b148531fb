// The History and Schedules tabs end to end, in Chromium against browser mode with a server of
// its own: two studio runs of a saved example land in the history (held against `tributary
// history --json` on the same store); a run's detail shows its timeline and replays its stored
// metrics into the skew heatmap; two runs compare side by side; re-run adds a run triggered `rerun:ID`; after a reload the last
// run's results come back from history; a schedule is created with its meaning and next five
// fire times (the same times `tributary schedule list --json` prints), then paused.

import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, test, type Page } from '@playwright/test';
import { CLI, NODE, ROOT, startStudio, stopStudio, type Studio } from './own-studio.ts';

const exec = promisify(execFile);
let studio: Studio | undefined;
test.beforeAll(async () => { studio = await startStudio('history'); });
test.afterAll(async () => { await stopStudio(studio); });

async function cli<T>(...args: string[]): Promise<T> {
  const { stdout } = await exec(NODE, [CLI, ...args], { cwd: studio!.workspace, env: { ...process.env, TRIBUTARY_HOME: path.join(studio!.workspace, '.tributary') } });
  return JSON.parse(stdout) as T;
}

async function shoot(page: Page, info: { outputPath(name: string): string }, name: string): Promise<void> {
  await page.screenshot({ path: info.outputPath(name) });
  mkdirSync(path.join(ROOT, 'assets/screenshots'), { recursive: true });
  copyFileSync(info.outputPath(name), path.join(ROOT, 'assets/screenshots', name));
}

interface CliRun { id: string; state: string; trigger: string; pipeline: string; nodes: Record<string, number> }

test('runs land in the History tab, replay into the heatmap, re-run, and come back after a reload', async ({ page }, info) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1600, height: 1000 });
  await page.addInitScript(() => localStorage.setItem('tributary.panelSizes', JSON.stringify({ bottom: 460 })));
  await page.goto(studio!.pageUrl);
  await expect(page.locator('.studio[data-ready="true"]')).toBeVisible({ timeout: 30_000 });
  await page.locator('[data-action="open"]').click();
  await page.locator('[data-testid="file-dialog"] .examples button', { hasText: 'revenue-by-country' }).click();
  await expect(page.locator('.badge-error')).toHaveCount(0, { timeout: 15_000 });
  await page.keyboard.press('Control+Shift+s');
  await page.locator('[data-testid="file-dialog"] input[aria-label="File name"]').fill('revenue-e2e.json');
  await page.locator('[data-testid="file-dialog"] button[type="submit"]').click();
  await expect(page.locator('.doc-path')).toHaveText('revenue-e2e.json');

  await page.locator('.tab', { hasText: 'History' }).click();
  const rows = page.locator('[data-testid="history-row"]');
  for (let i = 1; i <= 2; i++) {
    await page.keyboard.press('Control+Enter');
    await expect(rows.filter({ hasText: 'COMPLETED' })).toHaveCount(i, { timeout: 120_000 });
  }
  const file = path.join(studio!.workspace, 'revenue-e2e.json');
  const recorded = await cli<CliRun[]>('history', '--json', '--pipeline', file);
  expect(recorded.map((r) => [r.state, r.trigger])).toEqual([['COMPLETED', 'studio'], ['COMPLETED', 'studio']]);
  await expect(rows.first()).toContainText(recorded[0]!.id.slice(0, 8));
  await expect(rows.first()).toContainText(Math.max(...Object.values(recorded[0]!.nodes)).toLocaleString());

  await rows.first().click();
  const detail = page.locator('[data-testid="run-detail"]');
  await expect(detail.locator('[data-testid="run-timeline"] li')).toHaveText([/PENDING/, /RUNNING/, /COMPLETED/]);
  await expect(detail.locator('[data-testid="doc-diff"]')).toHaveText('The same as the open document.');
  await shoot(page, info, 'history-panel.png');

  const whole = await cli<{ stages: { partitions: number }[] }>('history', 'show', recorded[0]!.id, '--json');
  await detail.getByRole('button', { name: 'Show on canvas and heatmap' }).click();
  const heatmap = page.locator('[data-testid="skew-heatmap"]');
  await expect(heatmap).toBeVisible();
  await expect(heatmap.locator('[data-testid="heat-row"]')).toHaveCount(whole.stages.length);
  await expect(heatmap.locator('[data-testid="heat-cell"]')).toHaveCount(whole.stages.reduce((a, s) => a + s.partitions, 0));

  // Compare the two runs: the same document, the same rows per node.
  await page.locator('.tab', { hasText: 'History' }).click();
  await rows.nth(0).getByRole('checkbox').check();
  await rows.nth(1).getByRole('checkbox').check();
  const compare = page.locator('[data-testid="run-compare"]');
  await expect(compare).toContainText('The same document.');
  const firstNode = compare.locator('[data-testid="compare-row"]').first().locator('td');
  await expect(firstNode.nth(1)).toHaveText(await firstNode.nth(2).innerText());

  await rows.first().click();
  await detail.getByRole('button', { name: 'Re-run' }).click();
  await expect(rows.filter({ hasText: `rerun:${recorded[0]!.id.slice(0, 8)}` }).filter({ hasText: 'COMPLETED' })).toHaveCount(1, { timeout: 120_000 });

  // After a reload nothing has run in this page, yet the last run's results are there.
  await page.reload();
  await expect(page.locator('.studio[data-ready="true"]')).toBeVisible({ timeout: 30_000 });
  await page.locator('.tab', { hasText: 'Progress' }).click();
  await expect(page.locator('[data-testid="run-status"]')).toHaveAttribute('data-status', 'COMPLETED');
});

test('a schedule is added with its meaning and next five fire times, then paused', async ({ page }, info) => {
  await page.setViewportSize({ width: 1600, height: 1000 });
  await page.addInitScript(() => localStorage.setItem('tributary.panelSizes', JSON.stringify({ bottom: 460 })));
  await page.goto(studio!.pageUrl);
  await expect(page.locator('.doc-path')).toHaveText('revenue-e2e.json', { timeout: 30_000 });
  await page.locator('.tab', { hasText: 'Schedules' }).click();
  const panel = page.locator('[data-testid="schedules-panel"]');
  await panel.getByLabel('Cron expression').fill('0 25 * * *');
  await expect(panel.locator('[data-testid="schedule-preview"]')).toContainText("field 2 (hour, at character 3) is '25'");
  await panel.getByLabel('Cron expression').fill('0 6 * * MON-FRI');
  await panel.getByLabel('Time zone').fill('Europe/Berlin');
  const preview = panel.locator('[data-testid="schedule-preview"]');
  await expect(preview).toContainText('every weekday at 06:00, Europe/Berlin');
  await expect(preview.locator('.muted')).toHaveText(/^Next: (.+ · ){4}.+$/);
  await panel.getByLabel('Schedule name').fill('morning');
  await panel.getByRole('button', { name: 'Add schedule' }).click();
  const row = panel.locator('[data-testid="schedule-row"]', { hasText: 'morning' });
  await expect(row).toContainText('every weekday at 06:00, Europe/Berlin');
  const [listed] = await cli<{ name: string; enabled: boolean; nextFireTimes: string[] }[]>('schedule', 'list', '--json');
  expect(listed).toMatchObject({ name: 'morning', enabled: true });
  // The panel shows local time; the CLI prints UTC: the same instant.
  const shownNext = await page.evaluate((iso) => {
    const d = new Date(iso);
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  }, listed!.nextFireTimes[0]!);
  await expect(row).toContainText(shownNext);
  await shoot(page, info, 'schedules-panel.png');
  await row.getByRole('button', { name: 'Pause' }).click();
  await expect(row).toContainText('paused');
  expect((await cli<{ enabled: boolean }[]>('schedule', 'list', '--json'))[0]!.enabled).toBe(false);
});
