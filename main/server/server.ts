// Browser mode: the contract over HTTP + WebSocket on 127.0.0.1 only, for headless boxes, machines
// without the Electron binary and the end-to-end tests. A fresh random token per start guards
// every HTTP request and the socket upgrade; other origins and host names are refused.
// Nothing a client sends may stop the process: every socket, request and the server itself have
// an error handler (an unhandled 'error' event exits Node), frames are capped, and unfinished
// requests time out.

import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { defaultDataDir, StudioService } from '../services/studio-service.ts';
import { checkAccess, cookieName } from './access.ts';
import { contentSecurityPolicy } from './csp.ts';
import { attachCalls } from './socket-calls.ts';
import { serveStatic } from './static-files.ts';

export const SOCKET_PATH = '/ws';
/** The largest message (all its frames) a socket takes; a bigger one closes it with 1009. */
export const MAX_MESSAGE_BYTES = 32 * 1024 * 1024;
/** Headers must arrive within this (slow, unfinished requests are cut off with 408). */
const HEADERS_TIMEOUT_MS = 15_000;
const REQUEST_TIMEOUT_MS = 60_000;

export interface ServerOptions {
  /** 0 or absent: any free port. */
  readonly port?: number;
  readonly workspace: string;
  /** The built renderer (out/renderer). */
  readonly rendererDir: string;
  /** Default: TRIBUTARY_HOME, else <workspace>/.tributary. */
  readonly dataDir?: string;
  /** Reuse a service (tests); by default the server makes and closes its own. */
  readonly service?: StudioService;
}

export interface RunningServer {
  /** http://127.0.0.1:PORT/ (no token). */
  readonly url: string;
  readonly token: string;
  /** The URL to open: `url` with `?token=`. */
  readonly pageUrl: string;
  readonly port: number;
  close(): Promise<void>;
}

function refuse(res: ServerResponse, status: number, reason: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }).end(`${reason}\n`);
}

const STATUS_TEXT = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' };

/** A raw HTTP answer on a socket the HTTP server no longer handles (an upgrade, a client error). */
function refuseRaw(socket: Duplex, status: keyof typeof STATUS_TEXT, reason: string): void {
  if (!socket.writable) { socket.destroy(); return; }
  socket.end(`HTTP/1.1 ${status} ${STATUS_TEXT[status]}\r\ncontent-type: text/plain\r\nconnection: close\r\n\r\n${reason}\n`);
}

/** What a malformed request (bad syntax, too many or too large headers, too slow) gets. */
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === 'ECONNRESET') { socket.destroy(); return; }
  if (error.code === 'HPE_HEADER_OVERFLOW') refuseRaw(socket, 431, 'request headers too large');
  else if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') refuseRaw(socket, 408, 'request not finished in time');
  else refuseRaw(socket, 400, 'malformed request');
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const token = randomBytes(32).toString('base64url');
  const workspace = path.resolve(options.workspace);
  const service = options.service
    ?? new StudioService({ workspace, dataDir: options.dataDir ?? defaultDataDir(workspace), mode: 'browser' });
  if (!options.service) startScheduling(service);
  const policy = { token, port: 0 };
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });

  const server = createServer({ headersTimeout: HEADERS_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS }, (req: IncomingMessage, res: ServerResponse) => {
    req.on('error', () => res.destroy());
    res.on('error', () => res.destroy());
    const access = checkAccess(req, policy, false);
    if (!access.ok) { refuse(res, access.status, access.reason); return; }
    if (req.method !== 'GET' && req.method !== 'HEAD') { refuse(res, 405, 'only GET and HEAD'); return; }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const port = policy.port;
    res.setHeader('content-security-policy', contentSecurityPolicy({
      connect: [`ws://127.0.0.1:${port}`, `ws://localhost:${port}`],
    }));
    res.setHeader('x-content-type-options', 'nosniff');
    // The token is in the first page's URL: never send it on as a referrer.
    res.setHeader('referrer-policy', 'no-referrer');
    res.setHeader('cross-origin-opener-policy', 'same-origin');
    if (access.tokenFrom === 'query') {
      res.setHeader('set-cookie', `${cookieName(port)}=${token}; Path=/; HttpOnly; SameSite=Strict`);
    }
    serveStatic(options.rendererDir, url.pathname, req.method === 'HEAD', res).catch((e: unknown) => {
      if (!res.headersSent) refuse(res, 500, `cannot serve ${url.pathname}: ${(e as Error).message}`);
      else res.destroy();
    });
  });

  server.on('clientError', answerClientError);
  // Past listen, a server error (say, too many open files on accept) is reported, never fatal.
  const onServerError = (e: Error): void => { console.error(`browser mode: server error: ${e.message}`); };
  sockets.on('error', onServerError);

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node hands an upgraded socket over without its error listener: a reset must not be fatal.
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== SOCKET_PATH) { refuseRaw(socket, 404, `no socket at ${url.pathname}`); return; }
    const access = checkAccess(req, policy, true);
    if (!access.ok) { refuseRaw(socket, access.status, access.reason); return; }
    sockets.handleUpgrade(req, socket, head, (ws) => attachCalls(ws, service));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => { server.off('error', reject); resolve(); });
  });
  server.on('error', onServerError);
  policy.port = (server.address() as AddressInfo).port;
  if (!options.service) void service.warm();
  const url = `http://127.0.0.1:${policy.port}/`;

  let closing: Promise<void> | undefined;
  return {
    url,
    token,
    pageUrl: `${url}?token=${token}`,
    port: policy.port,
    close() {
      closing ??= (async () => {
        for (const client of sockets.clients) client.terminate();
        sockets.close();
        await new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); });
        if (!options.service) await service.close();
      })();
      return closing;
    },
  };
}

/** The open studio fires schedules; a store it cannot open is reported, and the studio still opens. */
function startScheduling(service: StudioService): void {
  try {
    service.startScheduling();
  } catch (e) {
    console.error(`tributary: schedules will not fire while the studio is open: ${(e as Error).message}`);
  }
}
