// Playwright global setup: build the studio, start browser mode (the built `tributary serve`,
// out/main/cli.js, as own-studio.ts explains) in a fresh temp workspace with its own data folder,
// and hand the URL and token to the tests through the environment. Returns the teardown that
// stops the server and removes the workspace.

import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');
const START_TIMEOUT_MS = 30_000;

export default async function serveStudio(): Promise<() => Promise<void>> {
  if (process.env.TRIBUTARY_SKIP_BUILD !== '1') {
    execFileSync(path.join(ROOT, 'node_modules/.bin/electron-vite'), ['build'], { cwd: ROOT, stdio: 'inherit' });
  }
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'tributary-e2e-'));
  const node = path.join(ROOT, 'node_modules/.bin/node');
  const child = spawn(node, [path.join(ROOT, 'out/main/cli.js'), 'serve', '--no-open', '--workspace', workspace], {
    cwd: workspace,
    env: { ...process.env, TRIBUTARY_HOME: path.join(workspace, '.tributary') },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const pageUrl = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`tributary serve printed no URL within ${START_TIMEOUT_MS} ms:\n${out}`)),
      START_TIMEOUT_MS);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      process.stdout.write(chunk);
      const match = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(out);
      if (match) { clearTimeout(timer); resolve(match[1]!); }
    });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`tributary serve exited with ${code}:\n${out}`)); });
  });
  const url = new URL(pageUrl);
  process.env.TRIBUTARY_URL = `${url.origin}/`;
  process.env.TRIBUTARY_TOKEN = url.searchParams.get('token')!;
  process.env.TRIBUTARY_WORKSPACE = workspace;

  return async () => {
    child.kill('SIGTERM');
    await new Promise<void>((resolve) => {
      if (child.exitCode !== null) resolve();
      else child.once('exit', () => resolve());
    });
    rmSync(workspace, { recursive: true, force: true });
  };
}
