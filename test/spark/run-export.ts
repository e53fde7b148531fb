// Runs exported PySpark scripts through export_runner.py in the suite's shared Spark
// (shared-spark.ts): one SparkSession for all of them. Rejects with the runner's traceback when the
// runner itself fails.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInSharedSpark } from './shared-spark.ts';

export interface ExportJob { readonly name: string; readonly script: string }
export interface ExportJobResult { readonly name: string; readonly seconds: number; readonly error?: string }

const RUNNER = join(import.meta.dirname, 'export_runner.py');

export async function runExportedScripts(dir: string, jobs: readonly ExportJob[]): Promise<ExportJobResult[]> {
  const jobsFile = join(dir, 'export-jobs.json');
  const resultsFile = join(dir, 'export-results.json');
  writeFileSync(jobsFile, JSON.stringify(jobs));
  await runInSharedSpark(RUNNER, [jobsFile, resultsFile]);
  return JSON.parse(readFileSync(resultsFile, 'utf8')) as ExportJobResult[];
}
