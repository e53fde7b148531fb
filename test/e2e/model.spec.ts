// The Model tab end to end, in Chromium against browser mode: open the house-prices example
// (houses -> vector assembler -> split -> linear regression -> evaluate), save it, run it, and
// hold what the studio shows against `tributary run --json` and `tributary preview` on the same
// saved file: the coefficients (named by the assembler's input columns), the evaluate metric on
// its card, and one residual point per previewed row. Then a classification and clustering
// pipeline: the ROC curve's AUC over the previewed rows, k-means sizes and centers. The spec
// starts its own server (own workspace and data folder); the global setup has built the renderer.

import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { CLI, NODE, ROOT, cliRows, startStudio, stopStudio, type Studio } from './own-studio.ts';
import { openThroughDialog } from './open-dialog.ts';

const run = promisify(execFile);
/** At most this many marks per scatter (renderer/panels/model/downsample.ts MAX_PLOTTED_POINTS). */
const MAX_PLOTTED_POINTS = 2000;
/** Rows the studio previews (renderer/session.ts loadPreview). */
const PREVIEW_LIMIT = 1000;

interface CliModel { readonly nodeId: string; readonly kind: string; readonly state: unknown;
  readonly summary: Record<string, number | string | (number | string)[] | null> }

const node = (page: Page, id: string): Locator => page.locator(`.react-flow__node[data-id="${id}"]`);

/** Equal up to floating sums in another order (the design allows 1e-9 relative). */
function expectClose(shown: number, printed: number): void {
  expect(Math.abs(shown - printed)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(printed)));
}

async function numbers(cells: Locator): Promise<number[]> {
  return Promise.all((await cells.all()).map(async (c) => Number(await c.getAttribute('data-value'))));
}

let studio: Studio | undefined;
test.beforeAll(async () => { studio = await startStudio('model'); });
test.afterAll(async () => { await stopStudio(studio); });

test('the Model tab shows the coefficients the CLI reports, a residual point per previewed row, and the metric on the evaluate card',
  async ({ page }, info) => {
    test.setTimeout(240_000);
    await page.setViewportSize({ width: 1600, height: 1000 });
    page.on('dialog', (d) => void d.accept());
    // A taller bottom panel (the studio keeps panel sizes in this browser profile) shows tables and plot whole.
    await page.addInitScript(() => localStorage.setItem('tributary.panelSizes', JSON.stringify({ bottom: 440 })));
    await page.goto(studio!.pageUrl);
    await expect(page.locator('.studio[data-ready="true"]')).toBeVisible({ timeout: 30_000 });

    await page.locator('[data-action="open"]').click();
    await page.locator('[data-testid="file-dialog"] .examples button', { hasText: 'house-prices' }).click();
    await expect(node(page, 'price_model')).toBeVisible();
    await expect(page.locator('.badge-error')).toHaveCount(0, { timeout: 15_000 });
    await page.keyboard.press('Control+Shift+s');
    await page.locator('[data-testid="file-dialog"] input[aria-label="File name"]').fill('house-prices-e2e.json');
    await page.locator('[data-testid="file-dialog"] button[type="submit"]').click();
    await expect(page.locator('.doc-path')).toHaveText('house-prices-e2e.json');

    await page.keyboard.press('Control+Enter');
    await expect(page.locator('[data-testid="run-status"]')).toHaveAttribute('data-status', 'COMPLETED', { timeout: 180_000 });

    // The same saved file through the CLI: its fitted models and the model node's first rows.
    const file = path.join(studio!.workspace, 'house-prices-e2e.json');
    const { stdout } = await run(NODE, [CLI, 'run', file, '--json'], { cwd: studio!.workspace, maxBuffer: 64 * 1024 * 1024 });
    const models = (JSON.parse(stdout) as { models?: Record<string, CliModel> }).models ?? {};
    const fitted = models.price_model;
    expect(fitted, `tributary run --json printed no model for price_model: ${Object.keys(models).join(', ')}`).toBeDefined();
    const coefficients = fitted!.summary.coefficients as number[];
    expect(coefficients).toHaveLength(4);

    // model.evaluate: its metric on the card, the value the CLI computed.
    const rmseCard = node(page, 'rmse').locator('[data-testid="node-metric"]');
    await expect(rmseCard).toHaveAttribute('data-metric', 'rmse');
    await expect(rmseCard).toContainText('rmse = ');
    const cliRmse = (models.rmse?.state as { value: number } | undefined)?.value;
    expect(typeof cliRmse).toBe('number');
    expectClose(Number(await rmseCard.getAttribute('data-value')), cliRmse!);

    await page.locator('.tab', { hasText: 'Model' }).click();
    await page.locator('select[aria-label="Model node"]').selectOption('price_model');
    const tab = page.locator('[data-testid="model-tab"][data-node-id="price_model"]');
    await expect(tab).toBeVisible();
    // Coefficients, one per assembled column, named by the assembler's inputCols.
    const shown = tab.locator('[data-testid="model-coefficients"]');
    await expect(shown).toHaveCount(4);
    const coefRows = tab.locator('[data-testid="model-list"]').first();
    expect(await coefRows.locator('[data-testid="row-name"]').allTextContents()).toEqual(['sqft', 'bedrooms', 'bathrooms', 'age']);
    (await numbers(shown)).forEach((v, i) => expectClose(v, coefficients[i]!));
    expectClose(Number(await tab.locator('[data-testid="model-intercept"]').getAttribute('data-value')), fitted!.summary.intercept as number);

    // The residual plot: one point per previewed row (rows with a label and a prediction), the zero line.
    await expect(tab.locator('[data-testid="model-drawing"][data-fresh="true"]')).toBeVisible({ timeout: 90_000 });
    const { stdout: previewOut } = await run(NODE, [CLI, 'preview', file, '--node', 'price_model', '--limit', String(PREVIEW_LIMIT), '--format', 'json'],
      { cwd: studio!.workspace, maxBuffer: 64 * 1024 * 1024 });
    const previewRows = cliRows(JSON.parse(previewOut), ['price', 'prediction'])
      .filter(([y, p]) => typeof y === 'number' && typeof p === 'number');
    expect(previewRows.length).toBeGreaterThan(0);
    const caption = tab.locator('[data-testid="residual-caption"]');
    await expect(caption).toHaveAttribute('data-rows', String(previewRows.length));
    await expect(tab.locator('[data-testid="residual-point"]')).toHaveCount(Math.min(previewRows.length, MAX_PLOTTED_POINTS));
    await expect(tab.locator('[data-testid="zero-line"]')).toHaveCount(1);
    // The same rows: the rmse over the previewed residuals matches the CLI preview's.
    const rmse = Math.sqrt(previewRows.reduce((s, [y, p]) => s + ((y as number) - (p as number)) ** 2, 0) / previewRows.length);
    expectClose(Number(await caption.getAttribute('data-rmse')), rmse);

    await page.screenshot({ path: info.outputPath('model-tab.png') });
    await info.attach('model-tab', { path: info.outputPath('model-tab.png'), contentType: 'image/png' });
    mkdirSync(path.join(ROOT, 'assets/screenshots'), { recursive: true });
    copyFileSync(info.outputPath('model-tab.png'), path.join(ROOT, 'assets/screenshots/model-tab.png'));

    // An evaluate node in the Model tab: its metric, as the CLI computed it.
    await page.locator('select[aria-label="Model node"]').selectOption('r2');
    const metric = page.locator('[data-testid="model-tab"][data-node-id="r2"] [data-testid="evaluate-metric"]');
    await expect(metric).toContainText('r2');
    expectClose(Number(await metric.getAttribute('data-value')), (models.r2?.state as { value: number }).value);
  });

