// The Model tab of a model.load node, in Chromium against browser mode: a training pipeline run
// by the CLI (`tributary run`, into the studio's history) saves a linear model with saveTo; a
// scoring pipeline opened in the studio loads that folder. The tab shows the coefficients and
// intercept the CLI run fitted (named by the assembler upstream), the folder, Spark's class and
// format version, and the run that saved it with its pipeline's name.

import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, test, type Locator } from '@playwright/test';
import { CLI, NODE, startStudio, stopStudio, type Studio } from './own-studio.ts';
import { openThroughDialog } from './open-dialog.ts';

const run = promisify(execFile);

const houses = (seed: number) => ({ id: 'houses', kind: 'source.sample', params: { dataset: 'houses', rows: 3000, seed } });
const assemble = { id: 'asm', kind: 'feature.vectorAssembler', params: { inputCols: ['sqft', 'bedrooms', 'age'] } };
const TRAIN = {
  version: 1, name: 'train prices',
  nodes: [houses(4), assemble, { id: 'lin', kind: 'model.linearRegression', params: { labelCol: 'price', saveTo: 'models/price' } },
    { id: 'out', kind: 'sink.parquet', params: { path: 'fitted.parquet' } }],
  edges: [{ from: 'houses', to: 'asm' }, { from: 'asm', to: 'lin.train' }, { from: 'lin', to: 'out' }],
};
const SCORE = {
  version: 1, name: 'score prices',
  nodes: [houses(5), assemble, { id: 'load', kind: 'model.load', params: { path: 'models/price' } }],
  edges: [{ from: 'houses', to: 'asm' }, { from: 'asm', to: 'load.score' }],
};

async function numbers(cells: Locator): Promise<number[]> {
  return Promise.all((await cells.all()).map(async (c) => Number(await c.getAttribute('data-value'))));
}

let studio: Studio | undefined;
test.beforeAll(async () => { studio = await startStudio('model-load'); });
test.afterAll(async () => { await stopStudio(studio); });

test('the Model tab of model.load shows the loaded coefficients and the run that saved them', async ({ page }, info) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1600, height: 1000 });
  await page.addInitScript(() => localStorage.setItem('tributary.panelSizes', JSON.stringify({ bottom: 440 })));
  const workspace = studio!.workspace;
  writeFileSync(path.join(workspace, 'train.json'), JSON.stringify(TRAIN, null, 2));
  writeFileSync(path.join(workspace, 'score.json'), JSON.stringify(SCORE, null, 2));
  // The earlier run: the CLI, recording into the studio's history (its TRIBUTARY_HOME).
  const { stdout } = await run(NODE, [CLI, 'run', 'train.json', '--json'], {
    cwd: workspace, env: { ...process.env, TRIBUTARY_HOME: path.join(workspace, '.tributary') }, maxBuffer: 64 * 1024 * 1024,
  });
  const trained = JSON.parse(stdout) as { runId: string; status: string; models: Record<string, { summary: { coefficients: number[]; intercept: number } }> };
  expect(trained.status).toBe('COMPLETED');
  const fitted = trained.models.lin!.summary;
  expect(fitted.coefficients).toHaveLength(3);

  await page.goto(studio!.pageUrl);
  await expect(page.locator('.studio[data-ready="true"]')).toBeVisible({ timeout: 30_000 });
  await openThroughDialog(page, 'score.json');
  await expect(page.locator('.doc-path')).toHaveText('score.json');
  await expect(page.locator('.badge-error')).toHaveCount(0, { timeout: 15_000 });

  await page.locator('.tab', { hasText: 'Model' }).click();
  await page.locator('select[aria-label="Model node"]').selectOption('load');
  const tab = page.locator('[data-testid="model-tab"][data-node-id="load"]');
  const loaded = tab.locator('[data-testid="loaded-model"]');
  await expect(loaded).toBeVisible({ timeout: 30_000 });
  // The numbers: the CLI run's fit, read back from the folder (Parquet doubles: exact).
  const coefficients = loaded.locator('[data-testid="model-coefficients"]');
  await expect(coefficients).toHaveCount(3);
  expect(await numbers(coefficients)).toEqual(fitted.coefficients);
  expect(Number(await loaded.locator('[data-testid="model-intercept"]').getAttribute('data-value'))).toBe(fitted.intercept);
  expect(await loaded.locator('[data-testid="row-name"]').allTextContents()).toEqual(['sqft', 'bedrooms', 'age']);
  // Where it came from.
  await expect(loaded.locator('[data-testid="model-folder"]')).toHaveText(path.join(workspace, 'models/price'));
  await expect(loaded.locator('[data-testid="model-class"]')).toHaveText('LinearRegressionModel');
  await expect(loaded.locator('[data-testid="model-spark-version"]')).toHaveText('4.0.0');
  await expect(loaded.locator('[data-testid="model-origin"]')).toHaveAttribute('data-run-id', trained.runId);
  await expect(loaded.locator('[data-testid="model-saved-by"]')).toContainText(`Saved by run ${trained.runId} by node lin`);
  await expect(loaded.locator('[data-testid="model-saved-by"]')).toContainText('of pipeline train prices (cli, COMPLETED');

  await page.screenshot({ path: info.outputPath('model-load-tab.png') });
  await info.attach('model-load-tab', { path: info.outputPath('model-load-tab.png'), contentType: 'image/png' });
});
