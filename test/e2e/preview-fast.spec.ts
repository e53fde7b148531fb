// The preview's fast path in the studio: an aggregate over a source larger than the cap is shown
// from the source's first rows, labelled so, with an Exact button; the exact answer replaces it
// (the label goes, the counts become the whole source's). Shift+E (the exactPreview action) does
// the same. Screenshot: preview-approximate.png in assets/screenshots.

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { ROOT, startStudio, stopStudio, type Studio } from './own-studio.ts';
import { openThroughDialog } from './open-dialog.ts';

const SHOTS = path.join(ROOT, 'assets/screenshots');
const ROWS = 3_000_000;
/** engine/exec/preview-prefix.ts PREVIEW_PREFIX_ROWS: a sample source is cut at exactly the cap. */
const CAP = 1_048_576;
let studio: Studio | undefined;
test.beforeAll(async () => { studio = await startStudio('preview-fast'); });
test.afterAll(async () => { await stopStudio(studio); });
test.use({ viewport: { width: 1400, height: 900 } });

const BY_CATEGORY = {
  version: 1, name: 'by-category',
  nodes: [
    { id: 'events', kind: 'source.sample', params: { dataset: 'events', rows: ROWS }, position: { x: 0, y: 0 } },
    { id: 'by_category', kind: 'transform.aggregate',
      params: { groupBy: ['category'], aggregations: [{ fn: 'count', as: 'n' }] }, position: { x: 300, y: 0 } },
  ],
  edges: [{ from: 'events', to: 'by_category' }],
};

/** The sum of the preview table's `n` column once the shown preview is the document's. */
async function shownRows(page: Page): Promise<number> {
  await expect(page.locator('.preview-table[data-fresh="true"]')).toBeVisible({ timeout: 60_000 });
  const table = page.getByTestId('preview-table');
  const header = await table.locator('.vtable-head .col-name').allTextContents();
  const n = header.indexOf('n');
  expect(n).toBeGreaterThanOrEqual(0);
  const rows = await Promise.all((await table.locator('.vrow').all()).map((r) => r.locator('[role="cell"]').nth(n).textContent()));
  expect(rows.length).toBeGreaterThan(1);
  return rows.reduce((s, v) => s + Number(v), 0);
}

test('an aggregate over a large source is labelled approximate; Exact (button or Shift+E) replaces it with the exact answer', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(studio!.pageUrl);
  await expect(page.locator('.studio[data-ready="true"]')).toBeVisible({ timeout: 30_000 });
  writeFileSync(path.join(studio!.workspace, 'by-category.json'), JSON.stringify(BY_CATEGORY, null, 2));
  await openThroughDialog(page, 'by-category.json');
  await expect(page.locator('.react-flow__node')).toHaveCount(2);
  await page.locator('.react-flow__node[data-id="by_category"] .card-id').click();
  await page.locator('.tab', { hasText: 'Preview' }).click();

  const label = page.getByTestId('preview-approx');
  await expect(label).toHaveText(`Approximate: from the first ${CAP.toLocaleString('en-US')} of ${ROWS.toLocaleString('en-US')} rows of eventsExact`,
    { timeout: 60_000 });
  expect(await shownRows(page)).toBe(CAP);
  await page.locator('.preview-toolbar').screenshot({ path: path.join(SHOTS, 'preview-approximate.png') });

  await page.getByTestId('preview-exact').click();
  await expect(label).toHaveCount(0, { timeout: 60_000 });
  expect(await shownRows(page)).toBe(ROWS);

  // Refresh shows the fast answer again; Shift+E asks for the exact one.
  await page.locator('.preview-toolbar button', { hasText: 'Refresh' }).click();
  await expect(label).toBeVisible({ timeout: 60_000 });
  expect(await shownRows(page)).toBe(CAP);
  await page.keyboard.press('Shift+E');
  await expect(label).toHaveCount(0, { timeout: 60_000 });
  expect(await shownRows(page)).toBe(ROWS);
});
