// What a new user meets in the first minutes, in Chromium against browser mode: the example opens
// clean (no unsaved dot, New does not ask), a first Save names the pipeline after its file, a
// filter pushed into its scan shows the rows it kept, the example writes into the workspace's
// output/ (as the inspector says), and a node's old run error goes once its cause is fixed.

import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { CLI, NODE, startStudio, stopStudio, type Studio } from './own-studio.ts';
import { openThroughDialog } from './open-dialog.ts';

const run = promisify(execFile);
let studio: Studio | undefined;
test.beforeEach(async () => { studio = await startStudio('first-minutes'); });
test.afterEach(async () => { await stopStudio(studio); });

/** Opens the studio; every browser dialog (confirm) is recorded and accepted. */
async function openStudio(page: Page): Promise<string[]> {
  const dialogs: string[] = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); void d.accept(); });
  await page.goto(studio!.pageUrl);
  await expect(page.locator('.studio[data-ready="true"]')).toBeVisible({ timeout: 30_000 });
  return dialogs;
}

const node = (page: Page, id: string): Locator => page.locator(`.react-flow__node[data-id="${id}"]`);
const param = (page: Page, name: string): Locator => page.locator(`.inspector .field[data-param="${name}"]`);
const runStatus = (page: Page): Locator => page.locator('[data-testid="run-status"]');

/** Pans the canvas, as a user drags it, until the node is inside it: at a readable zoom the
 *  example's last nodes are a scroll away to the right (renderer/canvas/fit.ts). */
async function reveal(page: Page, id: string): Promise<void> {
  const canvas = (await page.locator('.react-flow').boundingBox())!;
  const card = (await node(page, id).boundingBox())!;
  const over = card.x + card.width + 40 - (canvas.x + canvas.width);
  if (over <= 0) return;
  // Drag from empty pane near the canvas's bottom-left corner (above the minimap's row).
  const from = { x: canvas.x + canvas.width / 2, y: canvas.y + canvas.height - 130 };
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x - over, from.y, { steps: 8 });
  await page.mouse.up();
}

async function select(page: Page, id: string): Promise<void> {
  await reveal(page, id);
  await node(page, id).locator('.card-id').click();
  await expect(page.locator('.inspector input[aria-label="node id"]')).toHaveValue(id);
}

async function setText(page: Page, name: string, value: string): Promise<void> {
  const input = param(page, name).locator('input, textarea').first();
  await input.fill(value);
  await input.press('Enter');
}

/** Writes a pipeline file into the workspace and opens it through the Open dialog. */
async function openFile(page: Page, name: string, doc: unknown, nodes: number): Promise<void> {
  writeFileSync(path.join(studio!.workspace, name), JSON.stringify(doc, null, 2));
  await openThroughDialog(page, name);
  await expect(page.locator('.react-flow__node')).toHaveCount(nodes);
}

test('the untouched example is clean: no unsaved dot, not after a reload either, and New does not ask', async ({ page }) => {
  const dialogs = await openStudio(page);
  await expect(page.locator('.react-flow__node')).toHaveCount(7);
  await expect(page.locator('.doc-path')).toHaveText('revenue-by-country.json');
  await expect(page.locator('.dirty-dot')).toHaveCount(0);
  await expect(page.locator('.doc-path')).toHaveAttribute('data-example', 'true');
  await page.locator('[data-action="new"]').click();
  await expect(page.locator('.react-flow__node')).toHaveCount(0);
  expect(dialogs).toEqual([]);
  // Opened from the Open dialog, kept by the autosave and restored after a reload: still clean.
  await page.locator('[data-action="open"]').click();
  await page.locator('[data-testid="file-dialog"] .examples button', { hasText: 'revenue-by-country' }).click();
  await expect(page.locator('.react-flow__node')).toHaveCount(7);
  await expect(page.locator('.dirty-dot')).toHaveCount(0);
  await expect(page.locator('.doc-path')).toHaveAttribute('data-autosaved', 'true');
  await page.reload();
  await expect(page.locator('.studio[data-ready="true"]')).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('.react-flow__node')).toHaveCount(7);
  await expect(page.locator('.doc-path')).toHaveAttribute('data-example', 'true');
  await expect(page.locator('.dirty-dot')).toHaveCount(0);
  // An edited example is unsaved work: the dot shows and New asks first.
  await page.locator('.toolbar input[aria-label="Partitions"]').fill('3');
  await page.locator('.toolbar input[aria-label="Partitions"]').press('Enter');
  await expect(page.locator('.dirty-dot')).toHaveCount(1);
  await page.locator('[data-action="new"]').click();
  await expect(page.locator('.react-flow__node')).toHaveCount(0);
  expect(dialogs).toEqual(['Discard the unsaved changes of this pipeline?']);
});

