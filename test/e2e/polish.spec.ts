// The studio's comfort for a day's work, in Chromium at 1600x1000 against browser mode: the
// expression editor (completion, errors at their position), the canvas at fit zoom and palette
// placement, the command palette, the themes, the bottom panel and the heatmap legend. Each test
// opens a pipeline file written into the spec's own workspace; screenshots go to assets/screenshots.

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { ROOT, startStudio, stopStudio, type Studio } from './own-studio.ts';
import { openThroughDialog } from './open-dialog.ts';

const SHOTS = path.join(ROOT, 'assets/screenshots');

// The callbacks given to evaluate() run in the page; the tests' tsconfig has no DOM library, so the
// little of the DOM they use is declared here (casts, not helpers: the callbacks are sent as source).
interface PageEl {
  readonly tagName: string; readonly scrollWidth: number; readonly clientWidth: number; textContent: string | null;
  readonly value?: string; readonly selectedOptions?: readonly { readonly text: string }[];
  readonly style: { font: string; whiteSpace: string };
  getAttribute(name: string): string | null; getBoundingClientRect(): { readonly width: number }; remove(): void;
}
declare const document: { readonly body: PageEl & { append(e: PageEl): void }; createElement(tag: string): PageEl };
declare function getComputedStyle(e: PageEl): { readonly transform: string; readonly font: string; readonly backgroundColor: string };
declare class DOMMatrix { constructor(transform: string); readonly a: number }

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
  await openThroughDialog(page, file);
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

type Box = { x: number; y: number; width: number; height: number };
const overlap = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

async function cardBoxes(page: Page): Promise<Map<string, Box>> {
  const out = new Map<string, Box>();
  for (const n of await page.locator('.react-flow__node').all()) out.set((await n.getAttribute('data-id'))!, (await n.boundingBox())!);
  return out;
}

async function zoom(page: Page): Promise<number> {
  return page.locator('.react-flow__viewport').evaluate((e) => new DOMMatrix(getComputedStyle((e as unknown as PageEl)).transform).a);
}

/** A long chain: source -> six transforms -> CSV sink, 300 px apart, wider than the canvas. */
const CHAIN = {
  version: 1, name: 'long-chain',
  nodes: [
    events(),
    { id: 'big', kind: 'transform.filter', params: { condition: 'amount > 5' } },
    { id: 'derive_1', kind: 'transform.derive', params: { columns: [{ name: 'month', expr: 'month(ts)' }] } },
    { id: 'per_category', kind: 'transform.aggregate', params: { groupBy: ['category', 'month'],
      aggregations: [{ fn: 'sum', column: 'amount', as: 'gross_amount' }, { fn: 'median', column: 'amount', as: 'median_amount' }] } },
    { id: 'ranked', kind: 'transform.sort', params: { keys: [{ column: 'gross_amount', descending: true }] } },
    { id: 'top', kind: 'transform.limit', params: { count: 10 } },
    { id: 'columns', kind: 'transform.select', params: { columns: ['category', 'gross_amount'] } },
    { id: 'save', kind: 'sink.csv', params: { path: 'out/top.csv' } },
  ].map((n, i) => ({ ...n, position: { x: i * 300, y: (i % 2) * 40 } })),
  edges: ['events', 'big', 'derive_1', 'per_category', 'ranked', 'top', 'columns', 'save']
    .flatMap((id, i, all) => (i === 0 ? [] : [{ from: all[i - 1]!, to: id }])),
};

