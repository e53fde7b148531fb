// The studio's Spark master and status over a real data folder: the master from the studio's
// settings, else SPARK_MASTER, else local[*]; a bad master URL refused with what one looks like;
// and, with no pyspark for PYTHON, the status and a studio run on Spark refused with the install
// hint (PYTHON is read at each probe).

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { StudioService } from '../studio-service.ts';
import { checkMaster, sparkMaster } from './spark-settings.ts';

const root = mkdtempSync(path.join(os.tmpdir(), 'tributary-spark-settings-'));
const savedPython = process.env['PYTHON'];
afterAll(() => {
  if (savedPython === undefined) delete process.env['PYTHON'];
  else process.env['PYTHON'] = savedPython;
  rmSync(root, { recursive: true, force: true });
});

describe('Spark settings', () => {
  it('takes the master from the settings, else SPARK_MASTER, else local[*]', async () => {
    const dataDir = path.join(root, 'data');
    expect(await sparkMaster(dataDir, {})).toEqual({ master: 'local[*]', masterFrom: 'default' });
    expect(await sparkMaster(dataDir, { SPARK_MASTER: 'spark://head:7077' })).toEqual({ master: 'spark://head:7077', masterFrom: 'environment' });
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(path.join(dataDir, 'spark.json'), JSON.stringify({ master: 'local[3]' }));
    expect(await sparkMaster(dataDir, { SPARK_MASTER: 'spark://head:7077' })).toEqual({ master: 'local[3]', masterFrom: 'settings' });
    // A hand-edited file with something that is no master URL is ignored, not passed to Spark.
    writeFileSync(path.join(dataDir, 'spark.json'), JSON.stringify({ master: 'local[3]; rm -rf /' }));
    expect(await sparkMaster(dataDir, {})).toEqual({ master: 'local[*]', masterFrom: 'default' });
  });

  it('accepts master URLs and refuses anything else with what one looks like', () => {
    for (const m of ['local', 'local[*]', 'local[4]', 'local[4, 2]', 'spark://head:7077', 'spark://a:7077,b:7077', 'yarn', 'k8s://https://api:6443']) {
      expect(checkMaster(` ${m} `)).toBe(m);
    }
    for (const m of ['local[', 'local[0]', 'spark://', 'http://head', '--conf x=y', '']) {
      expect(() => checkMaster(m)).toThrow(`'${m}' is not a Spark master URL: use local[*], local[N], spark://HOST:7077, yarn or k8s://https://HOST:PORT`);
    }
  });

  it('without pyspark: the status says how to install it, a studio run on Spark is refused with it, a local one still runs', async () => {
    process.env['PYTHON'] = path.join(root, 'no-such-python');
    const workspace = path.join(root, 'ws');
    const service = new StudioService({ workspace, dataDir: path.join(workspace, '.tributary'), mode: 'browser', threads: 1 });
    try {
      const status = await service.call('spark.status', {});
      expect(status).toMatchObject({ available: false, master: expect.any(String) as unknown });
      expect(status.reason).toMatch(/^pyspark is not installed for .*no-such-python: install it with pip install .*pyspark/);
      await expect(service.call('spark.setMaster', { master: 'nowhere' })).rejects.toThrow("'nowhere' is not a Spark master URL");
      expect((await service.call('spark.setMaster', { master: 'local[2]' })).master).toBe('local[2]');
      expect(JSON.parse(readFileSync(path.join(workspace, '.tributary', 'spark.json'), 'utf8'))).toEqual({ master: 'local[2]' });
      const document = {
        version: 1 as const, name: 'tiny',
        nodes: [{ id: 'users', kind: 'source.sample', params: { dataset: 'users', rows: 10 } }, { id: 'save', kind: 'sink.csv', params: { path: 'out/t.csv' } }],
        edges: [{ from: 'users', to: 'save' }],
      };
      await expect(service.call('run.start', { document, target: 'spark' })).rejects.toThrow(/^cannot run on Spark: pyspark is not installed/);
      expect(await service.call('history.list', {})).toEqual([]);
      const { runId } = await service.call('run.start', { document });
      expect(runId).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      await service.close();
    }
  });
});
