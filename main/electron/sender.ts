// Whether an IPC call comes from our renderer: the main frame of a page on our own origin (not
// an iframe, not a page the window was navigated to). Kept free of electron imports so it can be
// tested under plain Node.

export interface SenderFrame {
  readonly url: string;
  /** null for a top-level frame. */
  readonly parent: unknown;
}

export function isTrustedFrame(frame: SenderFrame | null | undefined, rendererOrigin: string): boolean {
  if (!frame || frame.parent !== null) return false;
  try {
    const url = new URL(frame.url);
    return `${url.protocol}//${url.host}` === rendererOrigin;
  } catch {
    return false;
  }
}