// Houses labelled expensive or not; a logistic regression and k-means over the same two features.
const CLASSES = {
  version: 1, name: 'house-classes', settings: { partitions: 2 },
  nodes: [
    { id: 'houses', kind: 'source.sample', params: { dataset: 'houses', rows: 3000, seed: 3 }, position: { x: 0, y: 100 } },
    { id: 'label', kind: 'transform.derive', params: { columns: [{ name: 'expensive', expr: 'case when price > 400000 then 1.0 else 0.0 end' }] },
      position: { x: 260, y: 100 } },
    { id: 'asm', kind: 'feature.vectorAssembler', params: { inputCols: ['sqft', 'age'] }, position: { x: 520, y: 100 } },
    { id: 'clf', kind: 'model.logisticRegression', params: { labelCol: 'expensive' }, position: { x: 780, y: 0 } },
    { id: 'auc', kind: 'model.evaluate', params: { metric: 'areaUnderROC', labelCol: 'expensive', predictionCol: 'probability' },
      position: { x: 1040, y: 0 } },
    { id: 'km', kind: 'model.kmeans', params: { k: 3, seed: 5 }, position: { x: 780, y: 220 } },
  ],
  edges: [{ from: 'houses', to: 'label' }, { from: 'label', to: 'asm' }, { from: 'asm', to: 'clf.train' }, { from: 'clf', to: 'auc' },
    { from: 'asm', to: 'km.train' }],
};

/** AUC as the share of (positive, negative) pairs the score orders right, ties half: no curve involved. */
function pairwiseAuc(rows: readonly (readonly [number, number])[]): number {
  const pos = rows.filter(([y]) => y === 1).map(([, s]) => s);
  const neg = rows.filter(([y]) => y !== 1).map(([, s]) => s);
  let wins = 0;
  for (const p of pos) for (const n of neg) wins += p > n ? 1 : p === n ? 0.5 : 0;
  return wins / (pos.length * neg.length);
}

/** A vector cell as the CLI prints it: a JSON array, or its text "[a, b]". */
function vector(v: unknown): number[] {
  return (typeof v === 'string' ? JSON.parse(v) : v) as number[];
}

