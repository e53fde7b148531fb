// A studio server of a spec's own (`tributary serve` in a fresh workspace and data folder), so its
// autosaves never leak into other specs, and reading `tributary preview --format json` rows back.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const NODE = path.join(ROOT, 'node_modules/.bin/node');
export const CLI = path.join(ROOT, 'main/cli.ts');
/** The studio server as built (the bundle the Electron app ships; the global setup builds it):
 *  it starts in about a third of the CPU the sources take (0.34 s against 1 s, and each engine
 *  thread loads one file instead of the engine's modules), and the specs' CLI runs from the
 *  sources (CLI) are then an independent second path to compare it with. */
export const STUDIO = path.join(ROOT, 'out/main/cli.js');

export interface Studio { readonly pageUrl: string; readonly workspace: string; readonly child: ChildProcess }

/** `env` adds to the server's environment (an empty value clears a variable for most readers). */
export async function startStudio(name: string, env: Readonly<Record<string, string>> = {}): Promise<Studio> {
  const workspace = mkdtempSync(path.join(os.tmpdir(), `tributary-${name}-e2e-`));
  const child = spawn(NODE, [STUDIO, 'serve', '--no-open', '--workspace', workspace], {
    cwd: workspace, env: { ...process.env, TRIBUTARY_HOME: path.join(workspace, '.tributary'), ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const pageUrl = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`tributary serve printed no URL:\n${out}`)), 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(out);
      if (m) { clearTimeout(timer); resolve(m[1]!); }
    });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`tributary serve exited with ${code}:\n${out}`)); });
  });
  return { pageUrl, workspace, child };
}

export async function stopStudio(s: Studio | undefined): Promise<void> {
  if (!s) return;
  if (s.child.exitCode === null) {
    s.child.kill('SIGTERM');
    await new Promise<void>((resolve) => s.child.once('exit', () => resolve()));
  }
  rmSync(s.workspace, { recursive: true, force: true });
}

/** `tributary preview --format json` rows as arrays in `columns` order (objects or arrays, bare or under `rows`). */
export function cliRows(json: unknown, columns: readonly string[]): unknown[][] {
  const rows = (Array.isArray(json) ? json : (json as { rows?: unknown[] }).rows) ?? [];
  const names = (json as { schema?: { fields?: { name: string }[] } }).schema?.fields?.map((f) => f.name);
  return rows.map((r) => {
    if (Array.isArray(r)) return names ? columns.map((c) => r[names.indexOf(c)]) : r;
    return columns.map((c) => (r as Record<string, unknown>)[c]);
  });
}
