// Runs exported PySpark scripts through export_runner.py: one Python process, one SparkSession (one
// JVM start) for all of them. Rejects with the runner's stderr when the process itself fails.

import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ExportJob { readonly name: string; readonly script: string }
export interface ExportJobResult { readonly name: string; readonly seconds: number; readonly error?: string }

const RUNNER = join(import.meta.dirname, 'export_runner.py');
const PYTHON = process.env['PYTHON'] ?? 'python3';

export function runExportedScripts(dir: string, jobs: readonly ExportJob[]): Promise<ExportJobResult[]> {
  const jobsFile = join(dir, 'export-jobs.json');
  const resultsFile = join(dir, 'export-results.json');
  writeFileSync(jobsFile, JSON.stringify(jobs));
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, [RUNNER, jobsFile, resultsFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr = (stderr + d.toString()).slice(-20_000); });
    child.stdout.on('data', () => {});
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) { reject(new Error(`export_runner.py exited ${code}:\n${stderr}`)); return; }
      resolve(JSON.parse(readFileSync(resultsFile, 'utf8')) as ExportJobResult[]);
    });
  });
}
