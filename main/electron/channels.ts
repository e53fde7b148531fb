// The contract's channel names as runtime values, for the preload (which may bundle nothing but
// this list) and the IPC adapter. The type checks below fail to compile when main/api.ts gains a
// channel that is missing here.

import type { CallChannel, EventChannel } from '../api.ts';

export const CALL_CHANNELS = [
  'app.info', 'catalog.list', 'pipeline.check', 'pipeline.explain', 'run.start', 'run.cancel', 'node.preview',
  'files.examples', 'files.open', 'files.save', 'files.list', 'autosave.load', 'autosave.store',
  'settings.load', 'settings.save',
  'pipeline.export', 'pipeline.exportTargets',
  'history.list', 'history.get', 'history.rerun', 'schedules.list', 'schedules.preview', 'schedules.add',
  'schedules.pause', 'schedules.resume', 'schedules.remove',
  'catalog.functions',
  'node.previewCount',
  'files.stat', 'files.listData', 'files.recent', 'files.remember', 'files.pickNative',
  'model.describe',
  'schedules.edit', 'spark.status', 'spark.setMaster',
] as const satisfies readonly CallChannel[];

export const EVENT_CHANNELS = ['run.event', 'history'] as const satisfies readonly EventChannel[];

type MissingCall = Exclude<CallChannel, (typeof CALL_CHANNELS)[number]>;
type MissingEvent = Exclude<EventChannel, (typeof EVENT_CHANNELS)[number]>;
export const CHANNELS_COMPLETE: [MissingCall, MissingEvent] extends [never, never] ? true : never = true;

/** IPC channel names: a prefix keeps ours apart from anything else on ipcMain. */
export const callIpc = (channel: string): string => `tributary:call:${channel}`;
export const eventIpc = (channel: string): string => `tributary:event:${channel}`;

/** What an IPC call answers: errors travel as data so their issues survive the bridge. */
export type IpcEnvelope = { ok: true; response: unknown } | { ok: false; error: { message: string; issues?: unknown } };
