// Command-line options of `npm run bench -- --suite scale ...`.

import { parseMemoryMB, parseRows } from '../units.ts';
import { SCALE_CASES } from './cases.ts';

export const SCALE_ENGINES = ['duckdb', 'tributary'] as const;
export type ScaleEngine = (typeof SCALE_ENGINES)[number];

export interface ScaleOptions {
  readonly rows: number;
  readonly budgetsMB: readonly number[];
  readonly cases: readonly string[];
  readonly engines: readonly ScaleEngine[];
  /** Wall-clock cap of one case on one engine, in seconds: past it the process tree is killed. */
  readonly timeoutSec: number;
  readonly tributaryBuild: 'bundled' | 'source';
}

export const SCALE_USAGE = `npm run bench -- --suite scale [--rows 100M] [--budgets 256MB,1GB]
                 [--only ${SCALE_CASES.map((c) => c.id).join(',')}] [--engines duckdb,tributary] [--timeout SECONDS] [--from-source]
  Defaults: 100M rows of events (generated once into bench/data/, about 1.8 GB), budgets 256MB and 1GB,
  every case, both engines, 1800 s per case and engine.`;

export function parseScaleOptions(argv: readonly string[]): ScaleOptions {
  let rows = 100_000_000;
  let budgetsMB = [256, 1024];
  let cases = SCALE_CASES.map((c) => c.id);
  let engines: ScaleEngine[] = [...SCALE_ENGINES];
  let timeoutSec = 1800;
  let tributaryBuild: ScaleOptions['tributaryBuild'] = 'bundled';
  const list = (value: string | undefined, flag: string): string[] => {
    if (!value || value.startsWith('--')) throw new Error(`${flag} needs a comma-separated list\n${SCALE_USAGE}`);
    return value.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    if (flag === '--from-source') {
      tributaryBuild = 'source';
      continue;
    }
    const value = argv[++i];
    switch (flag) {
      case '--rows': rows = parseRows(value ?? ''); break;
      case '--budgets': budgetsMB = list(value, flag).map(parseMemoryMB); break;
      case '--timeout': {
        timeoutSec = Number(value);
        if (!Number.isInteger(timeoutSec) || timeoutSec < 1) throw new Error(`--timeout needs whole seconds, got '${value}'`);
        break;
      }
      case '--only': {
        cases = list(value, flag);
        const unknown = cases.filter((c) => !SCALE_CASES.some((s) => s.id === c));
        if (unknown.length > 0) throw new Error(`--only: unknown scale case ${unknown.join(', ')}; expected ${SCALE_CASES.map((c) => c.id).join(', ')}`);
        break;
      }
      case '--engines': {
        const names = list(value, flag);
        const unknown = names.filter((e) => !(SCALE_ENGINES as readonly string[]).includes(e));
        if (unknown.length > 0) throw new Error(`--engines: the scale suite runs ${SCALE_ENGINES.join(', ')}; unknown ${unknown.join(', ')}`);
        engines = SCALE_ENGINES.filter((e) => names.includes(e));
        break;
      }
      default:
        throw new Error(`unknown option '${flag}'\n${SCALE_USAGE}`);
    }
  }
  return { rows, budgetsMB, cases, engines, timeoutSec, tributaryBuild };
}
