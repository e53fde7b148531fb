// The studio end to end, in Chromium against browser mode: build a pipeline by dragging from the
// palette, configure it in the inspector, run it, check the preview against the CLI, read the
// skew heatmap; refused connections, expression errors on nodes, undo, and restore after reload.
// The spec starts its own server (own workspace and data folder) so its autosaves never leak into
// other specs; the global setup has built the renderer.

import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { NODE, ROOT, cliRows, startStudio, stopStudio, type Studio } from './own-studio.ts';
import { openThroughDialog } from './open-dialog.ts';

const run = promisify(execFile);

async function openStudio(page: Page, s: Studio): Promise<void> {
  page.on('dialog', (d) => void d.accept());
  await page.goto(s.pageUrl);
  await expect(page.locator('.studio[data-ready="true"]')).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('.palette-item').first()).toBeVisible();
}

async function newPipeline(page: Page): Promise<void> {
  await page.locator('[data-action="new"]').click();
  await expect(page.locator('.react-flow__node')).toHaveCount(0);
}

const node = (page: Page, id: string): Locator => page.locator(`.react-flow__node[data-id="${id}"]`);

async function nodeIds(page: Page): Promise<(string | null)[]> {
  return Promise.all((await page.locator('.react-flow__node').all()).map((n) => n.getAttribute('data-id')));
}

/** Drags a palette item onto the canvas at (x, y) of the canvas box; returns the new node's id. */
async function dropKind(page: Page, kind: string, x: number, y: number): Promise<string> {
  const before = await nodeIds(page);
  await page.locator(`.palette-item[data-kind="${kind}"]`).dragTo(page.locator('.canvas'), { targetPosition: { x, y } });
  await expect(page.locator('.react-flow__node')).toHaveCount(before.length + 1);
  const after = await nodeIds(page);
  const id = after.find((x) => !before.includes(x))!;
  // React Flow shows a node once it has measured it (and its handles): only then can it be wired.
  await expect(node(page, id)).toBeVisible();
  return id;
}

async function centre(l: Locator): Promise<{ x: number; y: number }> {
  const b = (await l.boundingBox())!;
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
}

/** Drags from an output handle to an input handle, as a user wires two nodes. */
async function connect(page: Page, from: string, fromPort: string, to: string, toPort: string): Promise<void> {
  const target = node(page, to).locator(`.react-flow__handle.target[data-handleid="${toPort}"]`);
  const source = node(page, from).locator(`.react-flow__handle.source[data-handleid="${fromPort}"]`);
  const a = await centre(source);
  await page.mouse.move(a.x, a.y);
  await expect(source.locator('.port-tip')).toBeVisible();
  await page.mouse.down();
  const b = await centre(target);
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
  await page.mouse.move(b.x, b.y, { steps: 5 });
  // Let the canvas register the hovered port (valid or not) before letting go.
  await expect(target).toHaveClass(/connectingto/);
  await page.mouse.up();
}

async function select(page: Page, id: string): Promise<void> {
  await node(page, id).locator('.card-id').click();
  await expect(page.locator('.inspector input[aria-label="node id"]')).toHaveValue(id);
}

const param = (page: Page, name: string): Locator => page.locator(`.inspector .field[data-param="${name}"]`);

async function setText(page: Page, name: string, value: string): Promise<void> {
  const input = param(page, name).locator('input, textarea').first();
  await input.fill(value);
  await input.press('Enter');
}

let studio: Studio | undefined;
test.beforeAll(async () => { studio = await startStudio('studio'); });
test.afterAll(async () => { await stopStudio(studio); });

