// Runs one of the suite's Python writers (pyarrow_writer.py, nan_writer.py as a process of its own;
// spark_writer.py in the suite's shared Spark) once for all its files: the spec goes in as JSON,
// each file's path or the writer's error comes back by name.

import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInSharedSpark } from '../spark/shared-spark.ts';

export type Written = Map<string, { path?: string; error?: string }>;

function writeSpec(dir: string, spec: object): { specFile: string; resultFile: string } {
  const specFile = join(dir, 'spec.json');
  writeFileSync(specFile, JSON.stringify({ dir, ...spec }));
  return { specFile, resultFile: join(dir, 'result.json') };
}

function readWritten(resultFile: string): Written {
  const results = JSON.parse(readFileSync(resultFile, 'utf8')) as { name: string; path?: string; error?: string }[];
  return new Map(results.map((r) => [r.name, r]));
}

export function runPythonWriter(python: string, script: string, dir: string, spec: object): Promise<Written> {
  const { specFile, resultFile } = writeSpec(dir, spec);
  return new Promise((resolve, reject) => {
    const child = spawn(python, [join(import.meta.dirname, script), specFile, resultFile], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr = (stderr + d.toString()).slice(-20_000); });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) { reject(new Error(`${script} exited ${code}:\n${stderr}`)); return; }
      resolve(readWritten(resultFile));
    });
  });
}

/** spark_writer.py's files, written by the suite's shared Spark (test/spark/shared-spark.ts). */
export async function runSparkWriter(dir: string, spec: object): Promise<Written> {
  const { specFile, resultFile } = writeSpec(dir, spec);
  await runInSharedSpark(join(import.meta.dirname, 'spark_writer.py'), [specFile, resultFile]);
  return readWritten(resultFile);
}
