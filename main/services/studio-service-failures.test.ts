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

/** The next run.finished event of `service` (subscribed before the run starts, so it cannot be missed). */
function nextFinished(service: StudioService): Promise<RunEvent> {
  return new Promise((resolve) => {
    const stop = service.subscribe((channel, payload) => {
      if (channel === 'run.event' && payload.type === 'run.finished') { stop(); resolve(payload); }
    });
  });
}

/** A few turns of the event loop: a rejection nobody handles is reported ('unhandledRejection')
 *  at the end of the turn it happened in; counted in turns, not milliseconds. */
async function eventLoopTurns(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
}

describe('engine failures in the studio service', () => {
  for (const [label, reason] of [['an Error', new Error('the pool is gone')], ['undefined', undefined], ['null', null]] as const) {
    it(`a run whose engine throws ${label} ends FAILED with a message, nothing unhandled`, async () => {
      const service = serviceWith(reason);
      const ended = nextFinished(service);
      const { runId } = await service.call('run.start', { document: doc });
      const end = await ended;
      expect(end.runId).toBe(runId);
      await eventLoopTurns(10); // let any stray rejection surface
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