test('first start shows the example; running it shows progress on every node until all are done', async ({ page }, info) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await openStudio(page, studio!);
  await expect(page.locator('.react-flow__node')).toHaveCount(7);
  // More rows than the example's, so the run is long enough to catch mid-way.
  await page.locator('.toolbar input[aria-label="Partitions"]').fill('4');
  await select(page, 'events');
  await setText(page, 'rows', '3000000');
  await page.locator('[data-action="run"]').click();
  await expect(page.locator('[data-action="cancel"]')).toBeVisible();
  // Mid-run: the big source is streaming (rows counted, not done yet).
  const events = node(page, 'events').locator('.card');
  await expect(events).toHaveAttribute('data-state', 'running', { timeout: 60_000 });
  await expect(events.locator('.card-run-text')).toContainText(/[1-9][\d.,]*[kM]? rows/);
  await expect(events.locator('[role="progressbar"]')).toBeVisible();
  await page.screenshot({ path: info.outputPath('canvas-mid-run.png') });
  await info.attach('canvas-mid-run', { path: info.outputPath('canvas-mid-run.png'), contentType: 'image/png' });
  await expect(page.locator('[data-testid="run-status"]')).toHaveAttribute('data-status', 'COMPLETED', { timeout: 150_000 });
  await expect(page.locator('.card[data-state="done"]')).toHaveCount(7);
  // Finished nodes show their rows; the sink wrote the ~20 countries.
  await expect(node(page, 'save').locator('.card-run-text')).toContainText(/\d+ rows/);
});

test('a skewed stage is marked on the heatmap, explained on hover, with the fix', async ({ page }, info) => {
  test.setTimeout(180_000);
  // A pipeline file on disk: events hash-partitioned by the Zipf-skewed user_id, so one user's
  // rows crowd a partition of the stage after the exchange.
  const skewed = {
    version: 1, name: 'spend-per-user', settings: { partitions: 16, skewFactor: 3 },
    nodes: [
      { id: 'events', kind: 'source.sample', params: { dataset: 'events', rows: 1000000, seed: 7 }, position: { x: 0, y: 0 } },
      { id: 'by_user', kind: 'transform.repartition', params: { partitions: 16, by: ['user_id'] }, position: { x: 260, y: 0 } },
      { id: 'per_user', kind: 'transform.aggregate',
        params: { groupBy: ['user_id'], aggregations: [{ fn: 'sum', column: 'amount', as: 'spent' }] }, position: { x: 520, y: 0 } },
    ],
    edges: [{ from: 'events', to: 'by_user' }, { from: 'by_user', to: 'per_user' }],
  };
  writeFileSync(path.join(studio!.workspace, 'spend-per-user.json'), JSON.stringify(skewed, null, 2));
  await openStudio(page, studio!);
  await openThroughDialog(page, 'spend-per-user.json');
  await expect(page.locator('.react-flow__node')).toHaveCount(3);
  await expect(page.locator('.doc-path')).toHaveText('spend-per-user.json');

  await page.keyboard.press('Control+Enter');
  await expect(page.locator('[data-testid="run-status"]')).toHaveAttribute('data-status', 'COMPLETED', { timeout: 150_000 });
  await page.locator('.tab', { hasText: 'Skew' }).click();
  const hot = page.locator('[data-testid="heat-cell"][data-skewed="true"]');
  await expect(hot.first()).toBeVisible();
  await hot.first().hover();
  await expect(page.locator('.heat-hover')).toHaveText(/^partition \d+ holds \d+% of the rows of stage \d+: key user_id = \d+ dominates/);
  await expect(page.locator('.heat-row.skewed .heat-fix')).toContainText(/key skew: .*Fix: .*split the skewed join partition/);
  await page.screenshot({ path: info.outputPath('skew-heatmap.png') });
  await info.attach('skew-heatmap', { path: info.outputPath('skew-heatmap.png'), contentType: 'image/png' });
  // Colouring by time keeps the grid: still one cell per partition.
  const cells = await page.locator('[data-testid="heat-cell"]').count();
  await page.getByRole('radio', { name: 'time' }).click();
  await expect(page.locator('[data-testid="heat-cell"]')).toHaveCount(cells);
});

