// The Plan tab's graph and the skew mitigations, in Chromium against browser mode with a server
// of its own: a join whose probe side has one hot user_id (half of the rows), forced to shuffle
// at 8 partitions. Before the run the graph shows the stages, the exchanges with their keys and
// what the optimizer changed, the text explain one click away; after the run each stage shows its
// measured rows (held against `tributary history show --json`), the skewed stage what the engine
// split; the heatmap and the run history say the same in words. Screenshots: plan-graph.png and
// skew-heatmap.png in assets/screenshots.

import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, test, type Page } from '@playwright/test';
import { CLI, NODE, ROOT, startStudio, stopStudio, type Studio } from './own-studio.ts';
import { openThroughDialog } from './open-dialog.ts';

const exec = promisify(execFile);
const SHOTS = path.join(ROOT, 'assets/screenshots');
let studio: Studio | undefined;
test.beforeAll(async () => { studio = await startStudio('plan-skew'); });
test.afterAll(async () => { await stopStudio(studio); });
test.use({ viewport: { width: 1600, height: 1000 } });

const at = (x: number, y: number) => ({ position: { x, y } });
const SKEWED_JOIN = {
  version: 1, name: 'skewed-join', settings: { partitions: 8, skewFactor: 3 },
  nodes: [
    { id: 'events', kind: 'source.sample', params: { dataset: 'events', rows: 400000, seed: 7 }, ...at(0, 0) },
    // Every other event goes to user 42: one key holds half of the probe side.
    { id: 'hot_user', kind: 'transform.derive',
      params: { columns: [{ name: 'user_id', expr: 'case when event_id % 2 = 0 then 42 else user_id end' }] }, ...at(280, 0) },
    { id: 'users', kind: 'source.sample', params: { dataset: 'users', rows: 1000 }, ...at(280, 220) },
    { id: 'with_user', kind: 'join',
      params: { type: 'inner', on: [{ left: 'user_id', right: 'user_id' }], strategy: 'shuffle' }, ...at(560, 80) },
    { id: 'per_country', kind: 'transform.aggregate',
      params: { groupBy: ['country'], aggregations: [{ fn: 'sum', column: 'amount', as: 'spent' }] }, ...at(840, 80) },
  ],
  edges: [
    { from: 'events', to: 'hot_user' }, { from: 'hot_user', to: 'with_user.left' }, { from: 'users', to: 'with_user.right' },
    { from: 'with_user', to: 'per_country' },
  ],
};

async function openSkewedJoin(page: Page): Promise<void> {
  await page.addInitScript(() => localStorage.setItem('tributary.panelSizes', JSON.stringify({ bottom: 560 })));
  await page.goto(studio!.pageUrl);
  await expect(page.locator('.studio[data-ready="true"]')).toBeVisible({ timeout: 30_000 });
  writeFileSync(path.join(studio!.workspace, 'skewed-join.json'), JSON.stringify(SKEWED_JOIN, null, 2));
  await openThroughDialog(page, 'skewed-join.json');
  await expect(page.locator('.react-flow__node')).toHaveCount(5);
}

interface CliRun { id: string }
interface CliRecord { partitions: { stageId: number; rowsOut: number }[] }

async function cli<T>(...args: string[]): Promise<T> {
  const { stdout } = await exec(NODE, [CLI, ...args], {
    cwd: studio!.workspace, env: { ...process.env, TRIBUTARY_HOME: path.join(studio!.workspace, '.tributary') },
  });
  return JSON.parse(stdout) as T;
}

