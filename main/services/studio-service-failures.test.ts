// An engine that fails, however it fails, never takes down the process hosting the studio: a run
// whose engine rejects ends with a run.finished FAILED event, a preview rejects with an error the
// adapters turn into an ApiError, and no promise rejects unobserved.

import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PipelineDocument, RunEvent } from '../api.ts';
import { Engine } from '../../engine/exec/engine.ts';
import { toApiError } from './api-error.ts';
import { StudioService } from './studio-service.ts';

const doc: PipelineDocument = {
  version: 1, name: 'tiny',
  nodes: [{ id: 'users', kind: 'source.sample', params: { dataset: 'users', rows: 10 } }],
  edges: [],
};

/** An engine whose run and preview reject with `reason` (an Error, or not even that). */
class RejectingEngine extends Engine {
  readonly reason: unknown;
  constructor(reason: unknown) { super({ threads: 1 }); this.reason = reason; }
  override run(): never { throw this.reason; }
  override preview(): Promise<never> { return Promise.reject(this.reason); }
}

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => { unhandled.push(reason); };
beforeEach(() => { unhandled.length = 0; process.on('unhandledRejection', onUnhandled); });
afterEach(() => { process.off('unhandledRejection', onUnhandled); });
const services: StudioService[] = [];
afterAll(async () => { for (const s of services) await s.close(); });

function serviceWith(reason: unknown): StudioService {
  const workspace = os.tmpdir();
  const s = new StudioService({ workspace, dataDir: path.join(workspace, '.tributary-test'), mode: 'browser', createEngine: () => new RejectingEngine(reason) });
  services.push(s);
  return s;
}

/** The run's run.finished event, whether it came before or after the call answered. */
async function finished(events: readonly RunEvent[], runId: string): Promise<RunEvent> {
  for (;;) {
    const end = events.find((e) => e.runId === runId && e.type === 'run.finished');
    if (end) return end;
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('engine failures in the studio service', () => {
  for (const [label, reason] of [['an Error', new Error('the pool is gone')], ['undefined', undefined], ['null', null]] as const) {
    it(`a run whose engine throws ${label} ends FAILED with a message, nothing unhandled`, async () => {
      const service = serviceWith(reason);
      const events: RunEvent[] = [];
      service.subscribe((channel, payload) => { if (channel === 'run.event') events.push(payload); });
      const { runId } = await service.call('run.start', { document: doc });
      const end = await finished(events, runId);
      await new Promise((r) => setTimeout(r, 20)); // let any stray rejection surface
      expect(end).toMatchObject({ type: 'run.finished', status: 'FAILED' });
      expect(end.type === 'run.finished' && end.error?.message).toBeTruthy();
      expect(unhandled).toEqual([]);
    });
  }

  it('a preview whose engine rejects rejects the call with an ApiError message', async () => {
    const service = serviceWith(new Error('a worker failed: boom'));
    const error = await service.call('node.preview', { document: doc, nodeId: 'users' }).then(() => undefined, (e: unknown) => e);
    expect(toApiError(error).message).toMatch(/boom/);
    expect(unhandled).toEqual([]);
  });
});
