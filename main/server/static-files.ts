// Serves the built renderer (out/renderer from `electron-vite build`): GET / HEAD only, files
// inside the folder only, index.html for "/".

import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { isInside } from '../services/workspace-paths.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.map': 'application/json; charset=utf-8',
};

export async function serveStatic(rendererDir: string, pathname: string, head: boolean, res: ServerResponse): Promise<void> {
  let rel: string;
  try {
    rel = decodeURIComponent(pathname);
  } catch {
    rel = '\0';
  }
  const root = path.resolve(rendererDir);
  const file = path.resolve(root, `.${rel === '/' ? '/index.html' : rel}`);
  if (rel.includes('\0') || !isInside(root, file)) {
    res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('bad path\n');
    return;
  }
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) {
    if (rel === '/') {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' })
        .end(`the studio page is not built (no ${path.join(rendererDir, 'index.html')}): run \`npx electron-vite build\`\n`);
    } else {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
    }
    return;
  }
  const ext = path.extname(file);
  res.writeHead(200, {
    'content-type': TYPES[ext] ?? 'application/octet-stream',
    'content-length': info.size,
    // The page itself is never cached (it is the entry the token guards); hashed assets may be.
    'cache-control': ext === '.html' ? 'no-store' : 'private, max-age=3600',
  });
  if (head) { res.end(); return; }
  // pipeline, not pipe: a read error or a client gone mid-file rejects (the caller ends the
  // response) instead of an unhandled stream 'error'.
  await pipeline(createReadStream(file), res);
}
