// What the process tests need to run an exported script as a user would: the library bundle that
// package.json "exports" points at (built by `npm run build` when missing or older than its
// sources), and a folder where `tributary` resolves to this checkout (node_modules/tributary, a link).

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
const BUNDLE = join(ROOT, 'out/main/lib.js');
const TYPES = join(ROOT, 'out/types/lib/index.d.ts');

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
  const fresh = (file: string): boolean => existsSync(file) && statSync(file).mtimeMs >= sources;
  if (!fresh(BUNDLE)) build('electron-vite', ['build']);
  if (!fresh(TYPES)) build('tsc', ['-p', 'tsconfig.lib.json']);
}

function build(tool: string, args: readonly string[]): void {
  const built = spawnSync(join(ROOT, 'node_modules/.bin', tool), args, { cwd: ROOT, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`${tool} ${args.join(' ')} (npm run build) failed (exit ${built.status}):\n${built.stderr}${built.stdout}`);
}

/** Type-checks `files` in `dir` as a user's project would (ES modules, NodeNext resolution, strict),
 *  against the declarations package.json "exports" points at; returns tsc's output, empty when clean. */
export function typeCheck(dir: string, files: readonly string[]): string {
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module', private: true }));
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: {
      module: 'nodenext', moduleResolution: 'nodenext', target: 'es2023', strict: true, noEmit: true,
      allowImportingTsExtensions: true, types: ['node'], typeRoots: [join(ROOT, 'node_modules/@types')],
    },
    files,
  }));
  const r = spawnSync(join(ROOT, 'node_modules/.bin/tsc'), ['-p', dir], { cwd: dir, encoding: 'utf8' });
  return r.status === 0 ? '' : `${r.stdout}${r.stderr}`;
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
