// The studio's comfort for a day's work, in Chromium at 1600x1000 against browser mode: the
// expression editor (completion, errors at their position), the canvas at fit zoom and palette
// placement, the command palette, the themes, the bottom panel and the heatmap legend. Each test
// opens a pipeline file written into the spec's own workspace; screenshots go to assets/screenshots.

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { ROOT, startStudio, stopStudio, type Studio } from './own-studio.ts';

const SHOTS = path.join(ROOT, 'assets/screenshots');

let studio: Studio | undefined;
test.beforeAll(async () => { studio = await startStudio('polish'); });
test.afterAll(async () => { await stopStudio(studio); });
test.use({ viewport: { width: 1600, height: 1000 } });

const node = (page: Page, id: string): Locator => page.locator(`.react-flow__node[data-id="${id}"]`);
const param = (page: Page, name: string): Locator => page.locator(`.inspector .field[data-param="${name}"]`);

async function openStudio(page: Page): Promise<void> {
  page.on('dialog', (d) => void d.accept());
  await page.goto(studio!.pageUrl);
  await expect(page.locator('.studio[data-ready="true"]')).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('.palette-item').first()).toBeVisible();
}

/** Writes `doc` into the workspace as `file` and opens it through the Open dialog. */
async function openDoc(page: Page, file: string, doc: object, nodes: number): Promise<void> {
  writeFileSync(path.join(studio!.workspace, file), JSON.stringify(doc, null, 2));
  await page.locator('[data-action="open"]').click();
  await page.locator('[data-testid="file-dialog"] .file-entry', { hasText: file }).click();
  await page.locator('[data-testid="file-dialog"] button[type="submit"]').click();
  await expect(page.locator('.react-flow__node')).toHaveCount(nodes);
  await expect(page.locator('.doc-path')).toHaveText(file);
}

async function select(page: Page, id: string): Promise<void> {
  await node(page, id).locator('.card-id').click();
  await expect(page.locator('.inspector input[aria-label="node id"]')).toHaveValue(id);
}

const events = (id = 'events', rows = 2000) =>
  ({ id, kind: 'source.sample', params: { dataset: 'events', rows, seed: 7 }, position: { x: 0, y: 0 } });

test('the expression editor completes columns and functions and marks an error where it is', async ({ page }) => {
  await openStudio(page);
  await openDoc(page, 'months.json', {
    version: 1, name: 'months',
    nodes: [events(), { id: 'derive_1', kind: 'transform.derive', params: { columns: [{ name: 'month', expr: 'monthh(ts)' }] },
      position: { x: 280, y: 0 } }],
    edges: [{ from: 'events', to: 'derive_1' }],
  }, 2);
  await select(page, 'derive_1');
  // The problem names the derived column, and the editor underlines the unknown name itself.
  await expect(param(page, 'columns').locator('.field-issue'))
    .toHaveText("unknown function 'monthh' at 0: did you mean 'month'? (in column 'month' of transform.derive 'derive_1')");
  const editor = param(page, 'columns').locator('.expr-editor').first();
  await expect(editor.locator('mark.expr-error')).toHaveText('monthh');

  const area = editor.locator('textarea');
  await area.fill('');
  await area.pressSequentially('mo');
  const list = editor.getByRole('listbox', { name: 'completions' });
  const month = list.getByRole('option').filter({ has: page.locator('.expr-name', { hasText: /^month$/ }) });
  await expect(month).toContainText('month(');
  await expect(month.locator('.expr-doc')).not.toBeEmpty();
  await expect(list.getByRole('option').first()).toHaveAttribute('aria-selected', 'true');
  await page.screenshot({ path: path.join(SHOTS, 'expression-completion.png') });
  // Arrow keys walk the list; Enter takes the highlighted function with its parenthesis.
  const names = await list.locator('.expr-name').allTextContents();
  const at = names.indexOf('month');
  for (let k = 0; k < at; k++) await area.press('ArrowDown');
  await expect(month).toHaveAttribute('aria-selected', 'true');
  await area.press('Enter');
  await expect(area).toHaveValue('month(');
  // Columns come from the input port's schema, with their type.
  await area.pressSequentially('t');
  const ts = list.getByRole('option').filter({ has: page.locator('.expr-name', { hasText: /^ts$/ }) });
  await expect(ts).toContainText('column · timestamp');
  await area.press('Tab');
  await expect(area).toHaveValue('month(ts');
  await area.pressSequentially(')');
  await expect(list).toHaveCount(0);
  await area.press('Enter');
  await expect(param(page, 'columns').locator('.field-issue')).toHaveCount(0);
  await expect(editor.locator('mark.expr-error')).toHaveCount(0);
  await expect(node(page, 'derive_1').locator('.badge-error')).toHaveCount(0);
  await expect(page.locator('.inspector .port-block', { hasText: 'out · out' })).toContainText('month');
});
