// Runs spark_reference.py once for all cases, in the suite's shared Spark (shared-spark.ts), and
// reads its results.

import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StageSpec } from './cases.ts';
import { runInSharedSpark } from './shared-spark.ts';

export interface SparkCase {
  readonly name: string;
  readonly input: { readonly path: string; readonly format: 'parquet' | 'csv' };
  /** Stages to fit (or build); in mode 'load', saved folders ({ path }) to load, or transformers. */
  readonly stages: readonly (StageSpec | { readonly path: string })[];
  readonly idCol: string;
  /** 'load': apply the stages as loaded (spark_reference.py run_load_case), fitting nothing. */
  readonly mode?: 'load';
  /** mode 'load': apply the loaded stages as one PipelineModel. */
  readonly asPipeline?: boolean;
  /** Save every fitted stage to saveDir/I and the PipelineModel to saveDir/pipeline. */
  readonly saveDir?: string;
}

export interface SparkModel { readonly kind: string; readonly [key: string]: unknown }

export interface SparkResult {
  readonly name: string;
  readonly models?: SparkModel[];
  readonly columns?: string[];
  readonly rows?: unknown[][];
  readonly metric?: { metric: string; value: number | string | null };
  readonly error?: string;
}

const SCRIPT = join(import.meta.dirname, 'spark_reference.py');
const PYTHON = process.env['PYTHON'] ?? 'python3';

/** Throws the install instruction when pyspark (or Java) is missing: never a skip. */
export function requirePyspark(): void {
  const probe = spawnSync(PYTHON, ['-c', 'import pyspark, pyspark.ml.feature; print(pyspark.__version__)'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    throw new Error(`pyspark is not importable by ${PYTHON} (${(probe.stderr || String(probe.error ?? '')).trim().split('\n').at(-1)}): run pip install -r test/spark/requirements.txt`);
  }
  const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (java.status !== 0) throw new Error('java is not installed (Spark needs Java 17+): apt-get install openjdk-17-jre-headless');
}

/** Runs every case in one Spark session; rejects with the script's traceback if it fails. */
export async function runSpark(dir: string, cases: readonly SparkCase[]): Promise<SparkResult[]> {
  const casesFile = join(dir, 'spark-cases.json');
  const resultsFile = join(dir, 'spark-results.json');
  writeFileSync(casesFile, JSON.stringify(cases));
  await runInSharedSpark(SCRIPT, [casesFile, resultsFile]);
  return JSON.parse(readFileSync(resultsFile, 'utf8')) as SparkResult[];
}
