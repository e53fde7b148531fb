// What the process tests need to run an exported script as a user would: the library bundle that
// package.json "exports" points at (built by `npm run build` when missing or older than its
// sources), and a folder where `tributary` resolves to this checkout (node_modules/tributary, a link).

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
const BUNDLE = join(ROOT, 'out/main/lib.js');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds the library bundle unless out/main/lib.js is newer than every source it bundles. */
export function ensureLibraryBuilt(): void {
  // lib/ imports engine/ and the CLI's progress view (main/cli/run-progress.ts).
  const sources = Math.max(...['lib', 'engine', 'main/cli'].map((d) => newestSource(join(ROOT, d))));
  if (existsSync(BUNDLE) && statSync(BUNDLE).mtimeMs >= sources) return;
  const built = spawnSync(join(ROOT, 'node_modules/.bin/electron-vite'), ['build'], { cwd: ROOT, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`npm run build failed (exit ${built.status}):\n${built.stderr}${built.stdout}`);
}

/** A fresh folder whose node_modules/tributary links to this checkout. */
export function consumerFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tributary-consumer-'));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(ROOT, join(dir, 'node_modules/tributary'), 'dir');
  return dir;
}

/** Runs `node args...` in `cwd` with Node 24 (this checkout's), returning exit code and output. */
export function runNode(args: readonly string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const node = join(ROOT, 'node_modules/.bin/node');
  const r = spawnSync(existsSync(node) ? node : process.execPath, args, { cwd, encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
