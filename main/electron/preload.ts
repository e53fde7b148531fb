// The preload: exposes exactly the contract (main/api.ts) as `window.tributary`, nothing of
// Node or Electron. Channel names are checked against the contract's list; a failed call rejects
// with a plain {name, message, issues} object (an Error would lose its issues crossing the bridge).

import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { Api, ApiEvents, CallChannel, CallRequest, CallResponse, EventChannel } from '../api.ts';
import { CALL_CHANNELS, EVENT_CHANNELS, callIpc, eventIpc, type IpcEnvelope } from './channels.ts';

const calls: readonly string[] = CALL_CHANNELS;
const events: readonly string[] = EVENT_CHANNELS;

const api: Api = {
  async call<C extends CallChannel>(channel: C, request: CallRequest<C>): Promise<CallResponse<C>> {
    if (!calls.includes(channel)) {
      throw { name: 'ApiCallError', message: `unknown channel '${String(channel)}'` };
    }
    const envelope = (await ipcRenderer.invoke(callIpc(channel), request)) as IpcEnvelope;
    if (envelope.ok) return envelope.response as CallResponse<C>;
    throw { name: 'ApiCallError', channel, ...envelope.error };
  },
  on<E extends EventChannel>(channel: E, listener: (payload: ApiEvents[E]) => void): () => void {
    if (!events.includes(channel)) throw new Error(`unknown event channel '${String(channel)}'`);
    const handler = (_event: IpcRendererEvent, payload: ApiEvents[E]): void => listener(payload);
    ipcRenderer.on(eventIpc(channel), handler);
    return () => { ipcRenderer.removeListener(eventIpc(channel), handler); };
  },
};

contextBridge.exposeInMainWorld('tributary', api);
