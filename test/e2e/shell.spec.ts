// The shell: browser mode loads the studio with its token, shows the example pipeline on the
// canvas, and refuses requests without the token or from another origin (HTTP and WebSocket).

import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import WebSocket from 'ws';

const ROOT = path.resolve(import.meta.dirname, '../..');
const example = JSON.parse(readFileSync(path.join(ROOT, 'assets/examples/revenue-by-country.json'), 'utf8')) as {
  nodes: unknown[];
};

function server(): { url: string; token: string; origin: string; port: string } {
  const url = process.env.TRIBUTARY_URL;
  const token = process.env.TRIBUTARY_TOKEN;
  if (!url || !token) throw new Error('TRIBUTARY_URL / TRIBUTARY_TOKEN not set: run through playwright.config.ts (global setup)');
  const parsed = new URL(url);
  return { url, token, origin: parsed.origin, port: parsed.port };
}

/** Opens a socket from Node and says how it ended: 'open' or the HTTP status that refused it. */
function trySocket(query: string, headers: Record<string, string>): Promise<'open' | number> {
  const { port } = server();
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws${query}`, { headers });
    ws.once('open', () => { ws.close(); resolve('open'); });
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', () => resolve(-1));
  });
}

test('the studio page loads with the token and shows the example pipeline on the canvas', async ({ page }) => {
  const { url, token } = server();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const response = await page.goto(`${url}?token=${token}`);
  expect(response?.status()).toBe(200);
  expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
  await expect(page.locator('.react-flow__node')).toHaveCount(example.nodes.length, { timeout: 30_000 });
  expect(errors).toEqual([]);
});

test('the page talks to main over the token-guarded socket', async ({ page }) => {
  const { url, token, port } = server();
  await page.goto(`${url}?token=${token}`);
  const info = await page.evaluate(async ({ p, t }) => {
    const ws = new WebSocket(`ws://127.0.0.1:${p}/ws?token=${t}`);
    await new Promise((resolve, reject) => { ws.onopen = resolve; ws.onerror = reject; });
    const answer = new Promise<string>((resolve) => { ws.onmessage = (e) => resolve(String(e.data)); });
    ws.send(JSON.stringify({ id: 1, channel: 'app.info', request: {} }));
    return JSON.parse(await answer) as { id: number; response: { mode: string } };
  }, { p: port, t: token });
  expect(info).toMatchObject({ id: 1, response: { mode: 'browser' } });
});

test('HTTP without the token is refused', async ({ playwright, browser }) => {
  const { url } = server();
  const api = await playwright.request.newContext();
  try {
    expect((await api.get(url)).status()).toBe(401);
    expect((await api.get(`${url}?token=not-the-token`)).status()).toBe(401);
    expect((await api.get(`${url}index.html`)).status()).toBe(401);
  } finally {
    await api.dispose();
  }
  // A fresh browser profile (no cookie from an earlier load) sees the refusal too.
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const response = await page.goto(url);
    expect(response?.status()).toBe(401);
    await expect(page.locator('body')).toContainText('missing or wrong token');
  } finally {
    await context.close();
  }
});

test('a WebSocket without the token is refused', async () => {
  const { origin, token } = server();
  expect(await trySocket('', { origin })).toBe(401);
  expect(await trySocket('?token=wrong', { origin })).toBe(401);
  expect(await trySocket(`?token=${token}`, { origin })).toBe('open');
});

