// The Export dialog end to end: the pipeline on the canvas (even unsaved) as a highlighted
// TypeScript script; Save as downloads it and the download runs with node where `tributary`
// resolves; Copy puts the same text on the clipboard; the keyboard shortcut opens it too.
// Own server (own workspace), as studio.spec.ts; the global setup has built the studio and library.

import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, test, type Page } from '@playwright/test';
import { NODE, ROOT, startStudio, stopStudio, type Studio } from './own-studio.ts';

const run = promisify(execFile);
let studio: Studio | undefined;

test.beforeAll(async () => { studio = await startStudio('export'); });
test.afterAll(async () => { await stopStudio(studio); });

async function openStudio(page: Page): Promise<void> {
  await page.goto(studio!.pageUrl);
  await expect(page.locator('.studio[data-ready="true"]')).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('.react-flow__node').first()).toBeVisible();
}

const code = (page: Page) => page.getByTestId('export-code');

test('Export shows the highlighted script, and the saved file runs with node', async ({ page }) => {
  test.setTimeout(120_000);
  await openStudio(page);
  const name = await page.locator('.toolbar input[aria-label="Pipeline name"]').inputValue();
  await page.locator('[data-action="export"]').click();
  const dialog = page.getByRole('dialog', { name: 'Export pipeline as code' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Export target')).toHaveValue('ts');
  await expect(code(page)).toContainText(`const p = pipeline('${name}'`);
  await expect(code(page).locator('.hljs-keyword').first()).toBeVisible();
  await expect(code(page).locator('.hljs-comment').first()).toBeVisible();
  await expect(page.getByTestId('export-file-name')).toHaveText(`${name}.ts`);

  const downloading = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Save as…' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`${name}.ts`);
  const consumer = mkdtempSync(path.join(os.tmpdir(), 'tributary-export-e2e-'));
  try {
    mkdirSync(path.join(consumer, 'node_modules'));
    symlinkSync(ROOT, path.join(consumer, 'node_modules/tributary'), 'dir');
    const script = path.join(consumer, download.suggestedFilename());
    await download.saveAs(script);
    expect(readFileSync(script, 'utf8')).toBe(await code(page).innerText());
    await run(NODE, [script], { cwd: os.tmpdir(), timeout: 90_000 });
    const doc = JSON.parse(readFileSync(path.join(ROOT, 'assets/examples', `${name}.json`), 'utf8')) as {
      nodes: { kind: string; params: { path?: string } }[];
    };
    for (const sink of doc.nodes.filter((n) => n.kind.startsWith('sink.'))) {
      expect(existsSync(path.join(consumer, sink.params.path!)), sink.params.path).toBe(true);
    }
  } finally {
    rmSync(consumer, { recursive: true, force: true });
  }
});

test('Export follows unsaved edits; Copy puts the script on the clipboard', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openStudio(page);
  const title = page.locator('.toolbar input[aria-label="Pipeline name"]');
  await title.fill('edited in the studio');
  await title.press('Enter');
  await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+Shift+E');
  const dialog = page.getByRole('dialog', { name: 'Export pipeline as code' });
  await expect(code(page)).toContainText("const p = pipeline('edited in the studio'");
  await expect(page.getByTestId('export-file-name')).toHaveText('edited-in-the-studio.ts');
  await dialog.getByRole('button', { name: 'Copy' }).click();
  await expect(dialog.getByRole('button', { name: 'Copied' })).toBeVisible();
  // This file type-checks without the DOM library: the page's navigator, typed by hand.
  const clipboard = await page.evaluate(() => (navigator as unknown as { clipboard: { readText(): Promise<string> } }).clipboard.readText());
  expect(clipboard).toBe(await code(page).innerText());
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});
