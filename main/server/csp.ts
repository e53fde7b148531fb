// The content security policy of the studio page, in both modes. Scripts only from our own
// origin (no inline script, no eval); inline styles are allowed because React Flow positions
// nodes with style attributes; the page may only talk to its own origin (and its socket).

export function contentSecurityPolicy(opts: { connect: readonly string[] }): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self' ${opts.connect.join(' ')}`.trim(),
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