test('build sample -> filter -> aggregate from the palette, run it, and preview what the CLI prints', async ({ page }, info) => {
  test.setTimeout(120_000);
  // The run's stages as main announced them, to hold the heatmap against.
  const stages: { stageId: number; partitions: number }[] = [];
  page.on('websocket', (ws) => ws.on('framereceived', ({ payload }) => {
    const msg = JSON.parse(String(payload)) as { event?: string; payload?: { type?: string; stages?: typeof stages } };
    if (msg.event === 'run.event' && msg.payload?.type === 'run.started') stages.push(...msg.payload.stages!);
  }));
  await openStudio(page, studio!);
  await newPipeline(page);

  const src = await dropKind(page, 'source.sample', 120, 160);
  await expect(param(page, 'dataset').locator('select')).toHaveValue('events');
  await setText(page, 'rows', '50000');
  const filter = await dropKind(page, 'transform.filter', 420, 160);
  const agg = await dropKind(page, 'transform.aggregate', 720, 160);
  await connect(page, src, 'out', filter, 'in');
  await connect(page, filter, 'out', agg, 'in');
  await expect(page.locator('.react-flow__edge')).toHaveCount(2);

  // Every port's schema is known before any run: hover the source's output to see it.
  await node(page, src).locator('.react-flow__handle.source').hover();
  const tip = node(page, src).locator('.react-flow__handle.source .port-tip');
  await expect(tip).toBeVisible();
  await expect(tip).toContainText('user_id');
  await expect(tip).toContainText('int32');

  await select(page, filter);
  await setText(page, 'condition', 'amount > 10 and qty >= 2');
  await select(page, agg);
  // Column pickers offer the upstream columns, inferred before any run.
  await param(page, 'groupBy').getByRole('button', { name: 'category', exact: true }).click();
  await param(page, 'aggregations').getByRole('button', { name: '+ Add' }).click();
  const second = param(page, 'aggregations').locator('.record').nth(1);
  await second.locator('select').first().selectOption('sum');
  await second.locator('select').nth(1).selectOption('amount');
  const as = second.locator('input').last();
  await as.fill('revenue');
  await as.press('Enter');
  await expect(node(page, agg).locator('.card-summary')).toContainText('sum(amount) as revenue');
  await expect(page.locator('.badge-error')).toHaveCount(0);

  await page.keyboard.press('Control+Enter');
  for (const id of [src, filter, agg]) {
    await expect(node(page, id).locator('.card')).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
  }

  // One heat cell per partition per stage, as main announced the stages.
  await page.locator('.tab', { hasText: 'Skew' }).click();
  expect(stages.length).toBeGreaterThan(0);
  await expect(page.locator('[data-testid="heat-row"]')).toHaveCount(stages.length);
  for (const s of stages) {
    await expect(page.locator(`[data-testid="heat-cell"][data-stage="${s.stageId}"]`)).toHaveCount(s.partitions);
  }

  // Save, then compare the studio's preview of the aggregate with `tributary preview`.
  await page.locator('[data-action="save"]').click();
  await page.locator('[data-testid="file-dialog"] input[aria-label="File name"]').fill('built.json');
  await page.locator('[data-testid="file-dialog"] button[type="submit"]').click();
  await expect(page.locator('.doc-path')).toHaveText('built.json');
  await select(page, agg);
  await page.locator('.tab', { hasText: 'Preview' }).click();
  // The preview of the document as it is now (not one computed before the last edit).
  await expect(page.locator('.preview-table[data-fresh="true"]')).toBeVisible({ timeout: 60_000 });
  const table = page.locator('[data-testid="preview-table"]');
  await expect(table.locator('.vrow').first()).toBeVisible();
  const header = await table.locator('.vtable-head .col-name').allTextContents();
  expect(header).toEqual(['category', 'rows', 'revenue']);
  const shown = await Promise.all((await table.locator('.vrow').all()).map((r) => r.locator('[role="cell"]').allTextContents()));

  const file = path.join(studio!.workspace, 'built.json');
  const { stdout } = await run(NODE, [path.join(ROOT, 'main/cli.ts'), 'preview', file, '--node', agg, '--format', 'json'],
    { cwd: studio!.workspace, maxBuffer: 64 * 1024 * 1024 });
  const printed = cliRows(JSON.parse(stdout), header);
  const fmt = (v: unknown): string => v === null ? 'null' : v === '' ? '""'
    : typeof v === 'number' ? (Number.isInteger(v) ? String(v) : String(Math.round(v * 1e6) / 1e6)) : String(v);
  const expected = printed.map((r) => r.map(fmt).join('|')).sort();
  expect(shown.map((r) => r.join('|')).sort()).toEqual(expected);
  expect(expected.length).toBeGreaterThan(0);
  await info.attach('built.json', { path: file, contentType: 'application/json' });
});

