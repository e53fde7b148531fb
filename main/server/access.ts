// Who may talk to browser mode: requests that name our own host (no DNS rebinding), come from
// our own origin when they say where they come from, and carry the start token (header, query
// parameter on the first page load, then a cookie). Comparisons are constant-time.

import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export interface AccessPolicy {
  readonly token: string;
  readonly port: number;
}

export const TOKEN_HEADER = 'x-tributary-token';

/** The cookie name carries the port: cookies are shared across ports of one host. */
export function cookieName(port: number): string {
  return `tributary-token-${port}`;
}

function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

export function allowedOrigins(port: number): string[] {
  return allowedHosts(port).map((h) => `http://${h}`);
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

export type AccessResult =
  | { readonly ok: true; readonly tokenFrom: 'header' | 'query' | 'cookie' }
  | { readonly ok: false; readonly status: 401 | 403; readonly reason: string };

/** Checks host, origin and token. `requireOrigin` for WebSocket upgrades: browsers always send
 *  Origin there, and a socket is exactly what another site's page would try to open. */
export function checkAccess(req: IncomingMessage, policy: AccessPolicy, requireOrigin: boolean): AccessResult {
  const host = req.headers.host ?? '';
  if (!allowedHosts(policy.port).includes(host)) {
    return { ok: false, status: 403, reason: `host '${host}' refused: browser mode answers only 127.0.0.1:${policy.port}` };
  }
  const origin = req.headers.origin;
  if (origin !== undefined ? !allowedOrigins(policy.port).includes(origin) : requireOrigin) {
    return { ok: false, status: 403, reason: `origin '${origin ?? '(none)'}' refused: only the studio page may connect` };
  }
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const candidates: [('header' | 'query' | 'cookie'), string | undefined][] = [
    ['header', typeof req.headers[TOKEN_HEADER] === 'string' ? req.headers[TOKEN_HEADER] : undefined],
    ['query', url.searchParams.get('token') ?? undefined],
    ['cookie', cookieValue(req.headers.cookie, cookieName(policy.port))],
  ];
  for (const [from, value] of candidates) {
    if (value !== undefined && sameSecret(value, policy.token)) return { ok: true, tokenFrom: from };
  }
  return {
    ok: false, status: 401,
    reason: 'missing or wrong token: open the URL printed at start (it ends in ?token=...)',
  };
}
