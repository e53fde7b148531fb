// nodejs-polars is installed when the benchmark first needs it, not as a dev dependency: its
// package names optional builds for other platforms that were never published, and `npm ci`
// refuses a lock file that lacks them. So `npm ci` stays clean and the bench brings its own peer.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const POLARS = ['nodejs-polars@0.26.1', 'nodejs-polars-linux-x64-gnu@0.26.1'];

function installed(): boolean {
  const modules = new URL('../../node_modules/', import.meta.url);
  return ['nodejs-polars', 'nodejs-polars-linux-x64-gnu'].every((name) => existsSync(new URL(`${name}/package.json`, modules)));
}

/** Installs nodejs-polars (without touching package.json or the lock file) unless present. */
export function ensurePolars(): void {
  if (installed()) return;
  console.log(`installing ${POLARS.join(' ')} for the Polars side (not saved to package.json) ...`);
  const r = spawnSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', ...POLARS], { stdio: 'inherit' });
  if (r.status !== 0 || !installed()) {
    throw new Error('could not install nodejs-polars; run the bench with --engines duckdb,tributary to leave Polars out');
  }
}