test('a refused connection says why', async ({ page }) => {
  await openStudio(page, studio!);
  await newPipeline(page);
  const a = await dropKind(page, 'source.sample', 120, 100);
  const b = await dropKind(page, 'source.sample', 120, 300);
  const f = await dropKind(page, 'transform.filter', 460, 200);
  await connect(page, a, 'out', f, 'in');
  await expect(page.locator('.react-flow__edge')).toHaveCount(1);
  await connect(page, b, 'out', f, 'in');
  await expect(page.locator('[data-testid="toast"]').filter({ hasText: 'Connection refused' }))
    .toContainText(`input 'in' of '${f}' is already fed by '${a}'`);
  await expect(page.locator('.react-flow__edge')).toHaveCount(1);
  // An edge is deleted by selecting it; undo brings it back.
  await page.locator(`.react-flow__edge[data-id="${a}->${f}"] .react-flow__edge-interaction`).click({ force: true });
  await expect(page.locator(`.react-flow__edge[data-id="${a}->${f}"]`)).toHaveClass(/selected/);
  await page.keyboard.press('Delete');
  await expect(page.locator('.react-flow__edge')).toHaveCount(0);
  await expect(page.locator('.react-flow__node')).toHaveCount(3);
  await page.keyboard.press('Control+z');
  await expect(page.locator('.react-flow__edge')).toHaveCount(1);
});

test('an invalid expression shows its error on the node', async ({ page }) => {
  await openStudio(page, studio!);
  await newPipeline(page);
  const src = await dropKind(page, 'source.sample', 120, 160);
  const f = await dropKind(page, 'transform.filter', 460, 160);
  await connect(page, src, 'out', f, 'in');
  await select(page, f);
  await setText(page, 'condition', 'amout > 10');
  const issue = node(page, f).locator('[data-testid="node-issue"]');
  await expect(issue).toContainText('amout', { timeout: 15_000 });
  await expect(issue).toContainText('amount');
  await expect(node(page, f).locator('.badge-error')).toBeVisible();
  await expect(node(page, src).locator('.badge-error')).toHaveCount(0);
  await setText(page, 'condition', 'amount > 10');
  await expect(node(page, f).locator('.badge-error')).toHaveCount(0, { timeout: 15_000 });
});

test('undo restores a deleted node with its edges; redo deletes it again', async ({ page }) => {
  await openStudio(page, studio!);
  await newPipeline(page);
  const src = await dropKind(page, 'source.sample', 100, 160);
  const f = await dropKind(page, 'transform.filter', 400, 160);
  const agg = await dropKind(page, 'transform.aggregate', 700, 160);
  await connect(page, src, 'out', f, 'in');
  await connect(page, f, 'out', agg, 'in');
  await expect(page.locator('.react-flow__edge')).toHaveCount(2);
  await select(page, f);
  await node(page, f).focus();
  await page.keyboard.press('Delete');
  await expect(page.locator('.react-flow__node')).toHaveCount(2);
  await expect(page.locator('.react-flow__edge')).toHaveCount(0);
  await page.keyboard.press('Control+z');
  await expect(page.locator('.react-flow__node')).toHaveCount(3);
  await expect(node(page, f)).toBeVisible();
  await expect(page.locator(`.react-flow__edge[data-id="${src}->${f}"]`)).toHaveCount(1);
  await expect(page.locator(`.react-flow__edge[data-id="${f}->${agg}"]`)).toHaveCount(1);
  await page.keyboard.press('Control+Shift+z');
  await expect(page.locator('.react-flow__node')).toHaveCount(2);
});

