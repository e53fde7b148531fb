// Tests only: a WebSocket client of the real browser-mode server (token and origin as the page
// sends them) that answers calls by id.

import WebSocket from 'ws';
import type { RunningServer } from './server.ts';

export interface CallAnswer {
  readonly id: number | string | null;
  readonly response?: unknown;
  readonly error?: { message: string; issues?: { nodeId?: string; param?: string; message: string }[] };
}

export interface TestClient {
  call(channel: string, request: unknown): Promise<CallAnswer>;
  /** Resolves with the run.finished event of `runId`. */
  runFinished(runId: string): Promise<Record<string, unknown>>;
  close(): void;
}

export async function connect(server: RunningServer): Promise<TestClient> {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`, { headers: { origin: server.url.slice(0, -1) } });
  await new Promise<void>((resolve, reject) => { ws.once('open', () => resolve()); ws.once('error', reject); });
  let next = 1;
  const waiting = new Map<number, (a: CallAnswer) => void>();
  const finished = new Map<string, Record<string, unknown>>();
  const runWaiters = new Map<string, (e: Record<string, unknown>) => void>();
  ws.on('message', (data) => {
    const m = JSON.parse(data.toString()) as Record<string, unknown>;
    if (m.event === 'run.event') {
      const e = m.payload as Record<string, unknown>;
      if (e.type !== 'run.finished') return;
      finished.set(e.runId as string, e);
      runWaiters.get(e.runId as string)?.(e);
      return;
    }
    const resolve = waiting.get(m.id as number);
    if (resolve) { waiting.delete(m.id as number); resolve(m as unknown as CallAnswer); }
  });
  return {
    call(channel, request) {
      const id = next++;
      return new Promise((resolve) => {
        waiting.set(id, resolve);
        ws.send(JSON.stringify({ id, channel, request }));
      });
    },
    runFinished(runId) {
      const done = finished.get(runId);
      return done ? Promise.resolve(done) : new Promise((resolve) => runWaiters.set(runId, resolve));
    },
    close() { ws.close(); },
  };
}
