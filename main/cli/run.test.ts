import { afterAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const cli = new URL('../cli.ts', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'tributary-cli-'));
const file = join(dir, 'revenue.json');
copyFileSync(new URL('../../assets/examples/revenue-by-country.json', import.meta.url), file);
const mlFile = join(dir, 'house-prices.json');
copyFileSync(new URL('../../assets/examples/house-prices.json', import.meta.url), mlFile);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tributary run / preview', () => {
  it('run --json prints the RunResult with stage summaries and writes the sink', async () => {
    const { stdout } = await run(process.execPath, [cli, 'run', file, '--json', '--partitions', '2']);
    const result = JSON.parse(stdout) as { status: string; nodes: { nodeId: string; rows: number }[]; stages: unknown[]; outputs: { path: string }[] };
    expect(result.status).toBe('COMPLETED');
    expect(result.stages.length).toBeGreaterThan(2);
    expect(result.nodes.find((n) => n.nodeId === 'ranked')!.rows).toBeGreaterThan(5);
    expect(existsSync(join(dir, 'output', 'revenue-by-country.parquet'))).toBe(true);
  });

  it('run without a terminal prints plain lines and the summary', async () => {
    const { stdout } = await run(process.execPath, [cli, 'run', file, '--partitions', '1']);
    expect(stdout).toMatch(/^node ranked: \d+ rows \(1\/1 partitions\)$/m);
    expect(stdout).toContain('rows per node:');
    expect(stdout).toContain('time per stage:');
    expect(stdout).not.toContain('\x1b[');
  });

  it('preview prints a node as CSV, limited', async () => {
    const { stdout } = await run(process.execPath, [cli, 'preview', file, '--node', 'users', '--limit', '3', '--format', 'csv']);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toBe('user_id,name,country,signup_date,age');
    expect(lines).toHaveLength(4);
  });

  it('run of the ML example prints the fitted models in its summary and in --json', async () => {
    const { stdout } = await run(process.execPath, [cli, 'run', mlFile, '--partitions', '2']);
    expect(stdout).toContain('COMPLETED');
    const section = stdout.slice(stdout.indexOf('fitted models:'));
    expect(section).toMatch(/^ {2}price_model \(model\.linearRegression\): coefficients \[[-\d.e+]+(, [-\d.e+]+){3}\], intercept [-\d.e+]+/m);
    expect(section).toMatch(/^ {2}rmse \(model\.evaluate\): metric rmse, value \d+(\.\d+)?$/m);
    expect(section).toMatch(/^ {2}r2 \(model\.evaluate\): metric r2, value 0\.9\d+$/m);
    const json = JSON.parse((await run(process.execPath, [cli, 'run', mlFile, '--json'])).stdout) as
      { status: string; models: Record<string, { kind: string; summary: Record<string, unknown> }> };
    expect(json.status).toBe('COMPLETED');
    expect(Object.keys(json.models).sort()).toEqual(['price_model', 'r2', 'rmse']);
    expect(json.models['rmse']!.summary['metric']).toBe('rmse');
    expect(existsSync(join(dir, 'output', 'house-prices-metrics.csv'))).toBe(true);
  });

  it('preview of an ML node prints its rows with the stage output columns', async () => {
    const { stdout } = await run(process.execPath, [cli, 'preview', mlFile, '--node', 'price_model', '--limit', '2', '--format', 'csv']);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toBe('house_id,sqft,bedrooms,bathrooms,age,neighborhood,price,features,prediction');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/,"\[[\d.]+, [\d.]+, [\d.]+, [\d.]+\]",\d+(\.\d+)?$/);
  });

  it('explains bad arguments with exit code 2', async () => {
    await expect(run(process.execPath, [cli, 'preview', file, '--limit', '3'])).rejects.toMatchObject({ code: 2 });
    await expect(run(process.execPath, [cli, 'run', file, '--partitions', 'zero'])).rejects.toMatchObject({ code: 2 });
  });

  it('run --memory 1MB --json reports the bytes spilled per stage and per node; without it nothing spills', async () => {
    const byEvent = join(dir, 'by-event.json');
    writeFileSync(byEvent, JSON.stringify({
      version: 1, name: 'by-event', settings: { partitions: 2 },
      nodes: [
        { id: 'events', kind: 'source.sample', params: { dataset: 'events', rows: 100000 } },
        { id: 'by_event', kind: 'transform.aggregate', params: { groupBy: ['event_id'], aggregations: [{ fn: 'count', as: 'n' }] } },
        { id: 'save', kind: 'sink.csv', params: { path: 'out/by-event.csv' } },
      ],
      edges: [{ from: 'events', to: 'by_event' }, { from: 'by_event', to: 'save' }],
    }));
    type Result = { status: string; stages: { spilledBytes?: number; spilledByNode?: Record<string, number> }[]; nodes: { nodeId: string; spilledBytes?: number }[] };
    const tight = JSON.parse((await run(process.execPath, [cli, 'run', byEvent, '--json', '--memory', '1MB'])).stdout) as Result;
    expect(tight.status).toBe('COMPLETED');
    const stageBytes = tight.stages.reduce((n, st) => n + (st.spilledBytes ?? 0), 0);
    expect(stageBytes).toBeGreaterThan(0);
    expect(tight.nodes.reduce((n, x) => n + (x.spilledBytes ?? 0), 0)).toBe(stageBytes);
    expect(tight.nodes.find((x) => x.nodeId === 'by_event')?.spilledBytes).toBeGreaterThan(0);
    const roomy = JSON.parse((await run(process.execPath, [cli, 'run', byEvent, '--json'])).stdout) as Result;
    expect(roomy.stages.every((st) => st.spilledBytes === undefined)).toBe(true);
  });

  it('refuses a bad --memory, naming the flag and an example, before running anything', async () => {
    for (const args of [['run', file, '--memory', 'lots'], ['preview', file, '--node', 'revenue', '--memory', '12XB'], ['run', file, '--memory']]) {
      const failed = await run(process.execPath, [cli, ...args]).then(() => undefined, (e: { code: number; stderr: string }) => e);
      expect(failed?.code).toBe(2);
      expect(failed?.stderr).toMatch(/--memory expects a size such as 256MB, 1GB or 512M, got '/);
    }
  });
});