test('a reload restores unsaved work', async ({ page }) => {
  await openStudio(page, studio!);
  await newPipeline(page);
  const src = await dropKind(page, 'source.sample', 120, 160);
  const f = await dropKind(page, 'transform.filter', 460, 160);
  await connect(page, src, 'out', f, 'in');
  await select(page, f);
  await setText(page, 'condition', 'qty > 3');
  await page.locator('.toolbar input[aria-label="Pipeline name"]').fill('not-saved-yet');
  await page.locator('.toolbar input[aria-label="Pipeline name"]').press('Enter');
  // Autosave is debounced: wait until main holds this version before reloading.
  await expect(page.locator('.doc-path')).toHaveAttribute('data-autosaved', 'true');
  await page.reload();
  await expect(page.locator('.studio[data-ready="true"]')).toBeVisible();
  await expect(page.locator('.react-flow__node')).toHaveCount(2);
  await expect(node(page, f).locator('.card-summary')).toHaveText('qty > 3');
  await expect(page.locator('.react-flow__edge')).toHaveCount(1);
  await expect(page.locator('.toolbar input[aria-label="Pipeline name"]')).toHaveValue('not-saved-yet');
});

test('Cancel stops a running pipeline', async ({ page }) => {
  test.setTimeout(120_000);
  await openStudio(page, studio!);
  await newPipeline(page);
  const src = await dropKind(page, 'source.sample', 120, 160);
  await setText(page, 'rows', '3000000');
  const agg = await dropKind(page, 'transform.aggregate', 460, 160);
  await connect(page, src, 'out', agg, 'in');
  // Exact distinct counts and medians over millions of rows: seconds of work, time enough to cancel.
  await select(page, agg);
  await param(page, 'groupBy').getByRole('button', { name: 'category', exact: true }).click();
  const first = param(page, 'aggregations').locator('.record').first();
  await first.locator('select').first().selectOption('count_distinct');
  await first.locator('select').nth(1).selectOption('event_id');
  await param(page, 'aggregations').getByRole('button', { name: '+ Add' }).click();
  const second = param(page, 'aggregations').locator('.record').nth(1);
  await second.locator('select').first().selectOption('median');
  await second.locator('select').nth(1).selectOption('amount');
  await expect(page.locator('.badge-error')).toHaveCount(0);
  await page.locator('[data-action="run"]').click();
  await expect(node(page, src).locator('.card')).toHaveAttribute('data-state', 'running', { timeout: 60_000 });
  await page.locator('[data-action="cancel"]').click();
  await expect(page.locator('[data-testid="run-status"]')).toHaveAttribute('data-status', 'CANCELLED', { timeout: 60_000 });
  await expect(node(page, agg).locator('.card')).toHaveAttribute('data-state', 'cancelled');
  await expect(page.locator('[data-action="run"]')).toBeEnabled();
});

test('a run error lands on the failing node', async ({ page }) => {
  test.setTimeout(120_000);
  await openStudio(page, studio!);
  await newPipeline(page);
  const src = await dropKind(page, 'source.sample', 120, 160);
  await setText(page, 'rows', '1000');
  const sink = await dropKind(page, 'sink.csv', 460, 160);
  await connect(page, src, 'out', sink, 'in');
  await select(page, sink);
  await setText(page, 'path', 'out/once.csv');
  await param(page, 'mode').locator('select').selectOption('error');
  await page.keyboard.press('Control+Enter');
  await expect(page.locator('[data-testid="run-status"]')).toHaveAttribute('data-status', 'COMPLETED', { timeout: 60_000 });
  // The second run refuses to overwrite the file the first one wrote (mode: error).
  await page.locator('[data-action="run"]').click();
  await expect(page.locator('[data-testid="run-status"]')).toHaveAttribute('data-status', 'FAILED', { timeout: 60_000 });
  await expect(node(page, sink).locator('.card')).toHaveAttribute('data-state', 'failed');
  await expect(node(page, sink).locator('[data-testid="node-run-error"]')).toContainText('once.csv');
  await expect(node(page, src).locator('.card')).not.toHaveAttribute('data-state', 'failed');
});

