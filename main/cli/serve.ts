// `tributary serve`: the studio in browser mode on 127.0.0.1. Prints the URL with its token;
// stops on Ctrl-C. The renderer must be built (`npx electron-vite build`; `npm start` does it).

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../repo-root.ts';
import { startServer } from '../server/server.ts';

interface ServeArgs { port: number; open: boolean; workspace: string }

function parseArgs(argv: readonly string[]): ServeArgs | string {
  const args: ServeArgs = { port: 0, open: true, workspace: process.cwd() };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--no-open') args.open = false;
    else if (a === '--port') {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 0 || n > 65535) return `--port expects a number 0..65535, got '${argv[i] ?? ''}'`;
      args.port = n;
    } else if (a === '--workspace') {
      const w = argv[++i];
      if (!w) return '--workspace expects a folder';
      args.workspace = path.resolve(w);
    } else return `unknown option '${a}' (usage: tributary serve [--port N] [--no-open] [--workspace DIR])`;
  }
  return args;
}

/** Best effort: a missing or failing browser opener is never fatal. */
function openBrowser(url: string): void {
  const command = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  try {
    const child = spawn(command, [url], { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // no opener on this machine: the printed URL is enough
  }
}

export async function run(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === 'string') { console.error(`tributary serve: ${args}`); return 2; }
  const rendererDir = path.join(REPO_ROOT, 'out/renderer');
  if (!existsSync(path.join(rendererDir, 'index.html'))) {
    console.error('tributary serve: the studio page is not built: run `npx electron-vite build` first (npm start does)');
    return 1;
  }
  const server = await startServer({ port: args.port, workspace: args.workspace, rendererDir });
  console.log(`Tributary studio (browser mode): ${server.pageUrl}`);
  const hasDisplay = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
  if (args.open && hasDisplay && !process.env.CI) openBrowser(server.pageUrl);
  await new Promise<void>((resolve) => {
    const stop = (): void => { resolve(); };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  return 0;
}