test('the Model tab draws a logistic regression\'s ROC curve with its AUC, and k-means sizes, centers and clusters', async ({ page }, info) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1600, height: 1000 });
  page.on('dialog', (d) => void d.accept());
  await page.addInitScript(() => localStorage.setItem('tributary.panelSizes', JSON.stringify({ bottom: 440 })));
  const file = path.join(studio!.workspace, 'house-classes.json');
  writeFileSync(file, JSON.stringify(CLASSES, null, 2));
  await page.goto(studio!.pageUrl);
  await expect(page.locator('.studio[data-ready="true"]')).toBeVisible({ timeout: 30_000 });
  await openThroughDialog(page, 'house-classes.json');
  await expect(page.locator('.doc-path')).toHaveText('house-classes.json');
  await page.keyboard.press('Control+Enter');
  await expect(page.locator('[data-testid="run-status"]')).toHaveAttribute('data-status', 'COMPLETED', { timeout: 180_000 });

  const { stdout } = await run(NODE, [CLI, 'run', file, '--json'], { cwd: studio!.workspace, maxBuffer: 64 * 1024 * 1024 });
  const models = (JSON.parse(stdout) as { models?: Record<string, CliModel> }).models ?? {};
  expect(Object.keys(models).sort()).toEqual(['auc', 'clf', 'km']);

  // Logistic regression: coefficients as the CLI's; the ROC over the previewed rows.
  await page.locator('.tab', { hasText: 'Model' }).click();
  await page.locator('select[aria-label="Model node"]').selectOption('clf');
  const clf = page.locator('[data-testid="model-tab"][data-node-id="clf"]');
  const coefficients = clf.locator('[data-testid="model-coefficients"]');
  await expect(coefficients).toHaveCount(2);
  (await numbers(coefficients)).forEach((v, i) => expectClose(v, (models.clf!.summary.coefficients as number[])[i]!));
  expect(await clf.locator('[data-testid="row-name"]').allTextContents()).toEqual(['sqft', 'age']);
  await expect(clf.locator('[data-testid="model-drawing"][data-fresh="true"]')).toBeVisible({ timeout: 90_000 });
  await expect(clf.locator('[data-testid="roc-curve"]')).toHaveCount(1);
  const { stdout: clfRows } = await run(NODE, [CLI, 'preview', file, '--node', 'clf', '--limit', String(PREVIEW_LIMIT), '--format', 'json'],
    { cwd: studio!.workspace, maxBuffer: 64 * 1024 * 1024 });
  const scored = cliRows(JSON.parse(clfRows), ['expensive', 'probability']).map(([y, p]) => [y as number, vector(p)[1]!] as const);
  expectClose(Number(await clf.locator('[data-testid="roc-auc"]').getAttribute('data-value')), pairwiseAuc(scored));
  // The evaluate card: the AUC over every row, as the CLI computed it.
  const aucCard = node(page, 'auc').locator('[data-testid="node-metric"]');
  await expect(aucCard).toHaveAttribute('data-metric', 'areaUnderROC');
  expectClose(Number(await aucCard.getAttribute('data-value')), (models.auc!.state as { value: number }).value);
  await page.screenshot({ path: info.outputPath('model-tab-roc.png') });
  await info.attach('model-tab-roc', { path: info.outputPath('model-tab-roc.png'), contentType: 'image/png' });

  // K-means: one bar per cluster with the fitted sizes; centers as the CLI's; one point per previewed row.
  await page.locator('select[aria-label="Model node"]').selectOption('km');
  const km = page.locator('[data-testid="model-tab"][data-node-id="km"]');
  const sizes = models.km!.summary.clusterSizes as number[];
  await expect(km.locator('[data-testid="bar"]')).toHaveCount(3);
  expect(await numbers(km.locator('[data-testid="bar"]'))).toEqual(sizes);
  expect(await numbers(km.locator('[data-testid="cluster-size"]'))).toEqual(sizes);
  const centers = (models.km!.state as { centers: number[][] }).centers.flat();
  (await numbers(km.locator('[data-testid="center-value"]'))).forEach((v, i) => expectClose(v, centers[i]!));
  await expect(km.locator('[data-testid="model-drawing"][data-fresh="true"]')).toBeVisible({ timeout: 90_000 });
  const { stdout: kmRows } = await run(NODE, [CLI, 'preview', file, '--node', 'km', '--limit', String(PREVIEW_LIMIT), '--format', 'json'],
    { cwd: studio!.workspace, maxBuffer: 64 * 1024 * 1024 });
  const clustered = cliRows(JSON.parse(kmRows), ['prediction']);
  await expect(km.locator('[data-testid="cluster-point"]')).toHaveCount(Math.min(clustered.length, MAX_PLOTTED_POINTS));
  await page.screenshot({ path: info.outputPath('model-tab-kmeans.png') });
  await info.attach('model-tab-kmeans', { path: info.outputPath('model-tab-kmeans.png'), contentType: 'image/png' });
});

