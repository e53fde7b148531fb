// The Electron adapter of the contract: one ipcMain.handle per call channel. Every call is
// checked twice before a service sees it: the sender must be our renderer's main frame (not an
// iframe, not a page navigated elsewhere), and the payload must match main/api-schema.ts.

import { ipcMain, type WebContents } from 'electron';
import { parseRequest } from '../api-schema.ts';
import { toApiError } from '../services/api-error.ts';
import type { StudioService } from '../services/studio-service.ts';
import { CALL_CHANNELS, callIpc, eventIpc, type IpcEnvelope } from './channels.ts';
import { isTrustedFrame } from './sender.ts';

export interface IpcOptions {
  /** The origin our renderer is served from, e.g. "app://studio". */
  readonly rendererOrigin: string;
  /** The windows that receive events. */
  readonly targets: () => readonly WebContents[];
}

/** Registers every channel; returns a function that removes them all. */
export function registerIpc(service: StudioService, options: IpcOptions): () => void {
  for (const channel of CALL_CHANNELS) {
    ipcMain.handle(callIpc(channel), async (event, request: unknown): Promise<IpcEnvelope> => {
      if (!isTrustedFrame(event.senderFrame, options.rendererOrigin)) {
        return { ok: false, error: { message: `refused '${channel}': the sender is not the studio page` } };
      }
      try {
        const checked = parseRequest(channel, request);
        return { ok: true, response: await service.call(channel, checked) };
      } catch (e) {
        return { ok: false, error: toApiError(e) };
      }
    });
  }
  const unsubscribe = service.subscribe((channel, payload) => {
    for (const contents of options.targets()) {
      if (!contents.isDestroyed()) contents.send(eventIpc(channel), payload);
    }
  });
  return () => {
    unsubscribe();
    for (const channel of CALL_CHANNELS) ipcMain.removeHandler(callIpc(channel));
  };
}
