import { describe, expect, it } from 'vitest';
import { CALL_CHANNELS as SCHEMA_CHANNELS, parseRequest, requestSchemas } from '../api-schema.ts';
import { CALL_CHANNELS, EVENT_CHANNELS } from './channels.ts';

describe('channel lists', () => {
  it('the preload exposes exactly the channels the adapters validate', () => {
    expect([...CALL_CHANNELS].sort()).toEqual([...SCHEMA_CHANNELS].sort());
    expect([...EVENT_CHANNELS].sort()).toEqual(['history', 'run.event']);
  });

  it('every channel refuses a request with an unknown field', () => {
    for (const channel of CALL_CHANNELS) {
      expect(() => parseRequest(channel, { surprise: 1 }), channel).toThrow(/invalid request/);
      expect(requestSchemas[channel]).toBeDefined();
    }
  });
});
