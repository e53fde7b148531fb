// The toolbar's memory field sets the pipeline's settings.memoryBudgetMB, saved in its file (the
// engine's use of it is tested in engine/ and main/services/).

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { startStudio, stopStudio, type Studio } from './own-studio.ts';

let studio: Studio | undefined;
test.beforeEach(async () => { studio = await startStudio('memory-budget'); });
test.afterEach(async () => { await stopStudio(studio); });

test('the memory MB field is saved as settings.memoryBudgetMB; emptied, the setting goes', async ({ page }) => {
  page.on('dialog', (d) => { void d.accept(); });
  await page.goto(studio!.pageUrl);
  await expect(page.locator('.studio[data-ready="true"]')).toBeVisible({ timeout: 30_000 });
  await page.locator('[data-action="new"]').click();
  const field = page.locator('.toolbar input[aria-label="Memory budget MB"]');
  await expect(field).toHaveValue('');
  await field.fill('256');
  await field.press('Enter');
  await page.locator('[data-action="save"]').click();
  await page.locator('[data-testid="file-dialog"] input[aria-label="File name"]').fill('budget.json');
  await page.locator('[data-testid="file-dialog"] button[type="submit"]').click();
  await expect(page.locator('.doc-path')).toHaveText('budget.json');
  const saved = (): { settings?: { memoryBudgetMB?: number } } => JSON.parse(readFileSync(path.join(studio!.workspace, 'budget.json'), 'utf8'));
  expect(saved().settings?.memoryBudgetMB).toBe(256);
  await field.fill('');
  await field.press('Enter');
  await page.locator('[data-action="save"]').click();
  await expect(page.locator('.dirty-dot')).toHaveCount(0);
  expect(saved().settings?.memoryBudgetMB).toBeUndefined();
});
