// The contract over one WebSocket: calls as {id, channel, request} -> {id, response} or
// {id, error: ApiError}; events pushed as {event, payload}. Every request is validated against
// main/api-schema.ts before the service sees it.

import type { WebSocket } from 'ws';
import { parseRequest } from '../api-schema.ts';
import { toApiError } from '../services/api-error.ts';
import type { StudioService } from '../services/studio-service.ts';

interface CallMessage { id: number | string; channel: string; request: unknown }

function asCall(message: unknown): CallMessage | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const m = message as Record<string, unknown>;
  if ((typeof m.id !== 'number' && typeof m.id !== 'string') || typeof m.channel !== 'string') return undefined;
  return { id: m.id, channel: m.channel, request: m.request ?? {} };
}

/** Sends one message; never throws (a value JSON cannot hold becomes an error answer). */
function send(socket: WebSocket, message: Readonly<Record<string, unknown>>): void {
  if (socket.readyState !== socket.OPEN) return;
  let text: string;
  try {
    text = JSON.stringify(message);
  } catch (e) {
    text = JSON.stringify({ id: message.id ?? null, error: { message: `the answer could not be sent: ${(e as Error).message}` } });
  }
  socket.send(text, () => undefined);
}

export function attachCalls(socket: WebSocket, service: StudioService): void {
  const unsubscribe = service.subscribe((event, payload) => send(socket, { event, payload }));
  socket.on('close', unsubscribe);
  // A bad frame (invalid UTF-8, a bad opcode, an unmasked or oversized frame) makes ws close the
  // socket with the matching code (1007, 1002, 1009) and then emit 'error': without this
  // listener that error would exit the whole process.
  socket.on('error', () => undefined);
  socket.on('message', (data, isBinary) => {
    let parsed: unknown;
    try {
      parsed = isBinary ? undefined : JSON.parse(data.toString());
    } catch {
      parsed = undefined;
    }
    const call = asCall(parsed);
    if (!call) {
      send(socket, { id: null, error: { message: 'malformed message: expected JSON {id, channel, request}' } });
      return;
    }
    let request: ReturnType<typeof parseRequest>;
    try {
      request = parseRequest(call.channel as never, call.request);
    } catch (e) {
      send(socket, { id: call.id, error: toApiError(e) });
      return;
    }
    service.call(call.channel as never, request as never).then(
      (response) => send(socket, { id: call.id, response }),
      (e: unknown) => send(socket, { id: call.id, error: toApiError(e) }),
    );
  });
}