test('copy, paste and duplicate make fresh nodes; the help sheet lists the shortcuts', async ({ page }) => {
  await openStudio(page, studio!);
  await newPipeline(page);
  const src = await dropKind(page, 'source.sample', 120, 160);
  const f = await dropKind(page, 'transform.filter', 460, 160);
  await connect(page, src, 'out', f, 'in');
  await page.keyboard.press('Control+a');
  await page.locator('.canvas .react-flow__pane').focus();
  await page.keyboard.press('Control+c');
  await page.keyboard.press('Control+v');
  await expect(page.locator('.react-flow__node')).toHaveCount(4);
  await expect(page.locator('.react-flow__edge')).toHaveCount(2);
  await page.keyboard.press('Control+d');
  await expect(page.locator('.react-flow__node')).toHaveCount(6);
  await expect(page.locator('.react-flow__edge')).toHaveCount(3);
  await page.keyboard.press('?');
  const help = page.locator('[data-testid="help-sheet"]');
  await expect(help).toBeVisible();
  await expect(help.locator('.help-row', { hasText: 'Run pipeline' })).toContainText('Ctrl');
  await expect(help.locator('.help-row', { hasText: 'Undo' })).toContainText('Z');
  await page.keyboard.press('Escape');
  await expect(help).toHaveCount(0);
});

test('a pipeline can be built with the keyboard alone', async ({ page }) => {
  await openStudio(page, studio!);
  await newPipeline(page);
  await page.locator('body').press('a');
  await expect(page.locator('#palette-search')).toBeFocused();
  await page.keyboard.type('sample data');
  await page.keyboard.press('Enter');
  await expect(page.locator('.react-flow__node')).toHaveCount(1);
  await page.locator('body').press('a');
  await page.keyboard.type('filter');
  await page.keyboard.press('Enter');
  await expect(page.locator('.react-flow__node')).toHaveCount(2);
  // The new node is selected: wire its input from the inspector.
  await expect(page.locator('.inspector input[aria-label="node id"]')).toHaveValue('filter_1');
  const from = page.locator('.inspector select[aria-label="input in reads from"]');
  await from.focus();
  await from.selectOption({ label: 'sample_1' });
  await expect(page.locator('.react-flow__edge[data-id="sample_1->filter_1"]')).toHaveCount(1);
  await param(page, 'condition').locator('textarea').focus();
  await page.keyboard.type('qty > 2');
  await page.keyboard.press('Enter');
  await expect(node(page, 'filter_1').locator('.card-summary')).toHaveText('qty > 2');
  await page.keyboard.press('Control+Enter');
  await expect(page.locator('[data-testid="run-status"]')).toHaveAttribute('data-status', 'COMPLETED', { timeout: 60_000 });
});

test('the Plan tab shows the plans, what the optimizer changed, and the plan without a rule', async ({ page }) => {
  await openStudio(page, studio!);
  await page.locator('[data-action="open"]').click();
  await page.locator('[data-testid="file-dialog"] .examples button', { hasText: 'revenue-by-country' }).click();
  await expect(page.locator('.react-flow__node')).toHaveCount(7);
  await page.locator('.tab', { hasText: 'Plan' }).click();
  // The tab opens on the graph; the texts are one click away.
  await page.getByRole('radio', { name: 'optimized' }).click();
  const text = page.locator('[data-testid="plan-text"]');
  await expect(text).toContainText('by_country', { timeout: 30_000 });
  await page.getByRole('radio', { name: 'physical' }).click();
  await expect(text).toContainText(/stage/i);
  await page.getByRole('radio', { name: 'changes' }).click();
  await expect(page.locator('[data-testid="plan-diff"] .diff-added').first()).toBeVisible();
  const rule = page.locator('[data-testid="rules-fired"] .chip.on').first();
  const name = (await rule.textContent())!;
  await rule.click();
  await expect(page.locator('[data-testid="rules-fired"] .chip.off')).toHaveText(name);
  await expect(page.locator('[data-testid="rules-fired"] .chip.on', { hasText: new RegExp(`^${name}$`) })).toHaveCount(0);
});
