import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startServer, type RunningServer } from './server.ts';

let root: string;
let server: RunningServer;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'tributary-server-'));
  await mkdir(path.join(root, 'renderer/assets'), { recursive: true });
  await mkdir(path.join(root, 'ws'));
  await writeFile(path.join(root, 'renderer/index.html'), '<!doctype html><title>studio</title>');
  await writeFile(path.join(root, 'renderer/assets/app.js'), 'console.log(1)');
  await writeFile(path.join(root, 'secret.txt'), 'not for the page');
  server = await startServer({ workspace: path.join(root, 'ws'), rendererDir: path.join(root, 'renderer') });
});
afterAll(async () => {
  await server.close();
  await rm(root, { recursive: true, force: true });
});

function get(pathname: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(new URL(pathname, server.url), { headers });
}

/** fetch may not set Host: a raw request can, as a DNS-rebinding page's browser would. */
function rawStatus(pathname: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path: pathname, headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

function openSocket(query: string, headers: Record<string, string>): Promise<WebSocket | { refused: number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws${query}`, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => resolve({ refused: res.statusCode ?? 0 }));
    ws.once('error', () => resolve({ refused: -1 }));
  });
}

const origin = (): string => server.url.slice(0, -1);

async function call(ws: WebSocket, id: number, channel: string, request: unknown): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData): void => {
      const m = JSON.parse(data.toString()) as Record<string, unknown>;
      if (m.id === id) { ws.off('message', onMessage); resolve(m); }
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ id, channel, request }));
  });
}

describe('browser mode over HTTP', () => {
  it('listens on 127.0.0.1 with a long random token', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(server.token.length).toBeGreaterThanOrEqual(40);
    expect(server.pageUrl).toBe(`${server.url}?token=${server.token}`);
  });

  it('refuses a request without the token, or with a wrong one', async () => {
    expect((await get('/')).status).toBe(401);
    expect((await get('/assets/app.js')).status).toBe(401);
    expect((await get('/?token=wrong')).status).toBe(401);
    expect((await get('/', { 'x-tributary-token': `${server.token}x` })).status).toBe(401);
  });

  it('serves the page with the token, a CSP, and a cookie for the assets', async () => {
    const page = await get(`/?token=${server.token}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>studio</title>');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    const cookie = page.headers.get('set-cookie')!.split(';')[0]!;
    expect(page.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Strict/);
    const asset = await get('/assets/app.js', { cookie });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect((await get('/assets/none.js', { cookie })).status).toBe(404);
  });

  it('refuses other origins and other host names even with the token', async () => {
    const t = { 'x-tributary-token': server.token };
    expect((await get('/', { ...t, origin: 'http://evil.example' })).status).toBe(403);
    expect(await rawStatus('/', { ...t, host: `evil.example:${server.port}` })).toBe(403);
    expect((await get('/', { ...t, origin: origin() })).status).toBe(200);
  });

  it('never serves a file outside the renderer folder', async () => {
    const t = { 'x-tributary-token': server.token };
    const res = await get('/%2e%2e/secret.txt', t);
    expect([400, 404]).toContain(res.status);
    expect(await res.text()).not.toContain('not for the page');
  });
});

describe('browser mode over WebSocket', () => {
  it('refuses a socket without the token, from another origin, or without an origin', async () => {
    expect(await openSocket('', { origin: origin() })).toEqual({ refused: 401 });
    expect(await openSocket(`?token=${server.token}`, { origin: 'http://evil.example' })).toEqual({ refused: 403 });
    expect(await openSocket(`?token=${server.token}`, {})).toEqual({ refused: 403 });
  });

  it('answers calls, validates every request and reports errors as ApiError', async () => {
    const ws = await openSocket(`?token=${server.token}`, { origin: origin() });
    if (!(ws instanceof WebSocket)) throw new Error(`socket refused: ${JSON.stringify(ws)}`);
    try {
      const info = await call(ws, 1, 'app.info', {});
      expect(info.response).toMatchObject({ mode: 'browser', workspace: path.join(root, 'ws') });

      const bad = await call(ws, 2, 'files.open', { path: 42 });
      expect((bad.error as { message: string }).message).toMatch(/invalid request for 'files.open': path/);
      const unknown = await call(ws, 3, 'shell.exec', {});
      expect((unknown.error as { message: string }).message).toMatch(/unknown channel/);

      const document = { version: 1, name: 'p', nodes: [], edges: [] };
      const saved = await call(ws, 4, 'files.save', { path: 'p.json', document });
      expect(saved.response).toEqual({ path: 'p.json' });
      expect(JSON.parse(await readFile(path.join(root, 'ws/p.json'), 'utf8'))).toEqual(document);
      const opened = await call(ws, 5, 'files.open', { path: 'p.json' });
      expect(opened.response).toEqual({ path: 'p.json', document });
      const escape = await call(ws, 6, 'files.open', { path: '../secret.txt' });
      expect((escape.error as { message: string }).message).toMatch(/outside the workspace/);

      ws.send('not json');
      const malformed = await new Promise<Record<string, unknown>>((resolve) =>
        ws.once('message', (d) => resolve(JSON.parse(d.toString()) as Record<string, unknown>)));
      expect(malformed).toMatchObject({ id: null, error: { message: expect.stringMatching(/malformed/) } });
    } finally {
      ws.close();
    }
  });
});