test('Save as my-orders.json names the pipeline my-orders, on screen and in the file; a reload keeps it clean', async ({ page }) => {
  await openStudio(page);
  await page.locator('[data-action="new"]').click();
  await expect(page.locator('.toolbar input[aria-label="Pipeline name"]')).toHaveValue('untitled');
  await page.locator('[data-action="save"]').click();
  await page.locator('[data-testid="file-dialog"] input[aria-label="File name"]').fill('my-orders.json');
  await page.locator('[data-testid="file-dialog"] button[type="submit"]').click();
  await expect(page.locator('.doc-path')).toHaveText('my-orders.json');
  await expect(page.locator('.toolbar input[aria-label="Pipeline name"]')).toHaveValue('my-orders');
  await expect(page.locator('.dirty-dot')).toHaveCount(0);
  const saved = JSON.parse(readFileSync(path.join(studio!.workspace, 'my-orders.json'), 'utf8')) as { name: string };
  expect(saved.name).toBe('my-orders');
  // Restored after a reload, a document that is the file on disk is not unsaved work.
  await expect(page.locator('.doc-path')).toHaveAttribute('data-autosaved', 'true');
  await page.reload();
  await expect(page.locator('.studio[data-ready="true"]')).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('.toolbar input[aria-label="Pipeline name"]')).toHaveValue('my-orders');
  await expect(page.locator('.dirty-dot')).toHaveCount(0);
});

test('Save of the example asks where, and never silently replaces a file of the same name', async ({ page }) => {
  const mine = path.join(studio!.workspace, 'revenue-by-country.json');
  writeFileSync(mine, '{"mine": true}\n');
  const dialogs: string[] = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
  await page.goto(studio!.pageUrl);
  await expect(page.locator('.studio[data-ready="true"]')).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('.doc-path')).toHaveAttribute('data-example', 'true');
  await page.locator('[data-action="save"]').click();
  const name = page.locator('[data-testid="file-dialog"] input[aria-label="File name"]');
  await expect(name).toHaveValue('revenue-by-country.json');
  await page.locator('[data-testid="file-dialog"] .file-entry', { hasText: 'revenue-by-country.json' }).waitFor();
  await page.locator('[data-testid="file-dialog"] button[type="submit"]').click();
  await expect.poll(() => dialogs).toEqual(['Replace revenue-by-country.json? The file in the workspace is overwritten.']);
  expect(readFileSync(mine, 'utf8')).toBe('{"mine": true}\n');
  // Saved under another name instead.
  await name.fill('my-revenue.json');
  await page.locator('[data-testid="file-dialog"] button[type="submit"]').click();
  await expect(page.locator('.doc-path')).toHaveText('my-revenue.json');
  expect(JSON.parse(readFileSync(path.join(studio!.workspace, 'my-revenue.json'), 'utf8'))).toMatchObject({ name: 'my-revenue' });
  expect(readFileSync(mine, 'utf8')).toBe('{"mine": true}\n');
});

test('a filter pushed into its scan shows the rows it kept; the source the rows it read (as the CLI counts)', async ({ page }) => {
  test.setTimeout(120_000);
  const doc = {
    version: 1, name: 'adults', settings: { partitions: 2 },
    nodes: [
      { id: 'users', kind: 'source.sample', params: { dataset: 'users', rows: 3000, seed: 3 }, position: { x: 0, y: 0 } },
      { id: 'adults', kind: 'transform.filter', params: { condition: 'age >= 40' }, position: { x: 260, y: 0 } },
      { id: 'by_country', kind: 'transform.aggregate',
        params: { groupBy: ['country'], aggregations: [{ fn: 'count', as: 'n' }] }, position: { x: 520, y: 0 } },
    ],
    edges: [{ from: 'users', to: 'adults' }, { from: 'adults', to: 'by_country' }],
  };
  await openStudio(page);
  await openFile(page, 'adults.json', doc, 3);
  const { stdout } = await run(NODE, [CLI, 'run', path.join(studio!.workspace, 'adults.json'), '--json'], { cwd: studio!.workspace });
  const rows = Object.fromEntries((JSON.parse(stdout) as { nodes: { nodeId: string; rows: number }[] }).nodes.map((n) => [n.nodeId, n.rows]));
  expect(rows.users).toBe(3000);
  expect(rows.adults).toBeGreaterThan(0);
  expect(rows.adults).toBeLessThan(3000);
  await page.locator('[data-action="run"]').click();
  await expect(runStatus(page)).toHaveAttribute('data-status', 'COMPLETED', { timeout: 60_000 });
  const fmt = (n: number): string => `${n.toLocaleString('en-US')} rows`;
  await expect(node(page, 'adults').locator('.card')).toHaveAttribute('data-state', 'done');
  await expect(node(page, 'adults').locator('.card-run-text')).toContainText(fmt(rows.adults!));
  await expect(node(page, 'users').locator('.card-run-text')).toContainText(fmt(3000));
});