test('fit keeps cards readable and scrolls; the aggregate editor shows its fields whole', async ({ page }) => {
  await openStudio(page);
  await openDoc(page, 'long-chain.json', CHAIN, 8);
  // Once the document is checked (the source's schema is known), no card reports a problem.
  await select(page, 'events');
  await expect(page.locator('.inspector .port-block', { hasText: 'out · out' })).toContainText('event_id');
  await expect(page.locator('.badge-error')).toHaveCount(0);
  await page.locator('[data-action="zoomToFit"]').click();
  await expect.poll(() => zoom(page)).toBeGreaterThanOrEqual(0.8);
  const canvas = (await page.locator('.canvas').boundingBox())!;
  // The names are at least 14 px tall on screen, the chain's start is in view and its end a scroll away.
  expect((await node(page, 'events').locator('.card-id').boundingBox())!.height).toBeGreaterThanOrEqual(14);
  const first = (await node(page, 'events').boundingBox())!;
  expect(first.x).toBeGreaterThanOrEqual(canvas.x);
  expect((await node(page, 'save').boundingBox())!.x).toBeGreaterThan(canvas.x + canvas.width);
  await page.screenshot({ path: path.join(SHOTS, 'canvas-fit.png') });
  await page.mouse.move(canvas.x + canvas.width / 2, canvas.y + canvas.height / 2);
  await page.mouse.wheel(2400, 0);
  await expect.poll(async () => { const b = (await node(page, 'save').boundingBox())!; return b.x + b.width; })
    .toBeLessThan(canvas.x + canvas.width);
  expect(await zoom(page)).toBeGreaterThanOrEqual(0.8);

  // Every aggregation field is wide enough to show its value (no "gross · f", "median_ar").
  await page.locator('[data-action="zoomToFit"]').click();
  await select(page, 'per_category');
  const fields = param(page, 'aggregations').locator('.record-field');
  await expect(fields).toHaveCount(6);
  const inspector = (await page.locator('.inspector').boundingBox())!;
  for (const f of await fields.all()) {
    const control = f.locator('input, select').first();
    const fitsText = await control.evaluate((e) => {
      const c = (e as unknown as PageEl);
      const text = (c.tagName === 'SELECT' ? c.selectedOptions?.[0]?.text : c.value) ?? '';
      const probe = document.createElement('span');
      probe.style.font = getComputedStyle(c).font;
      probe.style.whiteSpace = 'pre';
      probe.textContent = text;
      document.body.append(probe);
      const need = probe.getBoundingClientRect().width;
      probe.remove();
      return need + 16 <= c.getBoundingClientRect().width;
    });
    expect(fitsText, `${await f.locator('.record-label').textContent()} shows its whole value`).toBe(true);
    const b = (await control.boundingBox())!;
    expect(b.x + b.width).toBeLessThanOrEqual(inspector.x + inspector.width);
  }
});

test('a node added from the palette follows the selected node, wired from it, never on another card', async ({ page }) => {
  await openStudio(page);
  await openDoc(page, 'short-chain.json', { ...CHAIN, name: 'short-chain', nodes: CHAIN.nodes.slice(0, 3), edges: CHAIN.edges.slice(0, 2) }, 3);
  await select(page, 'big');
  // big already feeds derive_1, which sits where "right of big" is: the new node goes next to it.
  await page.locator('.palette-item[data-kind="sink.csv"]').dblclick();
  await expect(page.locator('.react-flow__node')).toHaveCount(4);
  await expect(node(page, 'write_csv_1')).toBeVisible();
  await expect(page.locator('.inspector input[aria-label="node id"]')).toHaveValue('write_csv_1');
  await expect(page.locator('.react-flow__edge[data-id="big->write_csv_1"]')).toHaveCount(1);
  // Dropped on top of a card, a node moves to the nearest free spot.
  const target = (await node(page, 'derive_1').boundingBox())!;
  const canvas = (await page.locator('.canvas').boundingBox())!;
  await page.locator('.palette-item[data-kind="transform.filter"]').dragTo(page.locator('.canvas'),
    { targetPosition: { x: target.x - canvas.x + target.width / 2, y: target.y - canvas.y + target.height / 2 } });
  await expect(page.locator('.react-flow__node')).toHaveCount(5);
  await expect(node(page, 'filter_1')).toBeVisible();
  const boxes = [...(await cardBoxes(page)).entries()];
  for (const [i, [a, ba]] of boxes.entries()) {
    for (const [b, bb] of boxes.slice(i + 1)) expect(overlap(ba, bb), `${a} and ${b} overlap`).toBe(false);
  }
});

