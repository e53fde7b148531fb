// A master URL that spark-submit would refuse is answered before anything starts.

import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunEvent } from '../../../engine/exec/events.ts';
import { runOnSpark } from './run-on-spark.ts';
import { masterProblem } from './spark-errors.ts';
import { checkMaster } from './spark-settings.ts';

describe('masterProblem', () => {
  it('takes what spark-submit takes', () => {
    for (const m of ['local', 'local[*]', 'local[4]', 'local[2, 3]', 'local-cluster[2,1,1024]', 'spark://h:7077',
      'spark://a:7077,b:7077', 'yarn', ' yarn ', 'k8s://https://h:6443']) {
      expect(masterProblem(m), m).toBeUndefined();
    }
  });

  it('takes every master the studio stores, and neither takes a Mesos one (Spark 4 has none)', () => {
    for (const m of ['local', 'local[*]', 'local[8]', 'local[2,3]', 'spark://h:7077', 'spark://a:7077,b:7077', 'yarn', 'k8s://https://h:6443']) {
      expect(checkMaster(m)).toBe(m);
      expect(masterProblem(m), m).toBeUndefined();
    }
    expect(() => checkMaster('mesos://h:5050')).toThrow(/is not a Spark master URL/);
    expect(masterProblem('mesos://h:5050')).toMatch(/is not valid/);
  });

  it('refuses the rest with the forms it takes', () => {
    for (const m of ['nowhere://x', 'locl[2]', 'local[two]', 'local[2', 'spark://', 'k8s:/h', 'yarn-cluster', '']) {
      expect(masterProblem(m), m).toBe(`the Spark master URL '${m}' is not valid: use local[*], local[N], spark://HOST:7077, yarn or k8s://https://HOST:PORT (--master or SPARK_MASTER)`);
    }
  });
});

describe('runOnSpark with a master spark-submit refuses', () => {
  it('fails at once, before it looks for Python or Java', async () => {
    // With no Python to find, any later check would answer "pyspark is not installed" instead.
    const saved = process.env['PYTHON'];
    const dir = mkdtempSync(join(tmpdir(), 'tributary-master-'));
    process.env['PYTHON'] = join(dir, 'no-such-python');
    try {
      const events: RunEvent[] = [];
      const doc = { version: 1 as const, name: 'x', nodes: [], edges: [] };
      const result = await runOnSpark(doc, { baseDir: dir, master: 'nowhere://x', onEvent: (e) => events.push(e) });
      expect(result.status).toBe('FAILED');
      expect(result.error?.message).toMatch(/^the Spark master URL 'nowhere:\/\/x' is not valid: use local\[\*\]/);
      expect(events.map((e) => e.type)).toEqual(['run.started', 'run.finished']);
    } finally {
      if (saved === undefined) delete process.env['PYTHON'];
      else process.env['PYTHON'] = saved;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
