// Runs one of the suite's Python writers (spark_writer.py, pyarrow_writer.py) once for all its
// files: the spec goes in as JSON, each file's path or the writer's error comes back by name.

import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type Written = Map<string, { path?: string; error?: string }>;

export function runPythonWriter(python: string, script: string, dir: string, spec: object): Promise<Written> {
  const specFile = join(dir, 'spec.json');
  const resultFile = join(dir, 'result.json');
  writeFileSync(specFile, JSON.stringify({ dir, ...spec }));
  return new Promise((resolve, reject) => {
    const child = spawn(python, [join(import.meta.dirname, script), specFile, resultFile], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr = (stderr + d.toString()).slice(-20_000); });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) { reject(new Error(`${script} exited ${code}:\n${stderr}`)); return; }
      const results = JSON.parse(readFileSync(resultFile, 'utf8')) as { name: string; path?: string; error?: string }[];
      resolve(new Map(results.map((r) => [r.name, r])));
    });
  });
}
