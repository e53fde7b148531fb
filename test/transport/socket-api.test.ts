// The renderer's WebSocket transport against the real browser-mode server: typed calls, errors
// with the document's issues, and run events, all over the token-guarded socket.

import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PipelineDocument, RunEvent } from '../../main/api.ts';
import { startServer, type RunningServer } from '../../main/server/server.ts';
import { ApiCallError, createSocketApi, type SocketApi } from '../../renderer/transport/socket-api.ts';

let root: string;
let server: RunningServer;
let api: SocketApi;

/** Node's WebSocket sends no Origin; a browser page on the studio's origin does. */
const openAsPage = (url: string): WebSocket =>
  new WebSocket(url, { headers: { origin: server.url.slice(0, -1) } } as unknown as string[]);

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'tributary-transport-'));
  await mkdir(path.join(root, 'renderer'));
  await writeFile(path.join(root, 'renderer/index.html'), '<!doctype html>');
  server = await startServer({ workspace: root, rendererDir: path.join(root, 'renderer'), dataDir: path.join(root, '.data') });
  api = createSocketApi(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`, openAsPage);
});
afterAll(async () => {
  api.close();
  await server.close();
  await rm(root, { recursive: true, force: true });
});

const doc = (condition: string): PipelineDocument => ({
  version: 1, name: 't',
  nodes: [
    { id: 'users', kind: 'source.sample', params: { dataset: 'users', rows: 300 } },
    { id: 'old', kind: 'transform.filter', params: { condition } },
  ],
  edges: [{ from: 'users', to: 'old' }],
});

describe('renderer transport over browser mode', () => {
  it('makes typed calls (queued until the socket opens)', async () => {
    const [info, kinds] = await Promise.all([api.call('app.info', {}), api.call('catalog.list', {})]);
    expect(info.mode).toBe('browser');
    expect(kinds.some((k) => k.kind === 'source.sample')).toBe(true);
    const stored = await api.call('autosave.store', { document: doc('age > 60') });
    expect(await api.call('autosave.load', {})).toEqual({ document: doc('age > 60'), savedAt: stored.savedAt });
  });

  it('rejects with ApiCallError carrying the issues when the document is at fault', async () => {
    const error = await api.call('run.start', { document: doc('agee > 60') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiCallError);
    expect((error as ApiCallError).channel).toBe('run.start');
    expect((error as ApiCallError).issues?.[0]).toMatchObject({ nodeId: 'old', param: 'condition' });
    const invalid = await api.call('files.open', { path: '' }).catch((e: unknown) => e as Error);
    expect((invalid as Error).message).toMatch(/invalid request for 'files.open'/);
  });

  it('reconnects after the connection drops; a call in flight fails, later calls go through', async () => {
    const sockets: WebSocket[] = [];
    const flaky = createSocketApi(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`, (url) => {
      const ws = openAsPage(url);
      sockets.push(ws);
      return ws;
    });
    try {
      await flaky.ready();
      const inFlight = flaky.call('pipeline.explain', { document: doc('age > 60') }).then(() => new Error('answered'), (e: unknown) => e as Error);
      sockets[0]!.close();
      expect((await inFlight).message).toMatch(/connection to the studio server was lost/);
      const info = await flaky.call('app.info', {});
      expect(info.mode).toBe('browser');
      expect(sockets.length).toBe(2);
    } finally {
      flaky.close();
    }
  });

  it('delivers run events to listeners until the run finishes', async () => {
    const events: RunEvent[] = [];
    let stop = (): void => undefined;
    const finished = new Promise<void>((resolve) => {
      stop = api.on('run.event', (e) => {
        events.push(e);
        if (e.type === 'run.finished') resolve();
      });
    });
    const { runId } = await api.call('run.start', { document: doc('age > 60') });
    await finished;
    stop();
    const mine = events.filter((e) => e.runId === runId);
    expect(mine[0]?.type).toBe('run.started');
    expect(mine.at(-1)).toMatchObject({ type: 'run.finished', status: 'COMPLETED' });
  });
});