test('Ctrl+K opens a command palette over actions, node kinds and pipelines; the help sheet lists every action', async ({ page }) => {
  await openStudio(page);
  await openDoc(page, 'short-chain.json', { ...CHAIN, name: 'short-chain', nodes: CHAIN.nodes.slice(0, 2), edges: CHAIN.edges.slice(0, 1) }, 2);
  await select(page, 'big');
  const palette = page.getByTestId('command-palette');
  const input = palette.getByRole('combobox', { name: 'Command' });
  await page.keyboard.press('Control+k');
  await expect(input).toBeFocused();
  // Every action that can run now is offered (nothing to undo yet); each is also in the help sheet.
  const actions = await palette.locator('li[data-section="Action"] .command-label').allTextContents();
  expect(actions).toEqual(expect.arrayContaining(['Auto-layout', 'Zoom to fit', 'Open…', 'Delete selection', 'Export code…'].slice(0, 4)));
  expect(actions).not.toContain('Undo');
  // A node kind: added after the selected node and wired from it.
  await input.fill('derive');
  await expect(palette.getByRole('option').first()).toContainText('Derive columns');
  await input.press('Enter');
  await expect(palette).toHaveCount(0);
  await expect(node(page, 'derive_1')).toBeVisible();
  await expect(page.locator('.react-flow__edge[data-id="big->derive_1"]')).toHaveCount(1);
  // An action by words, with its shortcut shown.
  await page.keyboard.press('Control+k');
  await input.fill('undo');
  await expect(palette.getByRole('option').first()).toContainText('Ctrl');
  await input.press('Enter');
  await expect(page.locator('.react-flow__node')).toHaveCount(2);
  // A pipeline of the workspace, by name (Meta+K works too).
  writeFileSync(path.join(studio!.workspace, 'long-chain.json'), JSON.stringify(CHAIN, null, 2));
  await page.keyboard.press('Meta+k');
  await input.fill('long-chain');
  await expect(palette.getByRole('option').first()).toHaveAttribute('data-section', 'Open pipeline');
  await input.press('Enter');
  await expect(page.locator('.doc-path')).toHaveText('long-chain.json');
  await page.keyboard.press('Control+k');
  await input.press('Escape');
  await expect(palette).toHaveCount(0);

  await page.locator('.react-flow__pane').click();
  await page.keyboard.press('?');
  const help = page.getByTestId('help-sheet');
  await expect(help).toBeVisible();
  for (const label of [...actions, 'Undo', 'Redo', 'Command palette']) await expect(help.locator('dt', { hasText: label }).first()).toBeVisible();
});

test('the skew heatmap has a colour scale, values in its cells, numbered partitions and whole stage names', async ({ page }) => {
  test.setTimeout(120_000);
  await openStudio(page);
  await openDoc(page, 'spend-per-user.json', {
    version: 1, name: 'spend-per-user', settings: { partitions: 16, skewFactor: 3 },
    nodes: [
      { ...events('events', 300000) },
      { id: 'by_user', kind: 'transform.repartition', params: { partitions: 16, by: ['user_id'] }, position: { x: 300, y: 0 } },
      { id: 'spend_per_user', kind: 'transform.aggregate',
        params: { groupBy: ['user_id'], aggregations: [{ fn: 'sum', column: 'amount', as: 'spent' }] }, position: { x: 600, y: 0 } },
    ],
    edges: [{ from: 'events', to: 'by_user' }, { from: 'by_user', to: 'spend_per_user' }],
  }, 3);
  await page.keyboard.press('Control+Enter');
  await expect(page.locator('[data-testid="run-status"]')).toHaveAttribute('data-status', 'COMPLETED', { timeout: 90_000 });
  await page.locator('.tab', { hasText: 'Skew' }).click();
  const legend = page.getByTestId('heat-legend');
  await expect(legend).toContainText('rows vs. the stage\'s median');
  await expect(legend.locator('.heat-ticks span')).toHaveText(['0×', '1×', '2×', '3×', '≥4×']);
  // Every finished cell shows its rows, compactly, matching the count in its tooltip.
  const cells = page.locator('[data-testid="heat-cell"]');
  const count = await cells.count();
  expect(count).toBeGreaterThan(16);
  for (const c of (await cells.all()).slice(0, 20)) {
    const title = (await c.locator('title').textContent())!;
    const rows = Number(/\(([\d,]+) rows/.exec(title)![1]!.replace(/,/g, ''));
    const expected = rows < 1000 ? String(rows) : rows < 1e6 ? `${Math.round(rows / 1000)}k` : `${(rows / 1e6).toFixed(1)}M`;
    await expect(c.locator('text.heat-value')).toHaveText(expected);
  }
  // Partitions are numbered under the columns; stage names are whole, their nodes in the tooltip.
  const widest = Math.max(...await page.locator('[data-testid="heat-row"]').evaluateAll((rs) => rs.map((r) => Number((r as unknown as PageEl).getAttribute('data-partitions')))));
  await expect(page.getByTestId('heat-axis').locator('text')).toHaveCount(widest);
  await expect(page.getByTestId('heat-axis').locator('text').last()).toHaveText(String(widest - 1));
  for (const label of await page.locator('.heat-label').all()) {
    expect(await label.evaluate((e) => (e as unknown as PageEl).scrollWidth <= (e as unknown as PageEl).clientWidth)).toBe(true);
    await expect(label).toHaveAttribute('title', /^stage \d+: nodes /);
  }
  await expect(page.locator('.heat-label', { hasText: 'spend_per_user' }).first()).toBeVisible();
  await page.screenshot({ path: path.join(SHOTS, 'heatmap-legend.png') });
  await page.getByRole('radio', { name: 'time' }).click();
  await expect(legend).toContainText('time vs. the stage\'s median');
});

test('the theme follows the system setting, and the bottom panel keeps the height it was given', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await openStudio(page);
  await openDoc(page, 'long-chain.json', CHAIN, 8);
  const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const card = () => node(page, 'events').locator('.card').evaluate((e) => getComputedStyle((e as unknown as PageEl)).backgroundColor);
  await expect.poll(bg).toBe('rgb(245, 246, 248)');
  expect(await card()).toBe('rgb(255, 255, 255)');
  await expect(page.locator('.react-flow')).toHaveClass(/\blight\b/);
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect.poll(bg).toBe('rgb(20, 23, 28)');
  expect(await card()).toBe('rgb(26, 30, 37)');
  await expect(page.locator('.react-flow')).toHaveClass(/\bdark\b/);
  await page.locator('[data-action="zoomToFit"]').click();
  await page.screenshot({ path: path.join(SHOTS, 'dark-theme.png') });

  // Drag the bottom panel's splitter up by 150 px; after a reload the panel has the same height.
  const splitter = page.getByRole('separator', { name: 'Resize bottom panel' });
  const before = Number(await splitter.getAttribute('aria-valuenow'));
  const s = (await splitter.boundingBox())!;
  await page.mouse.move(s.x + s.width / 2, s.y + s.height / 2);
  await page.mouse.down();
  await page.mouse.move(s.x + s.width / 2, s.y - 150, { steps: 5 });
  await page.mouse.up();
  await expect.poll(async () => Number(await splitter.getAttribute('aria-valuenow')) - before).toBeGreaterThan(145);
  const after = Number(await splitter.getAttribute('aria-valuenow'));
  expect(after - before).toBeLessThan(155);
  await page.reload();
  await expect(page.locator('.studio[data-ready="true"]')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('separator', { name: 'Resize bottom panel' })).toHaveAttribute('aria-valuenow', String(after));
  const panel = (await page.locator('section.bottom').boundingBox())!;
  expect(Math.abs(panel.height - after)).toBeLessThan(3);
});

