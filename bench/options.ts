// Command-line options of `npm run bench -- ...`.

import { isSizeLabel, SIZES, type SizeLabel } from './sizes.ts';
import { ENGINES, type EngineName } from './results.ts';
import { WORKLOADS } from './workloads/index.ts';

export const LATENCY_ID = 'L10k';
/** The speed suite's preview latency case (speed/preview-latency.ts). */
export const PREVIEW_ID = 'preview';

export interface BenchOptions {
  readonly runs: number;
  /** Workload ids to run (W1, W2, W4, W5, W6, W7, W7off, W8, L10k). */
  readonly only: readonly string[];
  /** When absent, each workload runs at its default sizes. */
  readonly sizes?: readonly SizeLabel[];
  readonly engines: readonly EngineName[];
  readonly timeoutSec: number;
  /** Repetitions of the warm 10k-row run inside one Engine. */
  readonly warmReps: number;
  /** Tributary's command line as shipped (out/main/cli.js, built first) or its TypeScript source (main/cli.ts). */
  readonly tributaryBuild: 'bundled' | 'source';
}

export const USAGE = `npm run bench -- [--runs N] [--only W1,W2,W5,W4,W6,W8,W7,W7off,L10k] [--sizes 1M,10M,30M]
                 [--engines duckdb,polars,spark,tributary] [--timeout SECONDS] [--warm-reps N] [--from-source]
npm run bench -- --suite speed [--only W1,W2,W5,W6] [--sizes 10M] [--runs N] [--engines ...]
npm run bench -- --suite scale [--rows 100M] [--budgets 256MB,1GB] [--only CASES] [--timeout SECONDS]
  Defaults: 3 runs; every workload; W1 and W2 at 1M,10M,30M, W6 at 10M,30M, the others at 10M; every
  engine (Spark only when pyspark and java are installed, on W1, W2, W5, W6); 600 s per child process;
  20 warm repetitions. --sizes runs every chosen workload at those sizes.
  Tributary runs as users run it: node out/main/cli.js run FILE --json (built first by npm run build);
  --from-source runs node main/cli.ts instead.`;

function list(value: string | undefined, flag: string): string[] {
  if (!value || value.startsWith('--')) throw new Error(`${flag} needs a comma-separated list\n${USAGE}`);
  return value.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
}

function positive(value: string | undefined, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} needs a positive whole number, got '${value}'\n${USAGE}`);
  return n;
}

export function parseOptions(argv: readonly string[]): BenchOptions {
  const ids = [...WORKLOADS.map((w) => w.id), LATENCY_ID, PREVIEW_ID];
  let runs = 3;
  let only = ids;
  let sizes: SizeLabel[] | undefined;
  let engines: EngineName[] = [...ENGINES];
  let timeoutSec = 600;
  let warmReps = 20;
  let tributaryBuild: BenchOptions['tributaryBuild'] = 'bundled';
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    if (flag === '--from-source') {
      tributaryBuild = 'source';
      continue;
    }
    const value = argv[i + 1];
    i++;
    switch (flag) {
      case '--runs': runs = positive(value, flag); break;
      case '--timeout': timeoutSec = positive(value, flag); break;
      case '--warm-reps': warmReps = positive(value, flag); break;
      case '--only': {
        only = list(value, flag).map((id) => ids.find((k) => k.toLowerCase() === id.toLowerCase()) ?? id);
        const unknown = only.filter((id) => !ids.includes(id));
        if (unknown.length > 0) throw new Error(`--only: unknown workload ${unknown.join(', ')}; expected ${ids.join(', ')}`);
        break;
      }
      case '--sizes': {
        const labels = list(value, flag);
        const unknown = labels.filter((s) => !isSizeLabel(s));
        if (unknown.length > 0) throw new Error(`--sizes: unknown size ${unknown.join(', ')}; expected 1M, 10M, 30M`);
        sizes = labels.filter(isSizeLabel).sort((a, b) => SIZES[a] - SIZES[b]);
        break;
      }
      case '--engines': {
        const names = list(value, flag);
        const unknown = names.filter((e) => !(ENGINES as readonly string[]).includes(e));
        if (unknown.length > 0) throw new Error(`--engines: unknown engine ${unknown.join(', ')}; expected ${ENGINES.join(', ')}`);
        engines = ENGINES.filter((e) => names.includes(e));
        break;
      }
      default:
        throw new Error(`unknown option '${flag}'\n${USAGE}`);
    }
  }
  return { runs, only, sizes, engines, timeoutSec, warmReps, tributaryBuild };
}