test('another origin is refused, even with the token', async ({ page, playwright }) => {
  const { url, token, port } = server();
  expect(await trySocket(`?token=${token}`, { origin: 'http://evil.example' })).toBe(403);
  const api = await playwright.request.newContext({ extraHTTPHeaders: { origin: 'http://evil.example' } });
  try {
    expect((await api.get(`${url}?token=${token}`)).status()).toBe(403);
  } finally {
    await api.dispose();
  }

  // A real page on another origin (another port of 127.0.0.1) that knows the token still cannot
  // open the socket: the browser sends its Origin and the server refuses it.
  const other: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>other</title>');
  });
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  try {
    await page.goto(`http://127.0.0.1:${(other.address() as AddressInfo).port}/`);
    const outcome = await page.evaluate(({ p, t }) => new Promise<string>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${p}/ws?token=${t}`);
      ws.onopen = () => resolve('open');
      ws.onerror = () => resolve('refused');
    }), { p: port, t: token });
    expect(outcome).toBe('refused');
  } finally {
    other.close();
  }
});

test('the Electron build carries the engine worker where the bundled pool looks for it', () => {
  // Electron cannot start here; check what it would load. The pool chunk's worker URL must
  // resolve to an emitted file, and that file must load under plain Node (no .ts left inside).
  const chunks = path.join(ROOT, 'out/main/chunks');
  const pool = readdirSync(chunks).find((n) => n.startsWith('pool-') && n.endsWith('.js'));
  expect(pool, 'a pool chunk in out/main/chunks').toBeDefined();
  const url = /new URL\("([^"]+)", import\.meta\.url\)/.exec(readFileSync(path.join(chunks, pool!), 'utf8'))?.[1];
  expect(url).toBe('../worker-entry.js');
  const worker = path.resolve(chunks, url!);
  expect(existsSync(worker)).toBe(true);
  const node = path.join(ROOT, 'node_modules/.bin/node');
  const loaded = execFileSync(node, ['--input-type=module', '-e',
    `const m = await import(${JSON.stringify(worker)}); console.log(typeof m.default);`], { encoding: 'utf8' });
  expect(loaded.trim()).toBe('function');
  expect(existsSync(path.join(ROOT, 'out/preload/preload.cjs'))).toBe(true);
  expect(readFileSync(path.join(ROOT, 'out/preload/preload.cjs'), 'utf8')).not.toMatch(/^import /m);
});

test('the bundled command line (out/main/cli.js) answers as the one run from source', () => {
  // The bundle is what starts fast; it must be the same program. Run the example on the worker
  // pool (4 partitions) with both and compare rows per node and the file each writes.
  const node = path.join(ROOT, 'node_modules/.bin/node');
  const example = path.join(ROOT, 'assets/examples/revenue-by-country.json');
  const run = (cli: string): { status: string; nodes: { nodeId: string; rows: number }[] } =>
    JSON.parse(execFileSync(node, [cli, 'run', example, '--partitions', '4', '--json'], { cwd: ROOT, encoding: 'utf8' }));
  const bundled = run(path.join(ROOT, 'out/main/cli.js'));
  const source = run(path.join(ROOT, 'main/cli.ts'));
  expect(bundled.status).toBe('COMPLETED');
  const rows = (r: typeof bundled) => Object.fromEntries(r.nodes.map((n) => [n.nodeId, n.rows]));
  expect(rows(bundled)).toEqual(rows(source));
  const preview = (cli: string) => execFileSync(node, [cli, 'preview', example, '--node', 'ranked', '--format', 'json'],
    { cwd: ROOT, encoding: 'utf8' });
  expect(preview(path.join(ROOT, 'out/main/cli.js'))).toBe(preview(path.join(ROOT, 'main/cli.ts')));
  // Under a 1 MB budget every exchange and operator spills: the bundle carries another build of
  // apache-arrow than Node resolves from source (its Node stream adapters were missing, and every
  // spill failed in the bundle alone).
  type Spilled = { status: string; nodes: { nodeId: string; rows: number; spilledBytes?: number }[] };
  const tight = (cli: string): Spilled =>
    JSON.parse(execFileSync(node, [cli, 'run', example, '--partitions', '4', '--memory', '1MB', '--json'], { cwd: ROOT, encoding: 'utf8' }));
  const spilled = tight(path.join(ROOT, 'out/main/cli.js'));
  expect(spilled.status).toBe('COMPLETED');
  expect(spilled.nodes.reduce((n, x) => n + (x.spilledBytes ?? 0), 0)).toBeGreaterThan(0);
  expect(rows(spilled as typeof bundled)).toEqual(rows(source));
  expect(execFileSync(node, [path.join(ROOT, 'out/main/cli.js'), '--version'], { encoding: 'utf8' }).trim())
    .toBe((JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version);
});