test('metrics say what they are measured on: the model on the training set, evaluate on the test set', async ({ page }) => {
  test.setTimeout(120_000);
  await openStudio(page);
  const example = JSON.parse(readFileSync(path.join(ROOT, 'assets/examples/house-prices.json'), 'utf8')) as { nodes: unknown[] };
  await openDoc(page, 'house-prices.json', example, example.nodes.length);
  await page.keyboard.press('Control+Enter');
  await expect(page.locator('[data-testid="run-status"]')).toHaveAttribute('data-status', 'COMPLETED', { timeout: 90_000 });
  const rmse = node(page, 'rmse').getByTestId('node-metric');
  await expect(rmse).toHaveAttribute('data-measured-on', 'test set');
  await expect(rmse).toContainText(/^rmse = [\d,.]+ · test set$/);
  await page.locator('.tab', { hasText: 'Model' }).click();
  await page.locator('select[aria-label="Model node"]').selectOption('price_model');
  await expect(page.getByTestId('model-measured-on')).toHaveText('measured on the training set, the rows it was fitted on');
});

test('an empty canvas shows three steps to a first run, with a button that starts it', async ({ page }) => {
  test.setTimeout(90_000);
  await openStudio(page);
  await page.locator('[data-action="new"]').click();
  const help = page.getByTestId('canvas-empty');
  await expect(help.locator('li')).toHaveCount(3);
  await help.getByRole('button', { name: 'Add sample data' }).click();
  await expect(help).toHaveCount(0);
  await expect(node(page, 'sample_1')).toBeVisible();
  await expect(page.locator('.inspector input[aria-label="node id"]')).toHaveValue('sample_1');
  // Step 2: a transform double-clicked in the palette follows the selected source, wired.
  await page.locator('.palette-item[data-kind="transform.distinct"]').dblclick();
  await expect(page.locator('.react-flow__edge[data-id="sample_1->distinct_1"]')).toHaveCount(1);
  await page.keyboard.press('Control+Enter');
  await expect(page.locator('[data-testid="run-status"]')).toHaveAttribute('data-status', 'COMPLETED', { timeout: 60_000 });
});
