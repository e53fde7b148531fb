// Opening a workspace file through the studio's Open dialog, as a user does.

import { expect, type Page } from '@playwright/test';

/**
 * Clicks Open, then each entry in turn (folders, then the file), then the dialog's Open button,
 * and waits for the dialog to close. It closes only once the document is loaded; what the page
 * shows before that may be the document autosaved by an earlier test on the same server (same
 * node count, same path), and a run started then is wiped by the load that follows.
 */
export async function openThroughDialog(page: Page, ...entries: string[]): Promise<void> {
  const dialog = page.getByTestId('file-dialog');
  await page.locator('[data-action="open"]').click();
  for (const entry of entries) await dialog.locator('.file-entry', { hasText: entry }).click();
  await dialog.locator('button[type="submit"]').click();
  await expect(dialog).toHaveCount(0);
}
