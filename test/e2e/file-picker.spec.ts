// The path field of sources and sinks, in Chromium against browser mode with a server of its own:
// Browse opens the workspace browser showing only the node's format, the picked file lands in the
// node relative to the pipeline file's folder, the field says it exists with its size and its
// rows (Parquet footer; the file written by DuckDB); a recent files list; "not found" for a
// missing file, the path policy's refusal for a path outside the workspace; a sink's output
// "not found" until the run creates it.

import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { formatBytes } from '../../renderer/files/doc-relative.ts';
import { startStudio, stopStudio, type Studio } from './own-studio.ts';
import { openThroughDialog } from './open-dialog.ts';

let studio: Studio | undefined;
test.beforeAll(async () => {
  studio = await startStudio('file-picker');
  const data = path.join(studio.workspace, 'data');
  mkdirSync(data, { recursive: true });
  mkdirSync(path.join(studio.workspace, 'pipes'), { recursive: true });
  writeFileSync(path.join(data, 'people.csv'), 'name,age\nAda,36\n');
  const duck = await (await DuckDBInstance.create(':memory:', { threads: '1' })).connect();
  await duck.run(`COPY (SELECT range AS event_id, range % 100 AS user_id, (range % 17) * 1.5 AS amount FROM range(250000))
    TO '${path.join(data, 'events.parquet')}' (FORMAT parquet, ROW_GROUP_SIZE 100000)`);
  duck.closeSync();
  const doc = {
    version: 1, name: 'read-events',
    nodes: [
      { id: 'events', kind: 'source.parquet', params: {}, position: { x: 0, y: 0 } },
      { id: 'save', kind: 'sink.csv', params: { path: 'out/events.csv' }, position: { x: 320, y: 0 } },
    ],
    edges: [{ from: 'events', to: 'save' }],
  };
  writeFileSync(path.join(studio.workspace, 'pipes', 'read-events.json'), JSON.stringify(doc, null, 2));
});
test.afterAll(async () => { await stopStudio(studio); });

const node = (page: Page, id: string): Locator => page.locator(`.react-flow__node[data-id="${id}"]`);
const pathParam = (page: Page): Locator => page.locator('.inspector .field[data-param="path"]');

async function select(page: Page, id: string): Promise<void> {
  await node(page, id).locator('.card-id').click();
  await expect(page.locator('.inspector input[aria-label="node id"]')).toHaveValue(id);
}

async function typePath(page: Page, value: string): Promise<void> {
  const input = pathParam(page).locator('input').first();
  await input.fill(value);
  await input.press('Enter');
}

test('pick a Parquet file in the workspace browser: it lands in the node, the field shows size and rows; missing and refused paths say so', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(studio!.pageUrl);
  await expect(page.locator('.studio[data-ready="true"]')).toBeVisible({ timeout: 30_000 });
  await openThroughDialog(page, 'pipes', 'read-events.json');
  await expect(page.locator('.doc-path')).toHaveAttribute('title', 'pipes/read-events.json');

  await select(page, 'events');
  await pathParam(page).getByTestId('path-browse').click();
  const dialog = page.getByTestId('data-file-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('recent-file')).toHaveCount(0);
  await dialog.locator('.file-entry', { hasText: 'data' }).click();
  // Only the node's format: the CSV beside it is not offered.
  await expect(dialog.locator('.file-entry')).toHaveText(['events.parquet']);
  await dialog.locator('.file-entry', { hasText: 'events.parquet' }).click();
  await dialog.getByRole('button', { name: 'Choose' }).click();
  await expect(dialog).toHaveCount(0);

  // The path is the document's: relative to pipes/, where the pipeline file is.
  await expect(pathParam(page).locator('input').first()).toHaveValue('../data/events.parquet');
  await expect(node(page, 'events').locator('.card-summary')).toHaveText('../data/events.parquet');
  const bytes = statSync(path.join(studio!.workspace, 'data', 'events.parquet')).size;
  const status = pathParam(page).getByTestId('path-status');
  await expect(status).toHaveText(`exists · ${formatBytes(bytes)} · 250,000 rows`);
  await expect(status).toHaveAttribute('data-status', 'file');

  await typePath(page, '../data/nope.parquet');
  await expect(status).toHaveText('not found');
  await expect(status).toHaveAttribute('data-status', 'missing');
  await typePath(page, '/etc/hosts');
  await expect(status).toHaveAttribute('data-status', 'refused');
  await expect(status).toContainText('/etc/hosts is outside the workspace');
  await expect(status).toContainText('add its folder under Settings > Data folders');

  // The recent files bring it back in one click.
  await pathParam(page).getByTestId('path-browse').click();
  await dialog.getByTestId('recent-file').filter({ hasText: '../data/events.parquet' }).click();
  await expect(pathParam(page).locator('input').first()).toHaveValue('../data/events.parquet');
  await expect(status).toHaveAttribute('data-status', 'file');

  // A sink's output does not exist until the run writes it.
  await select(page, 'save');
  await expect(status).toHaveText('not found: the run will create it');
  await page.locator('[data-action="run"]').click();
  await expect(page.locator('[data-testid="run-status"]')).toHaveAttribute('data-status', 'COMPLETED', { timeout: 60_000 });
  await expect(node(page, 'events').locator('.card-run-text')).toContainText('250k rows');
  // The field asks again when the run ends: the sink is still selected, its file now there.
  await expect(page.locator('.inspector input[aria-label="node id"]')).toHaveValue('save');
  const written = statSync(path.join(studio!.workspace, 'pipes', 'out', 'events.csv')).size;
  await expect(status).toHaveText(`exists · ${formatBytes(written)}`);
});
