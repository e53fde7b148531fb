// The renderer's one way to main: `getApi()`. In Electron the preload bridge is on
// `window.tributary`; in browser mode a WebSocket to the page's own origin, with the token from
// the page URL (`?token=`, kept in sessionStorage so a reload without it still works).
// The rest of the renderer knows nothing of either.

import type { Api } from '../../main/api.ts';
import { ApiCallError, createSocketApi } from './socket-api.ts';

export { ApiCallError } from './socket-api.ts';

declare global {
  interface Window { tributary?: Api }
}

const TOKEN_KEY = 'tributary.token';
const SOCKET_PATH = '/ws';

let api: Api | undefined;

/** The start token: from the URL first (a new server start means a new token), else this tab's memory. */
export function pageToken(location: Location = window.location, storage: Storage = window.sessionStorage): string | undefined {
  const fromUrl = new URLSearchParams(location.search).get('token');
  if (fromUrl) {
    storage.setItem(TOKEN_KEY, fromUrl);
    return fromUrl;
  }
  return storage.getItem(TOKEN_KEY) ?? undefined;
}

export function socketUrl(location: Location, token: string | undefined): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const query = token ? `?token=${encodeURIComponent(token)}` : '';
  return `${scheme}//${location.host}${SOCKET_PATH}${query}`;
}

/** The preload bridge, with its plain-object rejections turned into ApiCallError as in browser mode. */
function fromBridge(bridge: Api): Api {
  return {
    call: (channel, request) => bridge.call(channel, request).catch((e: unknown) => {
      const error = e as { message?: unknown; issues?: ApiCallError['issues'] };
      throw new ApiCallError(channel, {
        message: typeof error?.message === 'string' ? error.message : String(e),
        ...(error?.issues ? { issues: error.issues } : {}),
      });
    }),
    on: (channel, listener) => bridge.on(channel, listener),
  };
}

export function getApi(): Api {
  if (api) return api;
  api = window.tributary ? fromBridge(window.tributary) : createSocketApi(socketUrl(window.location, pageToken()));
  return api;
}