test('the Plan tab draws stages and exchanges with the optimizer changes, then the measured figures and the split partition', async ({ page }) => {
  test.setTimeout(180_000);
  await openSkewedJoin(page);
  await page.locator('.tab', { hasText: 'Plan' }).click();
  const graph = page.getByTestId('plan-graph');
  await expect(graph).toHaveAttribute('data-laid-out', 'true');
  const stages = graph.getByTestId('plan-stage');
  await expect(stages).toHaveCount(4);
  // Both join inputs are hash exchanges on the join key into the join's stage; it shuffles on country.
  const joinStage = stages.filter({ hasText: 'Join [with_user] inner shuffle' });
  const joinId = await joinStage.getAttribute('data-stage');
  await expect(graph.locator(`[data-testid="plan-edge"][data-to="${joinId}"]`)).toHaveText(['hash(user_id) 8→8', 'hash(user_id) 8→8']);
  await expect(graph.locator(`[data-testid="plan-edge"][data-from="${joinId}"]`)).toHaveText('hash(country) 8→8');
  // The optimizer's changes sit on the operators they changed.
  await expect(stages.filter({ hasText: 'Scan [users]' }).locator('[data-testid="plan-change"][data-rule="prune-columns"]'))
    .toHaveText('prune-columns reads 2 of 5 columns (pruned: name, signup_date, age)');
  await expect(stages.filter({ hasText: 'Scan [events]' }).locator('[data-testid="plan-op"].changed')).toHaveCount(1);
  // Boxes do not overlap: elk placed them.
  const boxes = await stages.evaluateAll((els) => els.map((e) => (e as unknown as Box).getBoundingClientRect()));
  for (const [i, a] of boxes.entries()) {
    for (const b of boxes.slice(i + 1)) {
      expect(a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top).toBe(true);
    }
  }
  // The text explain is still one click away.
  await page.getByRole('radio', { name: 'physical' }).click();
  await expect(page.getByTestId('plan-text')).toContainText('Stage 0 [8 partitions] -> Exchange hash(user_id) 8 -> 8');
  await page.getByRole('radio', { name: 'graph' }).click();
  await expect(graph.getByTestId('stage-measure')).toHaveCount(0);

  await page.keyboard.press('Control+Enter');
  await expect(page.locator('[data-testid="run-status"]')).toHaveAttribute('data-status', 'COMPLETED', { timeout: 150_000 });
  await page.locator('.tab', { hasText: 'Plan' }).click();
  await expect(graph.getByTestId('stage-measure')).toHaveCount(4);
  await expect(graph).toHaveAttribute('data-laid-out', 'true');
  // Each stage's rows out are the run's, as the run store recorded them.
  const [last] = await cli<CliRun[]>('history', '--json', '--limit', '1');
  const record = await cli<CliRecord>('history', 'show', last!.id, '--json');
  for (const box of await stages.all()) {
    const id = Number(await box.getAttribute('data-stage'));
    const rows = record.partitions.filter((p) => p.stageId === id).reduce((a, p) => a + p.rowsOut, 0);
    await expect(box.getByTestId('stage-measure')).toContainText(`${rows.toLocaleString('en-US')} rows out · slowest partition `);
  }
  await expect(joinStage).toHaveClass(/skewed/);
  await expect(joinStage.getByTestId('plan-mitigation')).toHaveText(
    /^join 'with_user': partition \d split in \d+ \([\d,]+ rows vs\. a median of [\d,]+\): hot key user_id=42 \(\d+% of the partition\)$/);
  await joinStage.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SHOTS, 'plan-graph.png') });
});

test('the heatmap of the mitigated run says the hot key, the fix and what was split; the run history lists it', async ({ page }) => {
  test.setTimeout(180_000);
  await openSkewedJoin(page);
  await page.keyboard.press('Control+Enter');
  await expect(page.locator('[data-testid="run-status"]')).toHaveAttribute('data-status', 'COMPLETED', { timeout: 150_000 });
  await page.locator('.tab', { hasText: 'Skew' }).click();
  const row = page.locator('.heat-row.skewed', { hasText: 'with_user' });
  await expect(row.locator('.heat-fix')).toContainText(/the hot key is user_id = 42 .*Fix: /);
  const done = row.getByTestId('heat-mitigation');
  await expect(done).toHaveText(/^Done while running: join 'with_user': partition (\d) split in (\d+) .*hot key user_id=42/);
  // The split partition's cell carries as many sub-cells as the line says.
  const [, partition, pieces] = /partition (\d) split in (\d+)/.exec((await done.textContent())!)!;
  await expect(row.locator(`[data-testid="heat-cell"][data-partition="${partition}"] [data-testid="heat-subcell"]`)).toHaveCount(Number(pieces));
  await page.screenshot({ path: path.join(SHOTS, 'skew-heatmap.png') });

  await page.locator('.tab', { hasText: 'History' }).click();
  await page.locator('[data-testid="history-row"]').first().click();
  const listed = page.getByTestId('run-mitigations').locator('li');
  await expect(listed.filter({ hasText: 'split in' })).toHaveText(
    [new RegExp(`^stage \\d+ · join 'with_user': partition ${partition} split in ${pieces} .*hot key user_id=42`)]);
  // The aggregate's final stage reads one partial row per country and partition: its tiny partitions ran as one task.
  await expect(listed.filter({ hasText: 'coalesced' })).toHaveText([/^stage \d+ · 'per_country': 8 partitions ran as 1 task, tiny ones coalesced: 0-7 /]);
});

interface Box { getBoundingClientRect(): { left: number; right: number; top: number; bottom: number } }
