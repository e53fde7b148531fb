// The contract over a WebSocket to the page's own origin (browser mode). Calls are JSON
// {id, channel, request}; answers {id, response | error}; events {event, payload}. Reconnects
// with backoff; calls made while disconnected wait for the connection; calls in flight when it
// drops fail (the server may or may not have done them).

import type { Api, ApiError, ApiEvents, CallChannel, CallRequest, CallResponse, EventChannel } from '../../main/api.ts';

/** A failed call: the message, plus the document's issues when it was at fault. */
export class ApiCallError extends Error {
  readonly issues: ApiError['issues'];
  readonly channel: string;
  constructor(channel: string, error: ApiError) {
    super(error.message);
    this.name = 'ApiCallError';
    this.issues = error.issues;
    this.channel = channel;
  }
}

interface Pending { resolve(value: unknown): void; reject(error: Error): void; channel: string }

const MIN_BACKOFF_MS = 200;
const MAX_BACKOFF_MS = 5_000;

export interface SocketApi extends Api {
  /** Resolves once the socket is open (for tests and a "connecting…" indicator). */
  ready(): Promise<void>;
  close(): void;
}

/** `open` makes the socket (tests pass one that sets the Origin header a browser would). */
export function createSocketApi(socketUrl: string, open: (url: string) => WebSocket = (url) => new WebSocket(url)): SocketApi {
  let socket: WebSocket | undefined;
  let nextId = 1;
  let backoff = MIN_BACKOFF_MS;
  let closed = false;
  const pending = new Map<number, Pending>();
  const queue: string[] = [];
  const listeners = new Map<string, Set<(payload: never) => void>>();
  let readyWaiters: (() => void)[] = [];

  function connect(): void {
    const ws = open(socketUrl);
    socket = ws;
    ws.onopen = () => {
      backoff = MIN_BACKOFF_MS;
      for (const text of queue.splice(0)) ws.send(text);
      for (const wake of readyWaiters.splice(0)) wake();
    };
    ws.onmessage = (e: MessageEvent) => {
      let message: { id?: number; response?: unknown; error?: ApiError; event?: string; payload?: unknown };
      try {
        message = JSON.parse(String(e.data)) as typeof message;
      } catch {
        return;
      }
      if (typeof message.event === 'string') {
        for (const listener of listeners.get(message.event) ?? []) listener(message.payload as never);
        return;
      }
      if (typeof message.id !== 'number') return;
      const call = pending.get(message.id);
      if (!call) return;
      pending.delete(message.id);
      if (message.error) call.reject(new ApiCallError(call.channel, message.error));
      else call.resolve(message.response);
    };
    ws.onclose = () => {
      socket = undefined;
      for (const [id, call] of pending) {
        pending.delete(id);
        call.reject(new ApiCallError(call.channel, { message: 'the connection to the studio server was lost during this call; try again' }));
      }
      if (closed) return;
      setTimeout(connect, backoff);
      backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
    };
  }

  connect();

  return {
    call<C extends CallChannel>(channel: C, request: CallRequest<C>): Promise<CallResponse<C>> {
      if (closed) return Promise.reject(new ApiCallError(channel, { message: 'the connection is closed' }));
      const id = nextId++;
      const text = JSON.stringify({ id, channel, request });
      return new Promise<CallResponse<C>>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject, channel });
        if (socket?.readyState === WebSocket.OPEN) socket.send(text);
        else queue.push(text);
      });
    },
    on<E extends EventChannel>(channel: E, listener: (payload: ApiEvents[E]) => void): () => void {
      let set = listeners.get(channel);
      if (!set) { set = new Set(); listeners.set(channel, set); }
      set.add(listener as (payload: never) => void);
      return () => { set.delete(listener as (payload: never) => void); };
    },
    ready(): Promise<void> {
      if (socket?.readyState === WebSocket.OPEN) return Promise.resolve();
      return new Promise((resolve) => { readyWaiters.push(resolve); });
    },
    close(): void {
      closed = true;
      readyWaiters = [];
      socket?.close();
    },
  };
}