test('the example writes into the workspace output/ folder, as the inspector says', async ({ page }) => {
  test.setTimeout(120_000);
  await openStudio(page);
  await expect(page.locator('.react-flow__node')).toHaveCount(7);
  await select(page, 'save');
  await expect(param(page, 'path').locator('[data-testid="path-base"]')).toContainText('Relative paths resolve against workspace/');
  await page.locator('[data-action="run"]').click();
  await expect(runStatus(page)).toHaveAttribute('data-status', 'COMPLETED', { timeout: 90_000 });
  expect(existsSync(path.join(studio!.workspace, 'output/revenue-by-country.parquet'))).toBe(true);
  expect(existsSync(path.join(studio!.workspace, 'out'))).toBe(false);
  // A new, unsaved pipeline says its relative paths resolve against the workspace.
  await page.locator('[data-action="new"]').click();
  await page.locator('.palette-item[data-kind="sink.csv"]').dragTo(page.locator('.canvas'), { targetPosition: { x: 300, y: 200 } });
  await expect(page.locator('.react-flow__node')).toHaveCount(1);
  await page.locator('.react-flow__node .card-id').click();
  await expect(param(page, 'path').locator('[data-testid="path-base"]')).toContainText('Not saved yet: relative paths resolve against the workspace');
});

test('a node error goes once its cause is fixed, before the next run', async ({ page }) => {
  test.setTimeout(120_000);
  const doc = {
    version: 1, name: 'once', settings: { partitions: 1 },
    nodes: [
      { id: 'users', kind: 'source.sample', params: { dataset: 'users', rows: 100 }, position: { x: 0, y: 0 } },
      { id: 'adults', kind: 'transform.filter', params: { condition: 'age >= 18' }, position: { x: 260, y: 0 } },
      { id: 'save', kind: 'sink.csv', params: { path: 'output/once.csv', mode: 'error' }, position: { x: 520, y: 0 } },
    ],
    edges: [{ from: 'users', to: 'adults' }, { from: 'adults', to: 'save' }],
  };
  await openStudio(page);
  await openFile(page, 'once.json', doc, 3);
  // A run error: the second run refuses to overwrite the first one's file (mode: error).
  await page.locator('[data-action="run"]').click();
  await expect(runStatus(page)).toHaveAttribute('data-status', 'COMPLETED', { timeout: 60_000 });
  await page.locator('[data-action="run"]').click();
  await expect(runStatus(page)).toHaveAttribute('data-status', 'FAILED', { timeout: 60_000 });
  const runError = node(page, 'save').locator('[data-testid="node-run-error"]');
  await expect(runError).toContainText('once.csv');
  await select(page, 'save');
  await param(page, 'mode').locator('select').selectOption('overwrite');
  await expect(runError).toHaveCount(0);
  await expect(node(page, 'save').locator('.card')).not.toHaveAttribute('data-state', 'failed');

  // A run refused by the check: the error on the node goes when the check passes.
  await select(page, 'adults');
  await setText(page, 'condition', 'agee >= 18');
  await expect(node(page, 'adults').locator('[data-testid="node-issue"]')).toContainText('agee');
  await page.locator('[data-action="run"]').click();
  const refused = node(page, 'adults').locator('[data-testid="node-run-error"]');
  await expect(refused).toContainText('agee');
  await setText(page, 'condition', 'age >= 21');
  await expect(node(page, 'adults').locator('[data-testid="node-issue"]')).toHaveCount(0);
  await expect(refused).toHaveCount(0);
});
